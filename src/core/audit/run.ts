/**
 * `audit(ports, options)`: the root credential state of every account in scope, one record each.
 * Listing and auditing overlap: the tree walk streams accounts into the pipeline as pages arrive
 * (AuditRun). No console, no files: progress goes to `options.onEvent`, the result is an AuditReport.
 */
import { ExitCode, isRootctlError } from '../errors.js';
import { AdaptiveLimiter } from '../concurrency/adaptive-limiter.js';
import { DEFAULT_RETRY_POLICY, RetryBudget, unwrapRetry, withRetry } from '../concurrency/retry.js';
import type { AccountId } from '../model/account-id.js';
import type { OrgTree } from '../org/tree.js';
import { AuditRun, type AuditSettings } from './audit-run.js';
import { classifyFailure } from './failure.js';
import { AUDIT_SCHEMA_VERSION, summarize, type AuditReport, type AuditSummary } from './model.js';
import { DEFAULT_INTERRUPT_GRACE_MS, settleWithinGrace } from './interrupt.js';
import { defaultAccountDeadlineMs } from './pipeline.js';
import { buildRecords, managementRootState, type ScopedAccount } from './records.js';
import { preflight, type Retrying } from './scope.js';
import type { ScpsForPath } from './scp-lookup.js';
import type { AuditEvent, AuditOptions, AuditPorts, AuditScope } from './types.js';

export const DEFAULT_CONCURRENCY = 100;

/** How the audit ended its listing: the tree it has and, when listing failed for good, why. */
interface Listed {
  tree: OrgTree;
  /** Listing failed part-way, with partialOnListingFailure: what was audited is returned, partial. */
  listingFailure: { code: string; message: string } | undefined;
}

export async function audit(ports: AuditPorts, options: AuditOptions = {}): Promise<AuditReport> {
  const startedMs = performance.now();
  const partial = auditSettings(ports, options);
  const generatedAt = partial.now().toISOString();
  // The first calls are where a hung endpoint is met: each gets the account deadline, so the audit
  // fails after one request timeout with the endpoint and the operation named, not after four.
  const pre = await preflight(
    ports,
    callerRetrying({ ...partial, sleep: options.sleep, deadlineMs: partial.accountDeadlineMs }),
  );
  const s: AuditSettings = { ...partial, pre };
  s.emit({
    kind: 'started',
    organizationId: pre.org.id,
    callerArn: pre.caller.arn,
    callerRole: pre.callerRole,
    scope: scopeLabel(options.scope),
  });
  const run = new AuditRun(s);
  const mgmtRoot =
    pre.callerRole === 'management' && ports.callerAccount
      ? managementRootState(ports.callerAccount, s.retrying)
      : undefined;
  const listed = await listAndAudit(run, s);
  const { signal } = options;
  const stopped = signal?.aborted === true || listed.listingFailure !== undefined;
  const scps = stopped ? new Map<AccountId, ScpsForPath>() : await run.scpsOfDenied(listed.tree);
  // Interrupted: only the accounts that finished (or were skipped) are in the report.
  const reported = stopped ? run.finishedAccounts() : run.scoped;
  const grace = options.interruptGraceMs ?? DEFAULT_INTERRUPT_GRACE_MS;
  const managementRoot = mgmtRoot && (await settleWithinGrace(mgmtRoot, signal, grace));
  const accounts = buildRecords({
    scoped: reported,
    outcomes: run.outcomes,
    tree: listed.tree,
    scps,
    facts: run.facts,
    region: options.region,
    managementRoot,
    now: s.now,
    knownPaths: run.knownPaths,
  });
  const durationMs = Math.round(performance.now() - startedMs);
  const summary = summarize(accounts);
  emitFinished(s, summary, durationMs);
  return {
    ...reportHead(s, generatedAt, durationMs),
    ...(managementRoot && run.scoped.has(pre.org.managementAccountId as AccountId)
      ? { managementRoot: { mfa: managementRoot.mfa, accessKeys: managementRoot.accessKeys } }
      : {}),
    accounts,
    summary,
    ...(stopped ? { partial: partialMark(listed, run.scoped, reported) } : {}),
  };
}

/** The options resolved: clocks, limiter, retry budget and policy, and the caller's retried calls. */
function auditSettings(ports: AuditPorts, options: AuditOptions): Omit<AuditSettings, 'pre'> {
  const emit = (e: AuditEvent) => options.onEvent?.(e);
  const classify = ports.classify ?? classifyFailure;
  const budget = new RetryBudget(options.retryBudget ?? 500);
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy };
  const limiter =
    options.limiter ??
    new AdaptiveLimiter({
      max: options.concurrency ?? DEFAULT_CONCURRENCY,
      ...(options.initialConcurrency === undefined ? {} : { initial: options.initialConcurrency }),
    });
  const accountDeadlineMs = options.accountDeadlineMs ?? defaultAccountDeadlineMs(ports.requestTimeoutMs);
  const retrying = callerRetrying({ classify, budget, policy, limiter, emit });
  return {
    ports,
    options,
    now: options.now ?? (() => new Date()),
    emit,
    detail: options.detail ?? 'full',
    classify,
    budget,
    policy,
    limiter,
    accountDeadlineMs,
    retrying,
  };
}

