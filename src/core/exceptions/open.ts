/**
 * Opening a root-task exception: check the account and the target, show what will change (the policy
 * that will be removed), then - once confirmed - record the exception, journal each call and verify.
 * The unlock tasks save the policy text in the journal and in the exception record BEFORE removing it.
 */
import { classifyFailure } from '../audit/failure.js';
import { RetryBudget, withRetry, type FailureKind, type RetryPolicy } from '../concurrency/retry.js';
import { RootctlError, type ErrorCode } from '../errors.js';
import { errorParts, journaledStep } from '../execute/account-runner.js';
import { diagnoseFailure } from '../execute/diagnose.js';
import type { ApplyEvent, JournalPort } from '../execute/types.js';
import type { AccountId } from '../model/account-id.js';
import type { TaskPolicyName } from '../model/task-policies.js';
import { refuseExplicitTargets } from '../plan/targets.js';
import type { IdentityPort, OrganizationsReader, RootSession, RootSessionOpener } from '../ports.js';
import type { ExceptionStorePort } from './ports.js';
import {
  EXCEPTION_TASK_POLICY,
  checkReason,
  checkTtl,
  exceptionTarget,
  expiryOf,
  type ExceptionTask,
} from './rules.js';

export interface ExceptionPorts {
  organizations: OrganizationsReader;
  identity: IdentityPort;
  opener: RootSessionOpener;
  journal: JournalPort;
  store: ExceptionStorePort;
  /** Which failures are retried (the ports' own classification); default: the audit's. */
  classify?: ((e: unknown) => FailureKind) | undefined;
  /** "blocked by SCP p-... (Name) attached to ..." when the account's SCPs deny the task to root sessions. */
  blockerOf?: ((accountId: AccountId, task: TaskPolicyName) => Promise<string | undefined>) | undefined;
}

export interface OpenExceptionRequest {
  accountId: AccountId;
  task: ExceptionTask;
  reason: string;
  ttlMs: number;
  bucket?: string | undefined;
  queueUrl?: string | undefined;
  /** The Region the calls go to (a queue URL must name the same one, if it names any). */
  region?: string | undefined;
}

export interface ExceptionPreview {
  accountId: AccountId;
  accountName: string;
  task: ExceptionTask;
  taskPolicy: TaskPolicyName;
  target: string;
  reason: string;
  ttlMs: number;
  callerArn: string;
  /** Unlock tasks: the resource policy that will be removed. */
  currentPolicy?: string | undefined;
  /** Password recovery: the root user already has a login profile (nothing to create). */
  loginProfileExists?: boolean | undefined;
}

export interface OpenedException {
  /** The exception's id (`rootctl exception list`). */
  exceptionId: number;
  /** The journal run of the change (`rootctl journal <runId>`). */
  runId: string;
  accountId: AccountId;
  /** password-recovery, unlock-s3-bucket-policy or unlock-sqs-queue-policy. */
  task: ExceptionTask;
  /** Bucket name, queue URL, or `root-user`. */
  target: string;
  openedAt: string;
  /** When it becomes overdue: close it before. */
  expiresAt: string;
  /** Unlock tasks: the resource policy as it was before it was removed. */
  savedPolicy: string | undefined;
  /** False when nothing had to change (a login profile already existed). */
  changed: boolean;
  /** True when the change read back as expected; false exits 1. */
  verified: boolean;
  /** Set when the change call failed after its retries but reading back showed it had gone through. */
  note?: string | undefined;
}

export interface ExceptionRunOptions {
  now?: (() => Date) | undefined;
  onEvent?: ((e: ApplyEvent) => void) | undefined;
  budget?: RetryBudget | undefined;
  /** Retries as remediate does them (throttling, 5xx, dropped connections); defaults to its policy. */
  retry?: { policy?: RetryPolicy; sleep?: (ms: number) => Promise<void> } | undefined;
}

/** What to do after a failure an exception can recover from: nothing was changed, so simply again. */
const RERUN = 'run the same `rootctl exception open` again';

const ERROR_FOR: Record<string, ErrorCode> = {
  AccessDenied: 'AccessDenied',
  Throttling: 'Throttled',
  NetworkError: 'NetworkError',
  ExpiredToken: 'ExpiredCredentials',
};

async function failed(
  ports: Pick<ExceptionPorts, 'blockerOf'>,
  at: { accountId: AccountId; taskPolicy: TaskPolicyName },
  what: string,
  code: string,
  message: string,
): Promise<RootctlError> {
  // An AccessDenied under an SCP that denies the task to root sessions names the SCP, as remediate does.
  const blocker = /^(AccessDenied|UnauthorizedOperation)/.test(code)
    ? await Promise.resolve(ports.blockerOf?.(at.accountId, at.taskPolicy)).catch(() => undefined)
    : undefined;
  return new RootctlError(
    ERROR_FOR[code.replace(/Exception$/, '')] ?? 'AwsError',
    `${what} failed: ${diagnoseFailure(code, message, blocker, RERUN)}`,
    { details: { awsCode: code } },
  );
}

