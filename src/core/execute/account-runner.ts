/**
 * Runs one account's planned deletions: AssumeRoot with IAMDeleteRootUserCredentials, then each step
 * with its intent journaled before the call and its outcome after. Steps the journal already has as
 * done are skipped (resume); an intent without an outcome is simply run again, which is safe because
 * a repeated delete answers "already gone". The account stops at its first failed step.
 */
import { isAwsCallError } from '../aws-call-error.js';
import { classifyFailure } from '../audit/failure.js';
import { isRootctlError } from '../errors.js';
import type { TaskPolicyName } from '../model/task-policies.js';
import type { DeleteRootSession, RootSessionOpener } from '../ports.js';
import type { AccountPlan, PlannedDeletion } from '../plan/types.js';
import { diagnoseFailure } from './diagnose.js';
import { driftedDeletions, driftMessage } from './stale.js';
import {
  RetryFailure,
  unwrapRetry,
  withRetry,
  type FailureKind,
  type RetryBudget,
  type RetryOptions,
  type RetryPolicy,
} from '../concurrency/retry.js';
import { DEFAULT_ACCOUNT_DEADLINE_MS } from '../audit/pipeline.js';
import type { AdaptiveLimiter } from '../concurrency/adaptive-limiter.js';
import {
  stepKey,
  type AccountResult,
  type ApplyEvent,
  type JournalAction,
  type JournalPort,
} from './types.js';

export const DELETE_TASK = 'IAMDeleteRootUserCredentials' satisfies TaskPolicyName;
/** Re-open the root session when less than this is left of its 15 minutes. */
const SESSION_MARGIN_MS = 60_000;

export interface AccountRunContext {
  runId: string;
  opener: RootSessionOpener;
  journal: JournalPort;
  completed: ReadonlySet<string>;
  /** Steps this run already made a call for (any outcome): not counted as drift when their credential is gone. */
  attempted?: ReadonlySet<string> | undefined;
  retry: {
    budget: RetryBudget;
    policy?: RetryPolicy | undefined;
    sleep?: ((ms: number) => Promise<void>) | undefined;
    random?: (() => number) | undefined;
    /** The clock the deadline is in (tests: a virtual one); default: the limiter's, else performance.now. */
    now?: (() => number) | undefined;
  };
  /**
   * How long one account's calls are retried (default 30 s): no retry is made that would end past
   * this long after the account started, so an endpoint that never answers costs one request
   * timeout per call, not four. The audit's account deadline (core/audit/pipeline.ts).
   */
  accountDeadlineMs?: number | undefined;
  /** This account's (or exception's) deadline in the retry clock's time; set per account by runAccount. */
  deadline?: number | undefined;
  /** Retry classification (the ports' own, e.g. one that looks inside wrapped SDK errors). */
  classify?: ((e: unknown) => FailureKind) | undefined;
  /** Fed with successes and throttles so the number of accounts in flight adapts. */
  limiter?: AdaptiveLimiter | undefined;
  signal?: AbortSignal | undefined;
  blockerOf?:
    ((accountId: AccountPlan['accountId']) => Promise<string | undefined> | string | undefined) | undefined;
  onEvent?: ((e: ApplyEvent) => void) | undefined;
  now: () => Date;
}

/** The audit's classification (throttling, 5xx, dropped connections are retried); a stop request ends retrying. */
export function classifyStepFailure(
  e: unknown,
  signal?: AbortSignal,
  classify: (e: unknown) => FailureKind = classifyFailure,
): FailureKind {
  return signal?.aborted ? 'fatal' : classify(e);
}

export function errorParts(err: unknown): { code: string; message: string } {
  const e = unwrapRetry(err);
  if (isAwsCallError(e)) return { code: e.code, message: e.message };
  if (isRootctlError(e)) return { code: e.code, message: e.message };
  return { code: 'InternalError', message: e instanceof Error ? e.message : String(e) };
}

