/**
 * One audit's state while it runs: the accounts in scope (each admitted once, whichever way it was
 * found), their outcomes, the tree as listed so far, the accounts an SCP denied. The listing streams
 * accounts into the pipeline page by page, so listing and auditing overlap.
 */
import type { AdaptiveLimiter } from '../concurrency/adaptive-limiter.js';
import type { RetryBudget, RetryPolicy, FailureKind } from '../concurrency/retry.js';
import type { AccountId } from '../model/account-id.js';
import { orgPartition } from '../model/arn.js';
import { emptyTree, walkTree, type OrgTree } from '../org/tree.js';
import type { OrgAccount } from '../ports.js';
import type { RootSessionFacts } from '../scp/root-session-blockers.js';
import { AUDIT_TASK, needsScps, scpIdInMessage } from './diagnose.js';
import { throwIfInterrupted } from './interrupt.js';
import { hasRootCredentials, type AccountAuditStatus } from './model.js';
import { AccountPipeline, type Outcome } from './pipeline.js';
import type { ScopedAccount } from './records.js';
import {
  AncestorResolver,
  resolveAccountsScope,
  resolveOuScope,
  type Preflight,
  type Retrying,
} from './scope.js';
import { ScpLookup, type ScpsForPath } from './scp-lookup.js';
import type { AuditEvent, AuditOptions, AuditPorts } from './types.js';

/** What every part of one audit shares: its ports and options, resolved, and the caller's facts. */
export interface AuditSettings {
  ports: AuditPorts;
  options: AuditOptions;
  pre: Preflight;
  now: () => Date;
  emit: (e: AuditEvent) => void;
  detail: 'summary' | 'full';
  classify: (e: unknown) => FailureKind;
  budget: RetryBudget;
  policy: RetryPolicy;
  limiter: AdaptiveLimiter;
  accountDeadlineMs: number;
  retrying: Retrying;
}

export class AuditRun {
  readonly scoped = new Map<AccountId, ScopedAccount>();
  readonly outcomes = new Map<AccountId, Outcome>();
  /** OU paths the caller already knows (scope.known), used instead of the tree's. */
  readonly knownPaths = new Map<AccountId, string>();
  /** SCPs are evaluated with root sessions' ARNs in the organization's partition (GovCloud, China). */
  readonly facts: RootSessionFacts;
  readonly pipeline: AccountPipeline;
  /** The tree as listed so far: an account's path is known by the time it is audited. */
  private liveTree: OrgTree;
  /** SCPs are read only for accounts an SCP denies, along their paths, from the first denial on. */
  private readonly scpLookup: ScpLookup;
  private readonly scpDenied: AccountId[] = [];
  private readonly mgmtId: AccountId;
  private listingComplete = false;
  private errors = 0;
  private doneCount = 0;

  constructor(private readonly s: AuditSettings) {
    this.facts = { partition: orgPartition(s.pre.org), orgId: s.pre.org.id };
    this.liveTree = emptyTree(s.pre.rootId);
    this.scpLookup = new ScpLookup(s.ports.organizations, s.retrying);
    this.mgmtId = s.pre.org.managementAccountId as AccountId;
    this.pipeline = new AccountPipeline({
      opener: s.ports.rootSessions,
      detail: s.detail,
      limiter: s.limiter,
      budget: s.budget,
      policy: s.policy,
      classify: s.classify,
      now: s.now,
      accountDeadlineMs: s.accountDeadlineMs,
      sleep: s.options.sleep,
      onThrottle: (operation, against) =>
        s.emit({ kind: 'throttled', operation, against, limit: s.limiter.limit }),
      onOutcome: (account, outcome) => this.recordOutcome(account.id, outcome),
    });
  }

  /** The tree listed so far (all of it once the listing has ended). */
  get tree(): OrgTree {
    return this.liveTree;
  }

  /** Lists the scope, auditing accounts as pages arrive (call endListing after, whatever happens). */
  list(): Promise<OrgTree> {
    return this.listScope();
  }

  /** No more accounts will be found: the pipeline drains what it has. */
  endListing(): void {
    this.listingComplete = true;
    this.pipeline.close();
  }

  /** The SCPs of each account an SCP denied (most were read while other accounts were audited). */
  async scpsOfDenied(tree: OrgTree): Promise<Map<AccountId, ScpsForPath>> {
    const scps = new Map<AccountId, ScpsForPath>();
    for (const id of this.scpDenied) {
      const o = this.outcomes.get(id);
      if (o?.kind !== 'error') continue;
      const named = scpIdInMessage(o.failure);
      const extra = named === undefined ? [] : [named];
      scps.set(
        id,
        o.failure.stage === 'session'
          ? await this.scpLookup.forAccount(tree, id, AUDIT_TASK, this.facts, extra)
          : await this.scpLookup.forPath([], extra),
      );
    }
    return scps;
  }

