/**
 * A client-side pacer: rootctl's own request rate to one service kept under that service's limit, so
 * a burst of reads (doctor's tree walk and SCP reads, setup's plan, an audit's listing) does not empty
 * the service's token bucket and meet throttling in the first place. Without it, the first throttled
 * answer switches the SDK's adaptive retry mode into slow-start and the rest of the run crawls at a
 * few calls per second.
 *
 * A token bucket of `burst` tokens refilled at `perSecond`, kept as GCRA (the "theoretical arrival
 * time" of the next call): each caller reserves its slot at once and waits only for its own turn, in
 * the order the calls were made. The clock is injectable so tests run on a fake one.
 */
import type { FinalizeRequestMiddleware, Pluggable } from '@smithy/types';

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: PacerClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface PacerRate {
  /** Sustained calls per second; 0 or less turns pacing off. */
  perSecond: number;
  /** Calls that may go at once after a quiet spell (at least 1). */
  burst: number;
}

export class Pacer {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  /** When the bucket is full again if no call comes; a call may go once `tat - tolerance <= now`. */
  private tat: number;
  private waitingCount = 0;

  constructor(
    readonly rate: PacerRate,
    private readonly clock: PacerClock = realClock,
  ) {
    this.intervalMs = rate.perSecond > 0 ? 1000 / rate.perSecond : 0;
    this.toleranceMs = Math.max(0, Math.floor(rate.burst) - 1) * this.intervalMs;
    this.tat = clock.now();
  }

  /** Calls queued for their slot right now. */
  get waiting(): number {
    return this.waitingCount;
  }

  /** Resolves when this call may be sent (at once while the bucket holds a token). */
  async acquire(): Promise<void> {
    if (this.intervalMs === 0) return;
    const now = this.clock.now();
    const tat = Math.max(this.tat, now);
    const sendAt = Math.max(now, tat - this.toleranceMs);
    this.tat = tat + this.intervalMs;
    if (sendAt <= now) return;
    this.waitingCount += 1;
    try {
      await this.clock.sleep(sendAt - now);
    } finally {
      this.waitingCount -= 1;
    }
  }
}

/**
 * The pacer as SDK middleware: every attempt of every operation (retries included) takes a slot just
 * before it is signed, so a long wait never makes a stale signature.
 */
export function pacerPlugin<I extends object, O extends object>(pacer: Pacer): Pluggable<I, O> {
  const middleware: FinalizeRequestMiddleware<I, O> = (next) => async (args) => {
    await pacer.acquire();
    return next(args);
  };
  return {
    applyToStack(stack) {
      stack.addRelativeTo(middleware, {
        name: 'rootctlPacerMiddleware',
        relation: 'before',
        toMiddleware: 'httpSigningMiddleware',
        override: true,
      });
    },
  };
}