/** AWS's request id of a failed call (evidence: docs/evidence.md), when a response came back. */
function requestIdOfError(e: unknown): string | undefined {
  const last = unwrapRetry(e);
  return isAwsCallError(last) ? last.requestId : undefined;
}

/** The request id a step's outcome records, when the adapter knew it. */
const withRequestId = (requestId: string | undefined) =>
  requestId === undefined ? {} : { detail: { requestId } };

function deleteCall(session: DeleteRootSession, d: PlannedDeletion): Promise<boolean> {
  switch (d.action) {
    case 'DeactivateMFADevice':
      return session.deactivateMfaDevice(d.targetId);
    case 'DeleteAccessKey':
      return session.deleteAccessKey(d.targetId);
    case 'DeleteSigningCertificate':
      return session.deleteSigningCertificate(d.targetId);
    case 'DeleteLoginProfile':
      return session.deleteLoginProfile();
  }
}

type RetryContext = Pick<AccountRunContext, 'retry' | 'limiter' | 'signal' | 'classify' | 'deadline'>;

/** The retry clock: the caller's, the limiter's, else performance.now. */
export function retryClock(ctx: Pick<AccountRunContext, 'retry' | 'limiter'>): () => number {
  return ctx.retry.now ?? ctx.limiter?.now ?? (() => performance.now());
}

/** The deadline of an account (or exception) starting now: `accountDeadlineMs` from now on the retry clock. */
export function deadlineFrom(
  ctx: Pick<AccountRunContext, 'retry' | 'limiter' | 'accountDeadlineMs'>,
): number {
  return retryClock(ctx)() + (ctx.accountDeadlineMs ?? DEFAULT_ACCOUNT_DEADLINE_MS);
}

/** withRetry's options for a step's call: the run's budget and policy, the account's deadline. */
function retryOptions(ctx: RetryContext): RetryOptions {
  return {
    classify: (e) => classifyStepFailure(e, ctx.signal, ctx.classify),
    budget: ctx.retry.budget,
    now: retryClock(ctx),
    deadline: ctx.deadline,
    ...(ctx.retry.policy ? { policy: ctx.retry.policy } : {}),
    ...(ctx.retry.sleep ? { sleep: ctx.retry.sleep } : {}),
    ...(ctx.retry.random ? { random: ctx.retry.random } : {}),
  };
}

/** A failure's message; one stopped by the deadline says so, naming the operation that hung. */
export function failureMessage(e: unknown, message: string, action: string): string {
  if (!(e instanceof RetryFailure) || e.reason !== 'deadline') return message;
  const operation = isAwsCallError(e.lastError) ? e.lastError.operation : action;
  return `${message} (${operation}, ${e.attempts} attempt${e.attempts === 1 ? '' : 's'}; stopped at the account's deadline)`;
}