  /** The accounts that finished or were skipped (an interrupted audit reports only those). */
  finishedAccounts(): Map<AccountId, ScopedAccount> {
    return new Map([...this.scoped].filter(([id, s]) => s.skip !== undefined || this.outcomes.has(id)));
  }

  private recordOutcome(id: AccountId, outcome: Outcome): void {
    this.outcomes.set(id, outcome);
    this.noteScpDenial(id, outcome);
    if (outcome.kind === 'error') this.errors++;
    const status =
      outcome.kind === 'error' ? 'error' : hasRootCredentials(outcome.root) ? 'non_compliant' : 'compliant';
    this.done(id, status);
  }

  private noteScpDenial(id: AccountId, outcome: Outcome): void {
    if (outcome.kind !== 'error' || !needsScps(outcome.failure)) return;
    this.scpDenied.push(id);
    if (outcome.failure.stage === 'session') this.scpLookup.wantAbove(this.liveTree, id);
    const named = scpIdInMessage(outcome.failure);
    if (named !== undefined) this.scpLookup.wantPolicy(named);
  }

  private done(id: AccountId, status: AccountAuditStatus): void {
    this.doneCount++;
    this.s.emit({
      kind: 'account-done',
      accountId: id,
      status,
      done: this.doneCount,
      total: this.scoped.size,
      errors: this.errors,
      listingComplete: this.listingComplete,
      inFlight: this.s.limiter.inFlight,
      limit: this.s.limiter.limit,
    });
  }

  /** Accounts enter the scope exactly once, whichever way they are found. */
  private admit(accounts: readonly OrgAccount[]): void {
    const toAudit: OrgAccount[] = [];
    const skipped: OrgAccount[] = [];
    for (const a of accounts) {
      if (this.scoped.has(a.id)) continue;
      const skip = a.id === this.mgmtId ? 'management' : a.state !== 'ACTIVE' ? 'inactive' : undefined;
      this.scoped.set(a.id, { account: a, skip });
      (skip === undefined ? toAudit : skipped).push(a);
    }
    if (toAudit.length) this.pipeline.push(toAudit);
    this.s.emit({ kind: 'discovered', total: this.scoped.size });
    for (const a of skipped) this.done(a.id, 'skipped');
  }

  private async listScope(): Promise<OrgTree> {
    const { ports, pre, retrying, options } = this.s;
    const scope = options.scope ?? { kind: 'organization' };
    if (scope.kind === 'accounts') {
      const known = this.listKnownAccounts(scope.ids, scope.known);
      if (known) return known;
      const r = await resolveAccountsScope(
        ports.organizations,
        this.resolver(),
        pre.rootId,
        scope.ids,
        retrying,
      );
      this.liveTree = r.tree;
      this.admit(r.accounts);
      return r.tree;
    }
    const startId = scope.kind === 'ou' ? scope.id : pre.rootId;
    const ancestors = scope.kind === 'ou' ? await resolveOuScope(this.resolver(), pre.rootId, scope.id) : [];
    const reader = retryingReader(ports.organizations, retrying, options.signal);
    for (const ou of ancestors) this.liveTree.ous.set(ou.id, ou);
    return walkTree(reader, pre.rootId, {
      startId,
      concurrency: 2,
      tree: this.liveTree,
      onAccounts: (accounts) => this.admit(accounts),
    });
  }

  /** Accounts the caller already knows every one of: admitted without looking them up. */
  private listKnownAccounts(
    ids: readonly AccountId[],
    knownAccounts: NonNullable<Extract<AuditOptions['scope'], { kind: 'accounts' }>>['known'],
  ): OrgTree | undefined {
    if (!knownAccounts) return undefined;
    const known = new Map(knownAccounts.map((k) => [k.id, k]));
    if (!ids.every((id) => known.has(id))) return undefined;
    const tree = emptyTree(this.s.pre.rootId);
    const accounts = ids.map((id) => {
      const k = known.get(id)!;
      this.knownPaths.set(id, k.ouPath);
      const a: OrgAccount = { id, name: k.name, email: '', state: 'ACTIVE' };
      tree.accounts.set(id, a);
      return a;
    });
    this.liveTree = tree;
    this.admit(accounts);
    return tree;
  }

  private resolver(): AncestorResolver {
    return new AncestorResolver(this.s.ports.organizations, this.s.pre.rootId, this.s.retrying);
  }
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
