/**
 * Opening a root-task exception: check the account and the target, show what will change (the policy
 * that will be removed), then - once confirmed - record the exception, journal each call and verify.
 * The unlock tasks save the policy text in the journal and in the exception record BEFORE removing it.
 */
import { classifyFailure } from '../audit/failure.js';
import { RetryBudget, withRetry, type FailureKind, type RetryPolicy } from '../concurrency/retry.js';
import { RootctlError, type ErrorCode } from '../errors.js';
import { defaultAccountDeadlineMs } from '../audit/pipeline.js';
import {
  errorParts,
  failureMessage,
  journaledStep,
  type AccountRunContext,
} from '../execute/account-runner.js';
import { diagnoseFailure } from '../execute/diagnose.js';
import type { ApplyEvent, JournalAction, JournalPort } from '../execute/types.js';
import type { AccountId } from '../model/account-id.js';
import type { TaskAlias, TaskPolicyName } from '../model/task-policies.js';
import { refuseExplicitTargets } from '../plan/targets.js';
import type { IdentityPort, OrganizationsReader, RootSessionOpener } from '../ports.js';
import type { ExceptionStorePort } from './ports.js';
import { EXCEPTION_TASK_STEPS, type TaskCalls, type TargetState } from './task-steps.js';
import {
  checkReason,
  checkTtl,
  exceptionTarget,
  expiryOf,
  parseExceptionTask,
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
  /** The adapters' request timeout: the default deadline is derived from it (as the audit's). */
  requestTimeoutMs?: number | undefined;
}

export interface OpenExceptionRequest {
  accountId: AccountId;
  /** The task; the older spellings `unlock-s3` and `unlock-sqs` are read as the task names. */
  task: ExceptionTask | TaskAlias;
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
  retry?: { policy?: RetryPolicy; sleep?: (ms: number) => Promise<void>; now?: () => number } | undefined;
  /**
   * How long the exception's calls are retried, from its preview (or its opening) on: no retry that
   * would end past it, as for an account of remediate (default 30 s, or two request timeouts).
   */
  accountDeadlineMs?: number | undefined;
}

/** The retry clock and the deadline of a preview or an opening starting now. */
function deadlineOf(ports: Pick<ExceptionPorts, 'requestTimeoutMs'>, options: ExceptionRunOptions) {
  const now = options.retry?.now ?? (() => performance.now());
  const ms = options.accountDeadlineMs ?? defaultAccountDeadlineMs(ports.requestTimeoutMs);
  return { now, deadline: now() + ms };
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
  ports: Pick<ExceptionPorts, 'classify' | 'requestTimeoutMs'>,
  options: ExceptionRunOptions,
  budget: RetryBudget,
) {
  const { now, deadline } = deadlineOf(ports, options);
  return <T>(fn: () => Promise<T>): Promise<T> =>
    withRetry(fn, {
      classify: ports.classify ?? classifyFailure,
      budget,
      now,
      deadline,
      ...(options.retry?.policy ? { policy: options.retry.policy } : {}),
      ...(options.retry?.sleep ? { sleep: options.retry.sleep } : {}),
    });
}

/** Refuses an account rootctl may not open an exception in, and a second open exception on the target. */
async function checkAccountAndTarget(
  ports: ExceptionPorts,
  req: OpenExceptionRequest & { task: ExceptionTask },
  target: string,
) {
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
  return account!;
}

