/**
 * The account pipeline: accounts are pushed in as the organization listing finds them, and audited
 * as soon as the adaptive limiter has a slot. Each account yields exactly one outcome, whatever
 * fails: every path through `auditOne` ends in `finish`, guarded so a second call is ignored.
 */
import type { AdaptiveLimiter, Permit } from '../concurrency/adaptive-limiter.js';
import {
  RetryFailure,
  backoffDelay,
  sleep,
  withRetry,
  type FailureKind,
  type RetryBudget,
  type RetryPolicy,
} from '../concurrency/retry.js';
import type { AccountId } from '../model/account-id.js';
import type { AuditRootSession, OrgAccount, RootSessionOpener } from '../ports.js';
import { AUDIT_TASK, orgWideDenial } from './diagnose.js';
import { toRawFailure, type RawFailure } from './failure.js';
import type { RootState } from './model.js';
import { readRootState, type CallRunner } from './root-state.js';

export type Outcome =
  { kind: 'ok'; root: RootState; at: string } | { kind: 'error'; failure: RawFailure; at: string };

export interface PipelineDeps {
  opener: RootSessionOpener;
  detail: 'summary' | 'full';
  limiter: AdaptiveLimiter;
  budget: RetryBudget;
  policy: RetryPolicy;
  classify: (e: unknown) => FailureKind;
  now: () => Date;
  onOutcome: (account: OrgAccount, outcome: Outcome) => void;
  /**
   * How long one account is tried: no call of it is retried, and the account not tried again, past
   * this (default 30 s); an account that failed transiently then waits for the second pass.
   */
  accountDeadlineMs?: number | undefined;
  /** Waits between attempts (tests pass a fake). */
  sleep?: ((ms: number) => Promise<void>) | undefined;
  /** `caller`: counted against the calling account (AssumeRoot); `member`: inside a root session. */
  onThrottle?: (operation: string, against: 'caller' | 'member') => void;
}

/** The only call of an account's audit that the calling account's limits count. */
const CALLER_OPERATION = 'sts:AssumeRoot';

/**
 * Identical organization-wide AssumeRoot denials after which the rest are not attempted: a feature
 * or trusted access that is off costs at most this many (plus those already in flight) denied, and
 * alerted, AssumeRoot calls instead of one per member account.
 */
const ORG_WIDE_THRESHOLD = 3;

export const DEFAULT_ACCOUNT_DEADLINE_MS = 30_000;

/**
 * The account deadline when the caller gives none: 30 s, or two request timeouts when that is longer,
 * so a slow call that does answer is retried once while one that never answers is not.
 */
export function defaultAccountDeadlineMs(requestTimeoutMs: number | undefined): number {
  return Math.max(DEFAULT_ACCOUNT_DEADLINE_MS, 2 * (requestTimeoutMs ?? 0));
}

/**
 * A failure that says nothing about the account: a fault that outlasted the retries of one call
 * (throttling, 5xx, a dropped connection) or a retry budget spent by other accounts' faults.
 */
export function isTransientFailure(f: RawFailure): boolean {
  return f.kind !== 'fatal' && f.stage !== 'internal' && f.notAttempted !== true;
}

export class AccountPipeline {
  private readonly queue: OrgAccount[] = [];
  private head = 0;
  private closed = false;
  private aborted = false;
  private wake: (() => void) | undefined;
  private readonly finished = new Set<AccountId>();
  private orgWide: { failure: RawFailure; count: number } | undefined;
  private orgWideCounts = new Map<string, number>();
  /** Accounts whose first pass ended in a transient fault: tried once more after everything else. */
  private readonly secondPass: OrgAccount[] = [];
  private readonly firstOutcome = new Map<AccountId, Outcome>();
  private inSecondPass = false;
  /** Whether any AssumeRoot of this run succeeded: then a bare denial is about its own target. */
  private sessionOpened = false;

  constructor(private readonly deps: PipelineDeps) {}

  push(accounts: readonly OrgAccount[]): void {
    this.queue.push(...accounts);
    this.poke();
  }

  /** No more accounts will be pushed. */
  close(): void {
    this.closed = true;
    this.poke();
  }

  /** Stops dispatching new accounts (in-flight ones finish). */
  abort(): void {
    this.aborted = true;
    this.poke();
  }

  /**
   * Dispatches until closed and drained (or aborted), then waits for the work in flight; then gives
   * the accounts that failed transiently a second pass under the same limiter.
   */
  async run(): Promise<void> {
    await this.dispatch();
    if (this.secondPass.length && !this.aborted) {
      this.inSecondPass = true;
      this.queue.splice(0, this.queue.length, ...this.secondPass.splice(0));
      this.head = 0;
      await this.dispatch();
    }
    // Stopped before the second pass: the first pass's failure stands.
    for (const a of [...this.secondPass, ...this.queue.slice(this.head)]) {
      const first = this.firstOutcome.get(a.id);
      if (first) this.finish(a, first, true);
    }
  }

