/**
 * Retries with full-jitter exponential backoff and a shared retry budget.
 *
 * - Throttling is retried more times than other faults (it is expected under load and the limiter
 *   backs off at the same time) and costs little budget.
 * - Transient faults (5xx) and network errors cost more; when the budget is spent, calls fail fast
 *   instead of multiplying load on a service that is down (the SDK's retry quota does the same).
 * - Successes refill the budget, so a long healthy run never runs dry.
 * - An optional deadline bounds the time: no retry starts that would, at the pace of the attempt just
 *   failed, end after it (an endpoint that never answers costs one request timeout, not four).
 * A give-up is a RetryFailure carrying the last error and the number of attempts.
 */

export type FailureKind = 'throttling' | 'transient' | 'network' | 'fatal';

export interface RetryPolicy {
  /** Attempts (first try included) for throttling; default 10. */
  throttlingAttempts: number;
  /** Attempts for transient and network faults; default 4. */
  transientAttempts: number;
  /** First backoff ceiling in ms; doubles each retry; default 100. */
  baseDelayMs: number;
  /** Backoff ceiling in ms; default 5000. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  throttlingAttempts: 10,
  transientAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 5000,
};

const COST: Record<Exclude<FailureKind, 'fatal'>, number> = { throttling: 1, transient: 5, network: 10 };

/** A token bucket of retries shared by every call of one run. */
export class RetryBudget {
  private tokens: number;
  private spentCount = 0;
  private deniedCount = 0;
  constructor(
    readonly capacity = 500,
    /** Tokens returned per successful call. */
    readonly refill = 1,
  ) {
    this.tokens = capacity;
  }

  take(kind: Exclude<FailureKind, 'fatal'>): boolean {
    const cost = COST[kind];
    if (this.tokens < cost) {
      this.deniedCount++;
      return false;
    }
    this.tokens -= cost;
    this.spentCount++;
    return true;
  }

  succeeded(): void {
    this.tokens = Math.min(this.capacity, this.tokens + this.refill);
  }

  stats(): { available: number; retries: number; denied: number } {
    return { available: this.tokens, retries: this.spentCount, denied: this.deniedCount };
  }
}

/**
 * Why retrying stopped: out of attempts for this kind of fault, out of budget, out of time (the
 * deadline), or not retryable.
 */
export type RetryStop = 'attempts' | 'budget' | 'deadline' | 'fatal';

/** Why retrying stopped: see RetryStop. */
export class RetryFailure extends Error {
  override readonly name = 'RetryFailure';
  constructor(
    readonly lastError: unknown,
    readonly kind: FailureKind,
    readonly attempts: number,
    readonly reason: RetryStop,
  ) {
    super(lastError instanceof Error ? lastError.message : String(lastError), { cause: lastError });
  }

  /** Retries made (attempts after the first). */
  get retries(): number {
    return this.attempts - 1;
  }
}

export interface RetryOptions {
  classify: (e: unknown) => FailureKind;
  budget: RetryBudget;
  policy?: RetryPolicy;
  /** Called on each throttled attempt with the time that attempt started (feeds the limiter). */
  onThrottle?: (attemptStartedAt: number) => void;
  now?: () => number;
  /**
   * When retrying must stop, in `now()` time: a retry is not made when the wait before it plus the
   * duration of the attempt that just failed would end past it (the first attempt always runs).
   */
  deadline?: number | undefined;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Full jitter: a uniform delay in [0, min(max, base * 2^retry)]. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const now = options.now ?? (() => performance.now());
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    const startedAt = now();
    try {
      const value = await fn();
      options.budget.succeeded();
      return value;
    } catch (e) {
      const kind = options.classify(e);
      if (kind === 'fatal') throw new RetryFailure(e, kind, attempt, 'fatal');
      if (kind === 'throttling') options.onThrottle?.(startedAt);
      const limit = kind === 'throttling' ? policy.throttlingAttempts : policy.transientAttempts;
      if (attempt >= limit) throw new RetryFailure(e, kind, attempt, 'attempts');
      const delay = backoffDelay(attempt - 1, policy, options.random);
      if (wouldPassDeadline(options.deadline, now(), delay, now() - startedAt))
        throw new RetryFailure(e, kind, attempt, 'deadline');
      if (!options.budget.take(kind)) throw new RetryFailure(e, kind, attempt, 'budget');
      await wait(delay);
    }
  }
}

/** Whether waiting `delayMs` and then an attempt as long as the last one would end past `deadline`. */
function wouldPassDeadline(deadline: number | undefined, at: number, delayMs: number, lastAttemptMs: number) {
  return deadline !== undefined && at + delayMs + lastAttemptMs > deadline;
}

/** The original error of a RetryFailure (or the error itself). */
export function unwrapRetry(e: unknown): unknown {
  return e instanceof RetryFailure ? e.lastError : e;
}