/** One journaled call: intent committed, call (with retries), outcome committed. */
export async function journaledStep<T>(
  ctx: RetryContext & Pick<AccountRunContext, 'runId' | 'journal' | 'onEvent'>,
  step: {
    accountId: AccountPlan['accountId'];
    action: JournalAction;
    targetId: string;
    taskPolicy: TaskPolicyName;
    sessionAccessKeyId?: string | undefined;
    detail?: Record<string, unknown> | undefined;
  },
  call: () => Promise<T>,
  outcomeOf: (value: T) => 'done' | 'already-gone',
  recordOf?: (value: T) => { sessionAccessKeyId?: string; detail?: Record<string, unknown> },
): Promise<{ ok: true; value: T } | { ok: false; code: string; message: string; retryable: boolean }> {
  const id = await ctx.journal.recordIntent({ runId: ctx.runId, ...step });
  let attempt = 0;
  const observed = async () => {
    attempt++;
    try {
      return await call();
    } catch (e) {
      if (isAwsCallError(e) && classifyStepFailure(e, ctx.signal, ctx.classify) !== 'fatal')
        ctx.onEvent?.({
          kind: 'retry',
          accountId: step.accountId,
          operation: e.operation,
          code: e.code,
          attempt,
        });
      throw e;
    }
  };
  try {
    const value = await withRetry(observed, {
      ...retryOptions(ctx),
      ...(ctx.limiter ? { onThrottle: (t: number) => ctx.limiter!.throttled(t) } : {}),
    });
    ctx.limiter?.success();
    const outcome = outcomeOf(value);
    await ctx.journal.recordOutcome(id, { outcome, ...(recordOf?.(value) ?? {}) });
    ctx.onEvent?.({
      kind: 'step',
      accountId: step.accountId,
      action: step.action,
      targetId: step.targetId,
      outcome,
    });
    return { ok: true, value };
  } catch (e) {
    const parts = errorParts(e);
    const { code } = parts;
    const message = failureMessage(e, parts.message, step.action);
    if (e instanceof RetryFailure && e.reason === 'budget')
      ctx.onEvent?.({ kind: 'retry-budget-spent', accountId: step.accountId, operation: step.action });
    const requestId = requestIdOfError(e);
    await ctx.journal.recordOutcome(id, {
      outcome: 'failed',
      errorCode: code,
      errorMessage: message,
      ...(requestId === undefined ? {} : { detail: { requestId } }),
    });
    ctx.onEvent?.({
      kind: 'step',
      accountId: step.accountId,
      action: step.action,
      targetId: step.targetId,
      outcome: 'failed',
      errorCode: code,
    });
    const last = unwrapRetry(e);
    return { ok: false, code, message, retryable: (ctx.classify ?? classifyFailure)(last) !== 'fatal' };
  }
}

/** The account's result before any step, with the steps the journal has as done marked done-earlier. */
function initialResult(ctx: AccountRunContext, plan: AccountPlan): AccountResult {
  return {
    accountId: plan.accountId,
    accountName: plan.accountName,
    ouPath: plan.ouPath,
    status: 'done',
    steps: plan.deletions.map((d) => ({
      action: d.action,
      targetId: d.targetId,
      outcome: ctx.completed.has(stepKey(plan.accountId, d.action, d.targetId)) ? 'done-earlier' : 'not-run',
    })),
    sessionAccessKeyIds: [],
  };
}

/** Marks the account failed (or interrupted) with a one-line diagnosis naming a blocking SCP if any. */
async function failAccount(
  ctx: AccountRunContext,
  result: AccountResult,
  code: string,
  message: string,
): Promise<AccountResult> {
  result.status = code === 'Interrupted' ? 'interrupted' : 'failed';
  result.errorCode = code;
  const denied = /^(AccessDenied|UnauthorizedOperation)/.test(code);
  const blocker = denied
    ? await Promise.resolve(ctx.blockerOf?.(result.accountId)).catch(() => undefined)
    : undefined;
  result.diagnosis = diagnoseFailure(code, message, blocker);
  return result;
}

/** The account's delete sessions: opened (journaled) on first use and again near expiry. */
class DeleteSessions {
  private current: DeleteRootSession | undefined;
  constructor(
    private readonly ctx: AccountRunContext,
    private readonly result: AccountResult,
  ) {}

  /** A session with time left, or the error that stopped opening one. */
  async get(renew = false): Promise<{ session: DeleteRootSession } | { code: string; message: string }> {
    const s = this.current;
    if (!renew && s && s.expiresAt.getTime() - this.ctx.now().getTime() >= SESSION_MARGIN_MS)
      return { session: s };
    const accountId = this.result.accountId;
    const r = await journaledStep(
      this.ctx,
      { accountId, action: 'AssumeRoot', targetId: DELETE_TASK, taskPolicy: DELETE_TASK },
      () => this.ctx.opener.open(accountId, DELETE_TASK),
      () => 'done',
      (opened) => ({ sessionAccessKeyId: opened.accessKeyId, ...withRequestId(opened.requestId) }),
    );
    if (!r.ok) return r;
    this.current = r.value;
    this.result.sessionAccessKeyIds.push(r.value.accessKeyId);
    return { session: r.value };
  }
}