/** Validates everything and reads the current state; changes nothing. */
export async function previewException(
  ports: ExceptionPorts,
  req: OpenExceptionRequest,
  options: ExceptionRunOptions = {},
): Promise<ExceptionPreview> {
  const task = parseExceptionTask(req.task);
  const reason = checkReason(req.reason);
  const ttlMs = checkTtl(req.ttlMs);
  const target = exceptionTarget(task, req.accountId, req, req.region);
  const account = await checkAccountAndTarget(ports, { ...req, task }, target);
  const caller = await ports.identity.whoAmI();
  const steps = EXCEPTION_TASK_STEPS[task];
  const taskPolicy = steps.taskPolicy;
  // The same retries as every other call of a run: one fault or throttle is not a reason to give up.
  const retry = retrying(ports, options, options.budget ?? new RetryBudget());
  let state: TargetState;
  try {
    const session = await retry(() => steps.open(ports.opener, req.accountId));
    state = await retry(() => session.read(target));
  } catch (e) {
    const { code, message } = errorParts(e);
    const at = { accountId: req.accountId, taskPolicy };
    const what = `Reading ${target} in ${req.accountId} with ${taskPolicy}`;
    throw await failed(ports, at, what, code, failureMessage(e, message, 'read'));
  }
  if (steps.saveAction !== undefined && state.policy === undefined) {
    throw new RootctlError(
      'NoResourcePolicy',
      `${target} in ${req.accountId} has no resource policy: nothing to unlock, nothing was changed.`,
    );
  }
  return {
    accountId: req.accountId,
    accountName: account.name,
    task,
    taskPolicy,
    target,
    reason,
    ttlMs,
    callerArn: caller.arn,
    currentPolicy: state.policy,
    loginProfileExists: state.loginProfile,
  };
}

/** One exception opening under way: its journal run, its session's steps and how it ends. */
interface Opening {
  p: ExceptionPreview;
  ports: ExceptionPorts;
  runId: string;
  ctx: Pick<AccountRunContext, 'runId' | 'journal' | 'retry' | 'classify' | 'onEvent' | 'deadline'>;
  now: () => Date;
  openedAt: Date;
  expiresAt: string;
  finish(status: 'completed' | 'failed'): Promise<void>;
  fail(what: string, code: string, message: string): Promise<RootctlError>;
}

async function startOpening(
  ports: ExceptionPorts,
  p: ExceptionPreview,
  options: ExceptionRunOptions,
): Promise<Opening> {
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
    // One deadline for the whole opening, as for an account of remediate.
    deadline: deadlineOf(ports, options).deadline,
    classify: ports.classify,
    onEvent: options.onEvent,
  };
  const at = { accountId: p.accountId, taskPolicy: p.taskPolicy };
  return {
    p,
    ports,
    runId,
    ctx,
    now,
    openedAt,
    expiresAt,
    finish: (status) => ports.journal.finishRun(runId, status),
    fail: (what, code, message) => failed(ports, at, what, code, message),
  };
}

/** A journal step of the opening, inside the task's session (or opening it). */
function stepOf(o: Opening, action: JournalAction, targetId: string, extra: object = {}) {
  return { accountId: o.p.accountId, taskPolicy: o.p.taskPolicy, action, targetId, ...extra };
}

async function openSession(o: Opening): Promise<TaskCalls> {
  const { p } = o;
  const opened = await journaledStep(
    o.ctx,
    stepOf(o, 'AssumeRoot', p.taskPolicy),
    () => EXCEPTION_TASK_STEPS[p.task].open(o.ports.opener, p.accountId),
    () => 'done',
    (s) => ({ sessionAccessKeyId: s.accessKeyId }),
  );
  if (opened.ok) return opened.value;
  await o.finish('failed');
  throw await o.fail(`AssumeRoot into ${p.accountId} with ${p.taskPolicy}`, opened.code, opened.message);
}

/** Unlock tasks: reads the policy and journals it before anything removes it. */
async function savePolicy(o: Opening, session: TaskCalls): Promise<string | undefined> {
  const { p } = o;
  const action = EXCEPTION_TASK_STEPS[p.task].saveAction;
  if (action === undefined) return undefined;
  const got = await journaledStep(
    o.ctx,
    stepOf(o, action, p.target, { sessionAccessKeyId: session.accessKeyId }),
    () => session.read(p.target).then((s) => s.policy),
    () => 'done',
    (policy) => ({ detail: { policy: policy ?? null } }),
  );
  if (!got.ok) {
    await o.finish('failed');
    throw await o.fail(`Reading the policy of ${p.target}`, got.code, got.message);
  }
  if (got.value === undefined) {
    await o.finish('failed');
    throw new RootctlError(
      'NoResourcePolicy',
      `${p.target} in ${p.accountId} has no resource policy any more: nothing to unlock, nothing was changed.`,
    );
  }
  return got.value;
}

/**
 * Records the exception before the change: a process killed after this point leaves an open
 * exception, never a silent one. The store refuses (ExceptionAlreadyOpen) if another process opened
 * the same exception meanwhile.
 */
