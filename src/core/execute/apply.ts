/**
 * executeDeletions: runs a remediation plan's deletions across accounts (bounded by the caller's scheduler), journals every call,
 * verifies the touched accounts with a fresh audit, and returns per-account results and totals.
 * A run stopped by the AbortSignal finishes its current steps, is marked interrupted, and can be
 * continued with `resumeRunId`, which skips every step the journal has as done.
 */
import type { AccountAudit } from '../audit/model.js';
import type { AuditEvent, KnownAccount } from '../audit/types.js';
import type { AccountId } from '../model/account-id.js';
import type { RootSessionOpener } from '../ports.js';
import type { AccountPlan, Plan } from '../plan/types.js';
import { runAccount, type AccountRunContext } from './account-runner.js';
import { AdaptiveLimiter } from '../concurrency/adaptive-limiter.js';
import { defaultAccountDeadlineMs } from '../audit/pipeline.js';
import { RetryBudget, type FailureKind, type RetryPolicy } from '../concurrency/retry.js';
import {
  stepKey,
  RESULT_SCHEMA_VERSION,
  type AccountResult,
  type ApplyEvent,
  type ApplyResult,
  type ApplyTotals,
  type JournalPort,
  type RunKind,
} from './types.js';
import { leftTotals, markWhatIsLeft } from './leftovers.js';
import { verifyAccount } from './verify.js';

export interface ApplyDeps {
  opener: RootSessionOpener;
  journal: JournalPort;
  /**
   * A fresh audit (full detail) of these accounts; without it results are not verified. `known`:
   * their names and OU paths from the plan, so they need not be looked up again.
   */
  verify?:
    | ((
        accountIds: AccountId[],
        known?: readonly KnownAccount[],
        onAuditEvent?: (e: AuditEvent) => void,
      ) => Promise<AccountAudit[]>)
    | undefined;
  /** "blocked by SCP ..." when the SCPs of an account deny the delete task; explains AccessDenied. */
  blockerOf?: ((accountId: AccountId) => Promise<string | undefined> | string | undefined) | undefined;
  /** Bounds how many accounts run at once (the audit's adaptive limiter); default: one at a time. */
  limiter?: AdaptiveLimiter | undefined;
  now?: (() => Date) | undefined;
  /** Which failures are retried; default: the audit's classification of AwsCallError/RootctlError. */
  classify?: ((e: unknown) => FailureKind) | undefined;
  /**
   * How long one account's calls are retried (AccountRunContext.accountDeadlineMs); default: the
   * audit's, 30 s or two `requestTimeoutMs` (the adapters' request timeout) when longer.
   */
  accountDeadlineMs?: number | undefined;
  requestTimeoutMs?: number | undefined;
}

export interface ApplyOptions {
  callerArn: string;
  /** Continue this run from the journal instead of starting a new one. */
  resumeRunId?: string | undefined;
  kind?: RunKind | undefined;
  /** Stored with the run (the command-line options that made the plan). */
  runOptions?: Record<string, unknown> | undefined;
  signal?: AbortSignal | undefined;
  onEvent?: ((e: ApplyEvent) => void) | undefined;
  retry?:
    | {
        policy?: RetryPolicy;
        budget?: RetryBudget;
        sleep?: (ms: number) => Promise<void>;
        random?: () => number;
        /** The clock of the retries and the account deadline (tests: a virtual one). */
        now?: () => number;
      }
    | undefined;
}

async function scheduled<T>(limiter: AdaptiveLimiter, task: () => Promise<T>): Promise<T> {
  const permit = await limiter.acquire();
  try {
    return await task();
  } finally {
    permit.release();
  }
}

/** The run's id: a new journal run for the plan, or the run being resumed (marked running again). */
async function startOrResume(plan: Plan, journal: JournalPort, options: ApplyOptions): Promise<string> {
  if (options.resumeRunId !== undefined) {
    await journal.resumeRun(options.resumeRunId, options.callerArn);
    return options.resumeRunId;
  }
  return journal.startRun({
    kind: options.kind ?? 'remediate',
    callerArn: options.callerArn,
    scope: plan.scope,
    options: options.runOptions ?? { ...plan.options },
    plan,
  });
}

