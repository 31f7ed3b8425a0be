/**
 * A concurrency limit that finds its own level, the way TCP finds a link's capacity:
 * - slow start: begin modestly and add one slot per success (the limit doubles every round trip)
 *   until the first throttle;
 * - then additive increase (one slot per `limit` successes, i.e. +1 per round trip) and
 *   multiplicative decrease on throttling;
 * - at most one decrease per "epoch": a throttle only counts if the throttled call started after the
 *   last decrease. Calls already in flight were sent at the old rate; letting each of them cut the
 *   limit again would collapse it to the minimum after one burst (a throttling storm in reverse).
 * `max` is the hard cap (`--concurrency`); the limit never leaves [min, max].
 */

export interface AdaptiveLimiterOptions {
  /** Hard cap on work in flight. */
  max: number;
  /** Where to start; default min(8, max). */
  initial?: number;
  /** Floor; default 1. */
  min?: number;
  /** Factor applied on throttling after slow start; default 0.85. */
  decrease?: number;
  /** Factor applied on the first throttle, which ends slow start; default 0.5. */
  slowStartDecrease?: number;
  /** Clock in milliseconds (tests pass a fake). */
  now?: () => number;
}

export interface Permit {
  /** When the permit was granted (ms on the limiter's clock). */
  readonly startedAt: number;
  /** Gives the slot back; idempotent. */
  release(): void;
}

export interface LimiterStats {
  limit: number;
  inFlight: number;
  queued: number;
  peakLimit: number;
  throttles: number;
  decreases: number;
}

export class AdaptiveLimiter {
  private limitValue: number;
  private inFlightCount = 0;
  private readonly waiters: (() => void)[] = [];
  private slowStart = true;
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  private throttleCount = 0;
  private decreaseCount = 0;
  private peak: number;
  private readonly min: number;
  private readonly max: number;
  private readonly decrease: number;
  private readonly slowStartDecrease: number;
  readonly now: () => number;

  constructor(options: AdaptiveLimiterOptions) {
    this.max = Math.max(1, Math.floor(options.max));
    this.min = Math.min(this.max, Math.max(1, Math.floor(options.min ?? 1)));
    this.limitValue = clamp(options.initial ?? Math.min(8, this.max), this.min, this.max);
    this.peak = this.limitValue;
    this.decrease = options.decrease ?? 0.85;
    this.slowStartDecrease = options.slowStartDecrease ?? 0.5;
    this.now = options.now ?? (() => performance.now());
  }

  /** The current limit, rounded down: how many permits may be out at once. */
  get limit(): number {
    return Math.floor(this.limitValue);
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  stats(): LimiterStats {
    return {
      limit: this.limit,
      inFlight: this.inFlightCount,
      queued: this.waiters.length,
      peakLimit: Math.floor(this.peak),
      throttles: this.throttleCount,
      decreases: this.decreaseCount,
    };
  }

  /** Waits for a free slot. */
  async acquire(): Promise<Permit> {
    while (this.inFlightCount >= this.limit) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    this.inFlightCount++;
    let released = false;
    return {
      startedAt: this.now(),
      release: () => {
        if (released) return;
        released = true;
        this.inFlightCount--;
        this.wake();
      },
    };
  }

  /** A unit of work succeeded without being throttled: grow. */
  success(): void {
    const before = this.limit;
    this.limitValue = Math.min(this.max, this.limitValue + (this.slowStart ? 1 : 1 / this.limitValue));
    this.peak = Math.max(this.peak, this.limitValue);
    if (this.limit > before) this.wake();
  }

  /**
   * A call that started at `startedAt` was throttled: shrink, once per epoch. Returns whether the
   * limit was lowered.
   */
  throttled(startedAt: number): boolean {
    this.throttleCount++;
    if (startedAt < this.lastDecreaseAt) return false;
    const factor = this.slowStart ? this.slowStartDecrease : this.decrease;
    this.slowStart = false;
    this.limitValue = Math.max(this.min, this.limitValue * factor);
    this.lastDecreaseAt = this.now();
    this.decreaseCount++;
    return true;
  }

  private wake(): void {
    // Wake as many waiters as there are free slots; each re-checks the limit itself.
    let free = this.limit - this.inFlightCount;
    while (free-- > 0 && this.waiters.length) this.waiters.shift()!();
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.floor(v)));
}