  private async dispatch(): Promise<void> {
    const running = new Set<Promise<void>>();
    for (;;) {
      if (this.aborted) break;
      if (this.head < this.queue.length) {
        const permit = await this.deps.limiter.acquire();
        if (this.aborted) {
          permit.release();
          break;
        }
        const account = this.queue[this.head++]!;
        if (this.head > 4096 && this.head * 2 > this.queue.length) {
          this.queue.splice(0, this.head);
          this.head = 0;
        }
        const p: Promise<void> = this.auditOne(account, permit).finally(() => running.delete(p));
        running.add(p);
        continue;
      }
      if (this.closed) break;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    await Promise.all(running);
  }

  private poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private finish(account: OrgAccount, outcome: Outcome, final = false): void {
    if (this.finished.has(account.id)) return;
    if (!final && !this.inSecondPass && outcome.kind === 'error' && isTransientFailure(outcome.failure)) {
      this.firstOutcome.set(account.id, outcome);
      this.secondPass.push(account);
      return;
    }
    this.finished.add(account.id);
    this.deps.onOutcome(account, outcome);
  }

  private async auditOne(account: OrgAccount, permit: Permit): Promise<void> {
    const { deps } = this;
    try {
      if (this.orgWide) {
        this.finish(account, {
          kind: 'error',
          failure: { ...this.orgWide.failure, notAttempted: true, retries: 0 },
          at: deps.now().toISOString(),
        });
        return;
      }
      const deadline = deps.limiter.now() + (deps.accountDeadlineMs ?? DEFAULT_ACCOUNT_DEADLINE_MS);
      let throttled = false;
      const call = this.callRunner(deadline, () => (throttled = true));
      const outcome = await this.attemptUntilDeadline(account, call, deadline);
      if (outcome.kind === 'error') this.noteOrgWide(outcome.failure);
      // Grow only when AssumeRoot was not throttled and the answer was prompt (a denial is a fast,
      // healthy reply).
      if (!throttled && (outcome.kind === 'ok' || outcome.failure.kind === 'fatal')) deps.limiter.success();
      this.finish(account, outcome);
    } catch (e) {
      this.finish(account, {
        kind: 'error',
        failure: toRawFailure(e, 'internal', 'rootctl'),
        at: deps.now().toISOString(),
      });
    } finally {
      permit.release();
    }
  }

  /**
   * How one account's calls are made: retried with backoff, but none past the account's deadline (an
   * endpoint that never answers costs one request timeout per pass, not one per attempt).
   */
  private callRunner(deadline: number, onCallerThrottle: () => void): CallRunner {
    const { deps } = this;
    return (operation, fn) =>
      withRetry(fn, {
        classify: deps.classify,
        budget: deps.budget,
        policy: deps.policy,
        now: deps.limiter.now,
        deadline,
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
        // Only AssumeRoot draws on a limit shared by every account (the caller's). The reads inside a
        // root session count against the member account's own limits: lowering the shared
        // concurrency would slow every other account and not help this one, so a throttle there is
        // only retried, with jittered backoff, for this account.
        onThrottle: (startedAt) => {
          const against = operation === CALLER_OPERATION ? 'caller' : 'member';
          if (against === 'caller') {
            onCallerThrottle();
            deps.limiter.throttled(startedAt);
          }
          deps.onThrottle?.(operation, against);
        },
      });
  }

  /**
   * The account's attempt, repeated with jittered backoff while a transient fault outlasts its calls'
   * retries and the account's deadline has not passed: a blip must not become a finding.
   */
  private async attemptUntilDeadline(
    account: OrgAccount,
    call: CallRunner,
    deadline: number,
  ): Promise<Outcome> {
    const { deps } = this;
    for (let retry = 0; ; retry++) {
      const outcome = await this.attempt(account, call);
      if (outcome.kind === 'ok' || !isTransientFailure(outcome.failure) || this.aborted) return outcome;
      // A spent retry budget means many faults at once (an outage): wait for the second pass instead.
      if (outcome.failure.reason === 'budget' || outcome.failure.reason === 'deadline') return outcome;
      const delay = Math.max(deps.policy.baseDelayMs, backoffDelay(retry + 2, deps.policy));
      if (deps.limiter.now() + delay >= deadline) return outcome;
      await (deps.sleep ?? sleep)(delay);
    }
  }

  /** AssumeRoot, then the reads; an expired session is reopened once. */
  private async attempt(account: OrgAccount, call: CallRunner): Promise<Outcome> {
    const at = () => this.deps.now().toISOString();
    for (let round = 0; ; round++) {
      let session: AuditRootSession;
      try {
        session = await call('sts:AssumeRoot', () => this.deps.opener.open(account.id, AUDIT_TASK));
        this.sessionOpened = true;
      } catch (e) {
        return { kind: 'error', failure: toRawFailure(e, 'assume-root', 'sts:AssumeRoot'), at: at() };
      }
      try {
        return { kind: 'ok', root: await readRootState(session, this.deps.detail, call), at: at() };
      } catch (e) {
        const failure = toRawFailure(e, 'session', 'iam');
        if (round === 0 && e instanceof RetryFailure && /^ExpiredToken/.test(failure.code)) continue;
        return { kind: 'error', failure, at: at() };
      }
    }
  }

  private noteOrgWide(f: RawFailure): void {
    const wide = orgWideDenial(f);
    if (wide === undefined || this.orgWide) return;
    // AWS's bare denial names no reason; it is the organization's only while nothing has worked yet.
    if (wide === 'not-authorized' && this.sessionOpened) return;
    const n = (this.orgWideCounts.get(wide) ?? 0) + 1;
    this.orgWideCounts.set(wide, n);
    if (n >= ORG_WIDE_THRESHOLD) this.orgWide = { failure: f, count: n };
  }
}