/** One planned deletion, journaled; an expired session is renewed and the step tried once more. */
async function deleteStep(
  ctx: AccountRunContext,
  sessions: DeleteSessions,
  accountId: AccountPlan['accountId'],
  d: PlannedDeletion,
): Promise<
  | { ok: true; removed: boolean }
  | { ok: false; code: string; message: string; retryable: boolean; sessionFailed?: true }
> {
  for (let attempt = 0; ; attempt++) {
    const got = await sessions.get(attempt > 0);
    if (!('session' in got)) return { ...got, ok: false, retryable: false, sessionFailed: true };
    const { session } = got;
    const r = await journaledStep(
      ctx,
      {
        accountId,
        action: d.action,
        targetId: d.targetId,
        taskPolicy: DELETE_TASK,
        sessionAccessKeyId: session.accessKeyId,
      },
      () => deleteCall(session, d),
      (removed) => (removed ? 'done' : 'already-gone'),
      () => withRequestId(session.lastRequestId),
    );
    // The session ran out mid-account (slow retries): open a new one and try the step once more.
    if (!r.ok && attempt === 0 && r.code.replace(/Exception$/, '') === 'ExpiredToken') continue;
    return r.ok ? { ok: true, removed: r.value } : r;
  }
}

/**
 * Reads the account in the delete session before its first deletion: PlanStale (the account left
 * untouched) when a credential the plan names is no longer there (./stale.ts).
 */
async function checkDrift(
  ctx: AccountRunContext,
  session: DeleteRootSession,
  accountId: AccountPlan['accountId'],
  pending: readonly PlannedDeletion[],
): Promise<{ code: string; message: string } | undefined> {
  try {
    const missing = await withRetry(
      () =>
        driftedDeletions(
          session,
          pending,
          (d) => ctx.attempted?.has(stepKey(accountId, d.action, d.targetId)) ?? false,
        ),
      retryOptions(ctx),
    );
    return missing.length ? { code: 'PlanStale', message: driftMessage(missing) } : undefined;
  } catch (e) {
    const { code, message } = errorParts(e);
    return { code, message: failureMessage(e, message, 'ReadCredentials') };
  }
}

export async function runAccount(runCtx: AccountRunContext, plan: AccountPlan): Promise<AccountResult> {
  const { accountId } = plan;
  // The account's deadline starts with the account (not with the run): every call of it retries within it.
  const ctx = { ...runCtx, deadline: deadlineFrom(runCtx) };
  const result = initialResult(ctx, plan);
  const pending = plan.deletions
    .map((d, i) => ({ d, report: result.steps[i]! }))
    .filter((s) => s.report.outcome === 'not-run');
  if (!pending.length) return result;
  if (ctx.signal?.aborted) return failAccount(ctx, result, 'Interrupted', 'not started');
  ctx.onEvent?.({ kind: 'account-started', accountId });
  const sessions = new DeleteSessions(ctx, result);
  const first = await sessions.get();
  if (!('session' in first)) return failAccount(ctx, result, first.code, first.message);
  const drift = await checkDrift(
    ctx,
    first.session,
    accountId,
    pending.map((p) => p.d),
  );
  if (drift) return failAccount(ctx, result, drift.code, drift.message);

  for (const { d, report } of pending) {
    if (ctx.signal?.aborted) return failAccount(ctx, result, 'Interrupted', 'stopped between steps');
    const r = await deleteStep(ctx, sessions, accountId, d);
    if (!r.ok && r.sessionFailed) return failAccount(ctx, result, r.code, r.message);
    if (!r.ok) {
      report.outcome = 'failed';
      report.errorCode = r.code;
      report.errorMessage = r.message;
      // A retryable fault cut short by Ctrl-C is an interruption, not a failure of the account.
      return failAccount(ctx, result, ctx.signal?.aborted && r.retryable ? 'Interrupted' : r.code, r.message);
    }
    report.outcome = r.removed ? 'done' : 'already-gone';
  }
  return result;
}
