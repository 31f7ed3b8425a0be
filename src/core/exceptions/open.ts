/**
 * Opening a root-task exception: check the account and the target, show what will change (the policy
 * that will be removed), then - once confirmed - record the exception, journal each call and verify.
 * The unlock tasks save the policy text in the journal and in the exception record BEFORE removing it.
 */
import { RetryBudget } from '../concurrency/retry.js';
import { RootctlError, type ErrorCode } from '../errors.js';
import { journaledStep } from '../execute/account-runner.js';
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
}

export interface OpenExceptionRequest {
  accountId: AccountId;
  task: ExceptionTask;
  reason: string;
  ttlMs: number;
  bucket?: string | undefined;
  queueUrl?: string | undefined;
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
}

export interface ExceptionRunOptions {
  now?: (() => Date) | undefined;
  onEvent?: ((e: ApplyEvent) => void) | undefined;
  budget?: RetryBudget | undefined;
}

const ERROR_FOR: Record<string, ErrorCode> = {
  AccessDenied: 'AccessDenied',
  Throttling: 'Throttled',
  NetworkError: 'NetworkError',
  ExpiredToken: 'ExpiredCredentials',
};

function failed(what: string, code: string, message: string): RootctlError {
  return new RootctlError(
    ERROR_FOR[code.replace(/Exception$/, '')] ?? 'AwsError',
    `${what} failed: ${diagnoseFailure(code, message)}`,
    { details: { awsCode: code } },
  );
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
): Promise<ExceptionPreview> {
  const reason = checkReason(req.reason);
  const ttlMs = checkTtl(req.ttlMs);
  const target = exceptionTarget(req.task, req.accountId, req);
  const org = await ports.organizations.describeOrganization();
  const account = await ports.organizations.describeAccount(req.accountId);
  refuseExplicitTargets(
    [req.accountId],
    new Map([[req.accountId, account]]),
    org.managementAccountId,
    org.id,
  );
  const existing = ports.store.findOpen(req.accountId, req.task, target);
  if (existing)
    throw new RootctlError(
      'ExceptionAlreadyOpen',
      `A ${req.task} exception is already open for ${req.accountId} (${target}), opened ${existing.openedAt} by ${existing.openerArn}, expiring ${existing.expiresAt}.`,
    );
  const caller = await ports.identity.whoAmI();
  const taskPolicy = EXCEPTION_TASK_POLICY[req.task];
  let state: Awaited<ReturnType<typeof readState>>;
  try {
    const session = await ports.opener.open(req.accountId, taskPolicy);
    state = await readState(session, req.task, target);
  } catch (e) {
    const { code, message } = parts(e);
    throw failed(`Reading ${target} in ${req.accountId} with ${taskPolicy}`, code, message);
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

function parts(e: unknown): { code: string; message: string } {
  const x = e as { code?: unknown; message?: unknown };
  return {
    code: typeof x.code === 'string' ? x.code : 'InternalError',
    message: typeof x.message === 'string' ? x.message : String(e),
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
  const runId = ports.journal.startRun({
    kind: 'exception-open',
    callerArn: p.callerArn,
    scope: `--account ${p.accountId}`,
    options: { task: p.task, target: p.target, reason: p.reason, ttlMs: p.ttlMs, expiresAt },
    plan: undefined,
  });
  const ctx = {
    runId,
    journal: ports.journal,
    retry: { budget: options.budget ?? new RetryBudget() },
    onEvent: options.onEvent,
  };
  const base = { accountId: p.accountId, taskPolicy: p.taskPolicy };
  const finish = (status: 'completed' | 'failed') => ports.journal.finishRun(runId, status);

  const opened = await journaledStep(
    ctx,
    { ...base, action: 'AssumeRoot', targetId: p.taskPolicy },
    () => ports.opener.open(p.accountId, p.taskPolicy),
    () => 'done',
    (s) => ({ sessionAccessKeyId: s.accessKeyId }),
  );
  if (!opened.ok) {
    finish('failed');
    throw failed(`AssumeRoot into ${p.accountId} with ${p.taskPolicy}`, opened.code, opened.message);
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
      finish('failed');
      throw failed(`Reading the policy of ${p.target}`, got.code, got.message);
    }
    if (got.value === undefined) {
      finish('failed');
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
    exceptionId = ports.store.insert({
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
    finish('failed');
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
  if (!change.ok) {
    ports.store.close([exceptionId], {
      closedAt: now().toISOString(),
      closedBy: p.callerArn,
      runId,
      note: `opening failed: ${change.code}`,
    });
    finish('failed');
    throw failed(`Opening the ${p.task} exception in ${p.accountId}`, change.code, change.message);
  }
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
  const verified =
    check.ok &&
    (p.task === 'password-recovery' ? check.value.loginProfile === true : check.value.policy === undefined);
  finish(verified ? 'completed' : 'failed');
  return {
    exceptionId,
    runId,
    accountId: p.accountId,
    task: p.task,
    target: p.target,
    openedAt: openedAt.toISOString(),
    expiresAt,
    savedPolicy,
    changed: change.value,
    verified,
  };
}