function retrying(
  ports: Pick<ExceptionPorts, 'classify'>,
  options: ExceptionRunOptions,
  budget: RetryBudget,
) {
  return <T>(fn: () => Promise<T>): Promise<T> =>
    withRetry(fn, {
      classify: ports.classify ?? classifyFailure,
      budget,
      ...(options.retry?.policy ? { policy: options.retry.policy } : {}),
      ...(options.retry?.sleep ? { sleep: options.retry.sleep } : {}),
    });
}

async function readState(
  session: RootSession,
  task: ExceptionTask,
  target: string,
): Promise<{ policy?: string | undefined; loginProfile?: boolean }> {
  switch (task) {
    case 'password-recovery':
      return { loginProfile: (await session.loginProfile()) !== undefined };
    case 'unlock-s3-bucket-policy':
      return { policy: await session.getBucketPolicy(target) };
    case 'unlock-sqs-queue-policy':
      return { policy: await session.getQueuePolicy(target) };
  }
}

/** Validates everything and reads the current state; changes nothing. */
export async function previewException(
  ports: ExceptionPorts,
  req: OpenExceptionRequest,
  options: ExceptionRunOptions = {},
): Promise<ExceptionPreview> {
  const reason = checkReason(req.reason);
  const ttlMs = checkTtl(req.ttlMs);
  const target = exceptionTarget(req.task, req.accountId, req, req.region);
  const org = await ports.organizations.describeOrganization();
  const account = await ports.organizations.describeAccount(req.accountId);
  refuseExplicitTargets(
    [req.accountId],
    new Map([[req.accountId, account]]),
    org.managementAccountId,
    org.id,
    'open an exception',
  );
  const existing = await ports.store.findOpen(req.accountId, req.task, target);
  if (existing)
    throw new RootctlError(
      'ExceptionAlreadyOpen',
      `A ${req.task} exception is already open for ${req.accountId} (${target}), opened ${existing.openedAt} by ${existing.openerArn}, expiring ${existing.expiresAt}.`,
    );
  const caller = await ports.identity.whoAmI();
  const taskPolicy = EXCEPTION_TASK_POLICY[req.task];
  // The same retries as every other call of a run: one fault or throttle is not a reason to give up.
  const retry = retrying(ports, options, options.budget ?? new RetryBudget());
  let state: Awaited<ReturnType<typeof readState>>;
  try {
    const session = await retry(() => ports.opener.open(req.accountId, taskPolicy));
    state = await retry(() => readState(session, req.task, target));
  } catch (e) {
    const { code, message } = errorParts(e);
    throw await failed(
      ports,
      { accountId: req.accountId, taskPolicy },
      `Reading ${target} in ${req.accountId} with ${taskPolicy}`,
      code,
      message,
    );
  }
  if (req.task !== 'password-recovery' && state.policy === undefined) {
    throw new RootctlError(
      'NoResourcePolicy',
      `${target} in ${req.accountId} has no resource policy: nothing to unlock, nothing was changed.`,
    );
  }
  return {
    accountId: req.accountId,
    accountName: account!.name,
    task: req.task,
    taskPolicy,
    target,
    reason,
    ttlMs,
    callerArn: caller.arn,
    currentPolicy: state.policy,
    loginProfileExists: state.loginProfile,
  };
}