export async function executeDeletions(
  plan: Plan,
  deps: ApplyDeps,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const now = deps.now ?? (() => new Date());
  const { journal } = deps;
  const resumed = options.resumeRunId !== undefined;
  const runId = await startOrResume(plan, journal, options);
  const completed = await journal.completedSteps(runId);
  const attempted = resumed ? await journal.attemptedSteps?.(runId) : undefined;
  // What this call will do: on a resume, the steps the journal does not have as done yet.
  const left = (a: AccountPlan) =>
    a.deletions.filter((d) => !completed.has(stepKey(a.accountId, d.action, d.targetId))).length;
  const stepCount = plan.accounts.reduce((n, a) => n + left(a), 0);
  const budget = options.retry?.budget ?? new RetryBudget();
  const retry = { ...options.retry, budget };
  const limiter = deps.limiter ?? new AdaptiveLimiter({ max: 1 });
  const ctx: AccountRunContext = {
    runId,
    opener: deps.opener,
    journal,
    completed,
    attempted,
    retry,
    limiter,
    classify: deps.classify,
    accountDeadlineMs: deps.accountDeadlineMs ?? defaultAccountDeadlineMs(deps.requestTimeoutMs),
    signal: options.signal,
    blockerOf: deps.blockerOf,
    onEvent: options.onEvent,
    now,
  };
  const withWork = plan.accounts.filter((a) => a.deletions.length);
  options.onEvent?.({
    kind: 'run-started',
    runId,
    resumed,
    accounts: withWork.filter((a) => left(a) > 0).length,
    steps: stepCount,
  });

  let results: AccountResult[];
  try {
    results = await Promise.all(
      withWork.map((a) =>
        scheduled(limiter, async () => {
          const r = await runAccount(ctx, a);
          options.onEvent?.({ kind: 'account-finished', result: r });
          return r;
        }),
      ),
    );
  } catch (e) {
    // Only a bug or a journal write failure gets here; leave the run resumable.
    await journal.finishRun(runId, 'interrupted');
    throw e;
  }

  const interrupted = options.signal?.aborted === true || results.some((r) => r.status === 'interrupted');
  if (!interrupted && deps.verify) await verify(withWork, results, deps.verify, options.onEvent);
  const all = [...results, ...untouchedResults(plan)];
  if (!interrupted) all.push(...markWhatIsLeft(plan, results));
  all.sort((x, y) => x.accountId.localeCompare(y.accountId));
  const totals = totalsOf(all, budget.stats().retries);
  const status = interrupted ? 'interrupted' : totals.failed ? 'failed' : 'completed';
  await journal.finishRun(runId, status);
  const result: ApplyResult = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    runId,
    resumed,
    status,
    accounts: all,
    totals,
  };
  options.onEvent?.({ kind: 'run-finished', result });
  return result;
}

async function verify(
  plans: AccountPlan[],
  results: AccountResult[],
  audit: NonNullable<ApplyDeps['verify']>,
  onEvent: ApplyOptions['onEvent'],
): Promise<void> {
  const toCheck = results.filter((r) => r.status === 'done');
  if (!toCheck.length) return;
  onEvent?.({ kind: 'verifying', accounts: toCheck.length });
  // The plan's audit read these accounts moments ago: their names and OU paths are known.
  const known = toCheck.map((r) => ({ id: r.accountId, name: r.accountName, ouPath: r.ouPath }));
  let audits: Map<AccountId, AccountAudit>;
  try {
    audits = new Map(
      (
        await audit(
          toCheck.map((r) => r.accountId),
          known,
          (e) => {
            if (e.kind === 'account-done')
              onEvent?.({ kind: 'verify-progress', done: e.done, total: e.total });
          },
        )
      ).map((a) => [a.accountId, a]),
    );
  } catch (e) {
    for (const r of toCheck) {
      r.verified = false;
      r.status = 'failed';
      r.diagnosis = `could not verify: ${e instanceof Error ? e.message : String(e)}`;
    }
    return;
  }
  const planOf = new Map(plans.map((p) => [p.accountId, p]));
  for (const r of toCheck) {
    const v = verifyAccount(planOf.get(r.accountId)!, audits.get(r.accountId));
    r.verified = v.verified;
    if (v.remaining.length) r.remaining = v.remaining;
    if (!v.verified) {
      r.status = 'failed';
      r.diagnosis = v.diagnosis;
      r.errorCode = 'NotVerified';
    }
  }
}

const SKIPPED: ReadonlySet<string> = new Set(['management-account', 'suspended', 'open-exception']);

/**
 * Accounts the plan left out: management, suspended and those under an open exception are skipped;
 * blocked and unreadable ones failed.
 */
function untouchedResults(plan: Plan): AccountResult[] {
  return plan.untouched.map((u) => ({
    accountId: u.accountId,
    accountName: u.accountName,
    ouPath: u.ouPath,
    status: SKIPPED.has(u.reason) ? 'skipped' : 'failed',
    steps: [],
    sessionAccessKeyIds: [],
    diagnosis: u.detail,
    ...(u.code === undefined ? {} : { errorCode: u.code }),
  }));
}

function totalsOf(results: AccountResult[], retries: number): ApplyTotals {
  const t: ApplyTotals = {
    accounts: results.length,
    done: 0,
    partial: 0,
    failed: 0,
    interrupted: 0,
    skipped: 0,
    deleted: 0,
    alreadyGone: 0,
    doneEarlier: 0,
    failedSteps: 0,
    retries,
    ...leftTotals(results),
  };
  for (const r of results) {
    t[r.status]++;
    for (const s of r.steps) {
      if (s.outcome === 'done') t.deleted++;
      else if (s.outcome === 'already-gone') t.alreadyGone++;
      else if (s.outcome === 'done-earlier') t.doneEarlier++;
      else if (s.outcome === 'failed') t.failedSteps++;
    }
  }
  return t;
}