/**
 * The caller's own calls (Organizations listing, SCP reads, preflight), retried as a whole, failing
 * with the original error. With `deadlineMs`, no retry of a call ends past that long after it began.
 */
function callerRetrying(
  s: Pick<AuditSettings, 'classify' | 'budget' | 'policy' | 'limiter' | 'emit'> & {
    deadlineMs?: number;
    sleep?: ((ms: number) => Promise<void>) | undefined;
  },
): Retrying {
  const { limiter, emit, deadlineMs, sleep } = s;
  return async (fn, operation = 'organizations') => {
    try {
      return await withRetry(fn, {
        classify: s.classify,
        budget: s.budget,
        policy: s.policy,
        ...(deadlineMs === undefined ? {} : { now: limiter.now, deadline: limiter.now() + deadlineMs }),
        ...(sleep ? { sleep } : {}),
        // They run a few at a time, whatever the account concurrency: lowering it would not relieve
        // them, so backoff alone.
        onThrottle: () => emit({ kind: 'throttled', operation, against: 'caller', limit: limiter.limit }),
      });
    } catch (e) {
      throw unwrapRetry(e);
    }
  };
}

function scopeLabel(scope: AuditScope = { kind: 'organization' }): string {
  if (scope.kind === 'organization') return 'organization';
  return scope.kind === 'ou' ? `ou:${scope.id}` : `accounts:${scope.ids.join(',')}`;
}

/**
 * Lists the scope while the pipeline audits what it finds, then waits for the accounts in flight.
 * Interrupted (options.signal): no new account starts, the listing stops at its next call, and the
 * calls in flight get the grace. A listing failure stops the pipeline and is thrown, or returned with
 * partialOnListingFailure when it is a runtime failure (not bad input).
 */
async function listAndAudit(run: AuditRun, s: AuditSettings): Promise<Listed> {
  const { signal, interruptGraceMs, partialOnListingFailure, onTree } = s.options;
  const onAbort = () => run.pipeline.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const running = run.pipeline.run();
  const listed: Listed = { tree: run.tree, listingFailure: undefined };
  try {
    listed.tree = await run.list();
  } catch (e) {
    run.pipeline.abort();
    if (!signal?.aborted) {
      await running;
      // Bad input (an account or OU not in the organization) stays an error of its own.
      const err = unwrapRetry(e);
      if (!partialOnListingFailure || (isRootctlError(err) && err.exitCode !== ExitCode.Runtime)) throw e;
      listed.listingFailure = failureLine(e);
    }
    listed.tree = run.tree;
  } finally {
    run.endListing();
  }
  if (!signal?.aborted) s.emit({ kind: 'listing-complete', total: run.scoped.size });
  const scope = s.options.scope ?? { kind: 'organization' };
  if (!signal?.aborted && listed.listingFailure === undefined && scope.kind === 'organization')
    onTree?.(listed.tree);
  await settleWithinGrace(running, signal, interruptGraceMs ?? DEFAULT_INTERRUPT_GRACE_MS);
  signal?.removeEventListener('abort', onAbort);
  return listed;
}

function emitFinished(s: AuditSettings, summary: AuditSummary, durationMs: number): void {
  const lstats = s.limiter.stats();
  const bstats = s.budget.stats();
  s.emit({
    kind: 'finished',
    durationMs,
    summary,
    stats: {
      peakConcurrency: lstats.peakLimit,
      finalConcurrency: lstats.limit,
      throttles: lstats.throttles,
      retries: bstats.retries,
      retryBudgetDenied: bstats.denied,
    },
  });
}

/** The report's fields before its accounts: who audited what, when, how. */
function reportHead(
  s: AuditSettings,
  generatedAt: string,
  durationMs: number,
): Pick<
  AuditReport,
  'schemaVersion' | 'organizationId' | 'managementAccountId' | 'generatedAt' | 'metadata'
> {
  const { pre, options } = s;
  return {
    schemaVersion: AUDIT_SCHEMA_VERSION,
    organizationId: pre.org.id,
    managementAccountId: pre.org.managementAccountId,
    generatedAt,
    metadata: {
      callerArn: pre.caller.arn,
      callerRole: pre.callerRole,
      region: options.region ?? '',
      detail: s.detail,
      scope: scopeLabel(options.scope),
      durationMs,
      rootctlVersion: options.rootctlVersion ?? '',
    },
  };
}

/** How a stopped audit's report is marked: interrupted, or listing failed (with the error). */
function partialMark(
  listed: Listed,
  scoped: ReadonlyMap<AccountId, ScopedAccount>,
  reported: ReadonlyMap<AccountId, ScopedAccount>,
): NonNullable<AuditReport['partial']> {
  const { listingFailure } = listed;
  return {
    reason: listingFailure ? 'listing-failed' : 'interrupted',
    accountsNotAudited: scoped.size - reported.size,
    ...(listingFailure ? { error: listingFailure } : {}),
  };
}

/** An error as the one line a partial report carries (code and message). */
function failureLine(e: unknown): { code: string; message: string } {
  const err = unwrapRetry(e);
  return {
    code: isRootctlError(err) ? err.code : err instanceof Error ? err.name : 'Error',
    message: (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' '),
  };
}