/** Opens the exception described by a preview: record, journal, change, verify. */
export async function openException(
  ports: ExceptionPorts,
  p: ExceptionPreview,
  options: ExceptionRunOptions = {},
): Promise<OpenedException> {
  const now = options.now ?? (() => new Date());
  const openedAt = now();
  const expiresAt = expiryOf(openedAt, p.ttlMs).toISOString();
  const runId = await ports.journal.startRun({
    kind: 'exception-open',
    callerArn: p.callerArn,
    scope: `--account ${p.accountId}`,
    options: { task: p.task, target: p.target, reason: p.reason, ttlMs: p.ttlMs, expiresAt },
    plan: undefined,
  });
  const ctx = {
    runId,
    journal: ports.journal,
    retry: { budget: options.budget ?? new RetryBudget(), ...options.retry },
    classify: ports.classify,
    onEvent: options.onEvent,
  };
  const base = { accountId: p.accountId, taskPolicy: p.taskPolicy };
  const finish = (status: 'completed' | 'failed') => ports.journal.finishRun(runId, status);
  const fail = (what: string, code: string, message: string) => failed(ports, base, what, code, message);

  const opened = await journaledStep(
    ctx,
    { ...base, action: 'AssumeRoot', targetId: p.taskPolicy },
    () => ports.opener.open(p.accountId, p.taskPolicy),
    () => 'done',
    (s) => ({ sessionAccessKeyId: s.accessKeyId }),
  );
  if (!opened.ok) {
    await finish('failed');
    throw await fail(`AssumeRoot into ${p.accountId} with ${p.taskPolicy}`, opened.code, opened.message);
  }
  const session = opened.value;
  const step = { ...base, sessionAccessKeyId: session.accessKeyId };

  let savedPolicy: string | undefined;
  if (p.task !== 'password-recovery') {
    const getAction = p.task === 'unlock-s3-bucket-policy' ? 'GetBucketPolicy' : 'GetQueuePolicy';
    const got = await journaledStep(
      ctx,
      { ...step, action: getAction, targetId: p.target },
      () => readState(session, p.task, p.target).then((s) => s.policy),
      () => 'done',
      (policy) => ({ detail: { policy: policy ?? null } }),
    );
    if (!got.ok) {
      await finish('failed');
      throw await fail(`Reading the policy of ${p.target}`, got.code, got.message);
    }
    if (got.value === undefined) {
      await finish('failed');
      throw new RootctlError(
        'NoResourcePolicy',
        `${p.target} in ${p.accountId} has no resource policy any more: nothing to unlock, nothing was changed.`,
      );
    }
    savedPolicy = got.value;
  }
  // Recorded before the change: a process killed after this point leaves an open exception, never a silent one.
  // The store refuses (ExceptionAlreadyOpen) if another process opened the same exception meanwhile.
  let exceptionId: number;
  try {
    exceptionId = await ports.store.insert({
      accountId: p.accountId,
      task: p.task,
      target: p.target,
      reason: p.reason,
      openerArn: p.callerArn,
      openedAt: openedAt.toISOString(),
      expiresAt,
      savedPolicy: savedPolicy ?? null,
      openRunId: runId,
    });
  } catch (e) {
    await finish('failed');
    throw e;
  }

  const change =
    p.task === 'password-recovery'
      ? await journaledStep(
          ctx,
          { ...step, action: 'CreateLoginProfile', targetId: p.target },
          () => session.allowPasswordRecovery(),
          (created) => (created ? 'done' : 'already-gone'),
        )
      : await journaledStep(
          ctx,
          {
            ...step,
            action: p.task === 'unlock-s3-bucket-policy' ? 'DeleteBucketPolicy' : 'DeleteQueuePolicy',
            targetId: p.target,
            detail: { savedPolicy },
          },
          () =>
            (p.task === 'unlock-s3-bucket-policy'
              ? session.deleteBucketPolicy(p.target)
              : session.deleteQueuePolicy(p.target)
            ).then(() => true),
          () => 'done',
        );
  // Reads the target back: is the change in effect (login profile present, policy gone)?
  const readBack = async () => {
    const check = await journaledStep(
      ctx,
      { ...step, action: 'Verify', targetId: p.target },
      () => readState(session, p.task, p.target),
      () => 'done',
      (s) => ({
        detail:
          s.policy === undefined
            ? { loginProfile: s.loginProfile ?? null, policy: null }
            : { policy: s.policy },
      }),
    );
    if (!check.ok) return { known: false as const, code: check.code, message: check.message };
    const inEffect =
      p.task === 'password-recovery' ? check.value.loginProfile === true : check.value.policy === undefined;
    return { known: true as const, inEffect };
  };
  const result = (verified: boolean, changed: boolean, note?: string): OpenedException => ({
    exceptionId,
    runId,
    accountId: p.accountId,
    task: p.task,
    target: p.target,
    openedAt: openedAt.toISOString(),
    expiresAt,
    savedPolicy,
    changed,
    verified,
    ...(note === undefined ? {} : { note }),
  });

  if (!change.ok) {
    // The retries ran out, but the change may still have gone through (an answer lost on its way
    // back). Read the account again and record what is true, never a closed exception over a change.
    const after = await readBack();
    if (after.known && after.inEffect) {
      await finish('completed');
      return result(
        true,
        true,
        `the change call failed after retries (${change.code}), but reading back shows it went through`,
      );
    }
    if (after.known) {
      await ports.store.close([exceptionId], {
        closedAt: now().toISOString(),
        closedBy: p.callerArn,
        runId,
        note: `opening failed: ${change.code}`,
      });
      await finish('failed');
      throw await fail(`Opening the ${p.task} exception in ${p.accountId}`, change.code, change.message);
    }
    await finish('failed');
    const e = await fail(`Opening the ${p.task} exception in ${p.accountId}`, change.code, change.message);
    throw new RootctlError(
      e.code,
      `${e.message} Reading it back failed too (${after.code}), so whether the change went through is unknown: exception ${exceptionId} stays open.`,
      {
        hint: `Check ${p.target} in ${p.accountId}; close the exception with \`rootctl exception close --account ${p.accountId} --yes\`.`,
        details: { awsCode: change.code, exceptionId },
      },
    );
  }
  const after = await readBack();
  const verified = after.known && after.inEffect;
  await finish(verified ? 'completed' : 'failed');
  return result(verified, change.value);
}
