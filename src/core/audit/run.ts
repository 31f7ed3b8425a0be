/**
 * `audit(ports, options)`: the root credential state of every account in scope, one record each.
 * Listing and auditing overlap: the tree walk streams accounts into the pipeline as pages arrive.
 * No console, no files: progress goes to `options.onEvent`, the result is an AuditReport.
 */
import { ExitCode, isRootctlError } from '../errors.js';
import { AdaptiveLimiter } from '../concurrency/adaptive-limiter.js';
import { DEFAULT_RETRY_POLICY, RetryBudget, unwrapRetry, withRetry } from '../concurrency/retry.js';
import type { AccountId } from '../model/account-id.js';
import { orgPartition } from '../model/arn.js';
import { emptyTree, walkTree, type OrgTree } from '../org/tree.js';
import type { OrgAccount } from '../ports.js';
import { AUDIT_TASK, needsScps, scpIdInMessage } from './diagnose.js';
import { classifyFailure } from './failure.js';
import {
  AUDIT_SCHEMA_VERSION,
  hasRootCredentials,
  summarize,
  type AccountAuditStatus,
  type AuditReport,
} from './model.js';
import { DEFAULT_INTERRUPT_GRACE_MS, settleWithinGrace, throwIfInterrupted } from './interrupt.js';
import { AccountPipeline, defaultAccountDeadlineMs, type Outcome } from './pipeline.js';
import { buildRecords, managementRootState, type ScopedAccount } from './records.js';
import { AncestorResolver, preflight, resolveAccountsScope, resolveOuScope, type Retrying } from './scope.js';
import { ScpLookup, type ScpsForPath } from './scp-lookup.js';
import type { AuditEvent, AuditOptions, AuditPorts } from './types.js';

export const DEFAULT_CONCURRENCY = 100;