async function recordException(o: Opening, savedPolicy: string | undefined): Promise<number> {
  const { p } = o;
  try {
    return await o.ports.store.insert({
      accountId: p.accountId,
      task: p.task,
      target: p.target,
      reason: p.reason,
      openerArn: p.callerArn,
      openedAt: o.openedAt.toISOString(),
      expiresAt: o.expiresAt,
      savedPolicy: savedPolicy ?? null,
      openRunId: o.runId,
    });
  } catch (e) {
    await o.finish('failed');
    throw e;
  }
}

/** Reads the target back: is the change in effect (login profile present, policy gone)? */
async function readBack(o: Opening, session: TaskCalls) {
  const steps = EXCEPTION_TASK_STEPS[o.p.task];
  const check = await journaledStep(
    o.ctx,
    stepOf(o, 'Verify', o.p.target, { sessionAccessKeyId: session.accessKeyId }),
    () => session.read(o.p.target),
    () => 'done',
    (s) => ({
      detail:
        s.policy === undefined
          ? { loginProfile: s.loginProfile ?? null, policy: null }
          : { policy: s.policy },
    }),
  );
  if (!check.ok) return { known: false as const, code: check.code, message: check.message };
  return { known: true as const, inEffect: steps.inEffect(check.value) };
}

/**
 * The change call failed after its retries, but it may still have gone through (an answer lost on its
 * way back). Reads the account again and records what is true, never a closed exception over a change.
 */
async function settleFailedChange(
  o: Opening,
  session: TaskCalls,
  exceptionId: number,
  change: { code: string; message: string },
): Promise<{ note: string }> {
  const { p } = o;
  const after = await readBack(o, session);
  if (after.known && after.inEffect) {
    await o.finish('completed');
    return {
      note: `the change call failed after retries (${change.code}), but reading back shows it went through`,
    };
  }
  const what = `Opening the ${p.task} exception in ${p.accountId}`;
  if (after.known) {
    const closedAt = o.now().toISOString();
    const note = `opening failed: ${change.code}`;
    await o.ports.store.close([exceptionId], { closedAt, closedBy: p.callerArn, runId: o.runId, note });
    await o.finish('failed');
    throw await o.fail(what, change.code, change.message);
  }
  await o.finish('failed');
  const e = await o.fail(what, change.code, change.message);
  throw new RootctlError(
    e.code,
    `${e.message} Reading it back failed too (${after.code}), so whether the change went through is unknown: exception ${exceptionId} stays open.`,
    {
      hint: `Check ${p.target} in ${p.accountId}; close the exception with \`rootctl exception close --account ${p.accountId} --yes\`.`,
      details: { awsCode: change.code, exceptionId },
    },
  );
}

/** Opens the exception described by a preview: record, journal, change, verify. */
export async function openException(
  ports: ExceptionPorts,
  p: ExceptionPreview,
  options: ExceptionRunOptions = {},
): Promise<OpenedException> {
  const o = await startOpening(ports, p, options);
  const session = await openSession(o);
  const savedPolicy = await savePolicy(o, session);
  const exceptionId = await recordException(o, savedPolicy);
  const steps = EXCEPTION_TASK_STEPS[p.task];
  const change = await journaledStep(
    o.ctx,
    stepOf(o, steps.changeAction, p.target, {
      sessionAccessKeyId: session.accessKeyId,
      ...(savedPolicy === undefined ? {} : { detail: { savedPolicy } }),
    }),
    () => session.change(p.target),
    (changed) => (changed ? 'done' : 'already-gone'),
  );
  const result = (verified: boolean, changed: boolean, note?: string): OpenedException => ({
    exceptionId,
    runId: o.runId,
    accountId: p.accountId,
    task: p.task,
    target: p.target,
    openedAt: o.openedAt.toISOString(),
    expiresAt: o.expiresAt,
    savedPolicy,
    changed,
    verified,
    ...(note === undefined ? {} : { note }),
  });
  if (!change.ok) return result(true, true, (await settleFailedChange(o, session, exceptionId, change)).note);
  const after = await readBack(o, session);
  const verified = after.known && after.inEffect;
  await o.finish(verified ? 'completed' : 'failed');
  return result(verified, change.value);
}