export async function audit(ports: AuditPorts, options: AuditOptions = {}): Promise<AuditReport> {
  const now = options.now ?? (() => new Date());
  const emit = (e: AuditEvent) => options.onEvent?.(e);
  const startedMs = performance.now();
  const generatedAt = now().toISOString();
  const scope = options.scope ?? { kind: 'organization' };
  const detail = options.detail ?? 'full';
  const classify = ports.classify ?? classifyFailure;
  const budget = new RetryBudget(options.retryBudget ?? 500);
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy };
  const limiter =
    options.limiter ??
    new AdaptiveLimiter({
      max: options.concurrency ?? DEFAULT_CONCURRENCY,
      ...(options.initialConcurrency === undefined ? {} : { initial: options.initialConcurrency }),
    });
  const retrying: Retrying = async (fn, operation = 'organizations') => {
    try {
      return await withRetry(fn, {
        classify,
        budget,
        policy,
        // The caller's own calls (Organizations listing, SCP reads) run a few at a time, whatever
        // the account concurrency: lowering it would not relieve them, so backoff alone.
        onThrottle: () => emit({ kind: 'throttled', operation, against: 'caller', limit: limiter.limit }),
      });
    } catch (e) {
      throw unwrapRetry(e);
    }
  };

  const pre = await preflight(ports, retrying);
  const scopeLabel =
    scope.kind === 'organization'
      ? 'organization'
      : scope.kind === 'ou'
        ? `ou:${scope.id}`
        : `accounts:${scope.ids.join(',')}`;
  emit({
    kind: 'started',
    organizationId: pre.org.id,
    callerArn: pre.caller.arn,
    callerRole: pre.callerRole,
    scope: scopeLabel,
  });
  const resolver = new AncestorResolver(ports.organizations, pre.rootId, retrying);
  const mgmtId = pre.org.managementAccountId as AccountId;
  // SCPs are evaluated with root sessions' ARNs in the organization's partition (GovCloud, China).
  const facts = { partition: orgPartition(pre.org), orgId: pre.org.id };

  const scoped = new Map<AccountId, ScopedAccount>();
  const outcomes = new Map<AccountId, Outcome>();
  // OU paths the caller already knows (scope.known), used instead of the tree's.
  const knownPaths = new Map<AccountId, string>();
  // The tree as listed so far: an account's path is known by the time it is audited.
  let liveTree: OrgTree = emptyTree(pre.rootId);
  // SCPs are read only for accounts an SCP denies, along their paths, from the first denial on.
  const scpLookup = new ScpLookup(ports.organizations, retrying);
  const scpDenied: AccountId[] = [];
  const noteScpDenial = (id: AccountId, outcome: Outcome) => {
    if (outcome.kind !== 'error' || !needsScps(outcome.failure)) return;
    scpDenied.push(id);
    if (outcome.failure.stage === 'session') scpLookup.wantAbove(liveTree, id);
    const named = scpIdInMessage(outcome.failure);
    if (named !== undefined) scpLookup.wantPolicy(named);
  };
  let listingComplete = false;
  let errors = 0;
  const pipeline = new AccountPipeline({
    opener: ports.rootSessions,
    detail,
    limiter,
    budget,
    policy,
    classify,
    now,
    accountDeadlineMs: options.accountDeadlineMs ?? defaultAccountDeadlineMs(ports.requestTimeoutMs),
    sleep: options.sleep,
    onThrottle: (operation, against) => emit({ kind: 'throttled', operation, against, limit: limiter.limit }),
    onOutcome: (account, outcome) => {
      outcomes.set(account.id, outcome);
      noteScpDenial(account.id, outcome);
      if (outcome.kind === 'error') errors++;
      done(
        account.id,
        outcome.kind === 'error' ? 'error' : hasRootCredentials(outcome.root) ? 'non_compliant' : 'compliant',
      );
    },
  });
  let doneCount = 0;
  const done = (id: AccountId, status: AccountAuditStatus) => {
    doneCount++;
    emit({
      kind: 'account-done',
      accountId: id,
      status,
      done: doneCount,
      total: scoped.size,
      errors,
      listingComplete,
      inFlight: limiter.inFlight,
      limit: limiter.limit,
    });
  };
  // Accounts enter the scope exactly once, whichever way they are found.
  const admit = (accounts: readonly OrgAccount[]) => {
    const toAudit: OrgAccount[] = [];
    const skipped: OrgAccount[] = [];
    for (const a of accounts) {
      if (scoped.has(a.id)) continue;
      const skip = a.id === mgmtId ? 'management' : a.state !== 'ACTIVE' ? 'inactive' : undefined;
      scoped.set(a.id, { account: a, skip });
      (skip === undefined ? toAudit : skipped).push(a);
    }
    if (toAudit.length) pipeline.push(toAudit);
    emit({ kind: 'discovered', total: scoped.size });
    for (const a of skipped) done(a.id, 'skipped');
  };

  const mgmtRoot =
    pre.callerRole === 'management' && ports.callerAccount
      ? managementRootState(ports.callerAccount, retrying)
      : undefined;
  const { signal } = options;
  const grace = options.interruptGraceMs ?? DEFAULT_INTERRUPT_GRACE_MS;
  const onAbort = () => pipeline.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const running = pipeline.run();
  let tree: OrgTree;
  // Listing failed for good part-way, with partialOnListingFailure: what was audited is returned, partial.
  let listingFailure: { code: string; message: string } | undefined;
  try {
    tree = await listScope();
  } catch (e) {
    pipeline.abort();
    if (!signal?.aborted) {
      await running;
      // Bad input (an account or OU not in the organization) stays an error of its own.
      const err = unwrapRetry(e);
      if (!options.partialOnListingFailure || (isRootctlError(err) && err.exitCode !== ExitCode.Runtime))
        throw e;
      listingFailure = failureLine(e);
    }
    tree = liveTree;
  } finally {
    listingComplete = true;
    pipeline.close();
  }
  if (!signal?.aborted) emit({ kind: 'listing-complete', total: scoped.size });
  if (!signal?.aborted && listingFailure === undefined && scope.kind === 'organization')
    options.onTree?.(tree);
  await settleWithinGrace(running, signal, grace);
  signal?.removeEventListener('abort', onAbort);

  async function listScope(): Promise<OrgTree> {
    if (scope.kind === 'accounts' && scope.known) {
      const known = new Map(scope.known.map((k) => [k.id, k]));
      if (scope.ids.every((id) => known.has(id))) {
        const tree = emptyTree(pre.rootId);
        const accounts = scope.ids.map((id) => {
          const k = known.get(id)!;
          knownPaths.set(id, k.ouPath);
          const a: OrgAccount = { id, name: k.name, email: '', state: 'ACTIVE' };
          tree.accounts.set(id, a);
          return a;
        });
        liveTree = tree;
        admit(accounts);
        return tree;
      }
    }
    if (scope.kind === 'accounts') {
      const r = await resolveAccountsScope(ports.organizations, resolver, pre.rootId, scope.ids, retrying);
      liveTree = r.tree;
      admit(r.accounts);
      return r.tree;
    }
    const startId = scope.kind === 'ou' ? scope.id : pre.rootId;
    const ancestors = scope.kind === 'ou' ? await resolveOuScope(resolver, pre.rootId, scope.id) : [];
    const reader = retryingReader(ports.organizations, retrying, signal);
    for (const ou of ancestors) liveTree.ous.set(ou.id, ou);
    return walkTree(reader, pre.rootId, {
      startId,
      concurrency: 2,
      tree: liveTree,
      onAccounts: (accounts) => admit(accounts),
    });
  }

  // Most reads started while other accounts were audited; this waits for the rest (cached reads).
  const scps = new Map<AccountId, ScpsForPath>();
  const stopped = signal?.aborted === true || listingFailure !== undefined;
  for (const id of stopped ? [] : scpDenied) {
    const o = outcomes.get(id);
    if (o?.kind !== 'error') continue;
    const named = scpIdInMessage(o.failure);
    const extra = named === undefined ? [] : [named];
    scps.set(
      id,
      o.failure.stage === 'session'
        ? await scpLookup.forAccount(tree, id, AUDIT_TASK, facts, extra)
        : await scpLookup.forPath([], extra),
    );
  }
  // Interrupted: only the accounts that finished (or were skipped) are in the report.
  const reported = stopped
    ? new Map([...scoped].filter(([id, s]) => s.skip !== undefined || outcomes.has(id)))
    : scoped;
  const mr = mgmtRoot && (await settleWithinGrace(mgmtRoot, signal, grace));
  const accounts = buildRecords({
    scoped: reported,
    outcomes,
    tree,
    scps,
    facts,
    region: options.region,
    managementRoot: mr,
    now,
    knownPaths,
  });
  const durationMs = Math.round(performance.now() - startedMs);
  const summary = summarize(accounts);
  const lstats = limiter.stats();
  const bstats = budget.stats();
  emit({
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
  return {
    schemaVersion: AUDIT_SCHEMA_VERSION,
    organizationId: pre.org.id,
    managementAccountId: pre.org.managementAccountId,
    generatedAt,
    metadata: {
      callerArn: pre.caller.arn,
      callerRole: pre.callerRole,
      region: options.region ?? '',
      detail,
      scope: scopeLabel,
      durationMs,
      rootctlVersion: options.rootctlVersion ?? '',
    },
    ...(mr && scoped.has(mgmtId) ? { managementRoot: { mfa: mr.mfa, accessKeys: mr.accessKeys } } : {}),
    accounts,
    summary,
    ...(stopped
      ? {
          partial: {
            reason: listingFailure ? ('listing-failed' as const) : ('interrupted' as const),
            accountsNotAudited: scoped.size - reported.size,
            ...(listingFailure ? { error: listingFailure } : {}),
          },
        }
      : {}),
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

/** The tree walk's reader calls, each retried as a whole. */
function retryingReader<R extends object>(reader: R, retrying: Retrying, signal?: AbortSignal): R {
  return new Proxy(reader, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function' || prop === 'listAccountPages') return v;
      return (...args: unknown[]) => {
        // Interrupted: the walk stops at its next call.
        throwIfInterrupted(signal);
        return retrying(() => (v as (...a: unknown[]) => Promise<unknown>).apply(target, args));
      };
    },
  });
}
