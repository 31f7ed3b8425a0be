/**
 * Throttling as AWS does it: token buckets per calling account, per service and per operation
 * where a limit is configured. AWS does not publish these numbers; the defaults are assumptions
 * (documented in docs/emulator.md): AssumeRoot 100/s, LookupEvents 2/s (documented by CloudTrail),
 * everything else 20/s per calling account and service.
 */
export interface RateConfig {
  /** Per-operation limits in calls per second, e.g. { AssumeRoot: 100 }. */
  operations: Record<string, number>;
  /** Limit for every other operation, per calling account and service; 0 disables throttling. */
  defaultPerSecond: number;
}

export const DEFAULT_RATES: RateConfig = {
  operations: { AssumeRoot: 100, LookupEvents: 2 },
  defaultPerSecond: 20,
};

interface Bucket {
  tokens: number;
  last: number;
  rate: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(public config: RateConfig) {}

  /** Takes one token; false means throttle this call. */
  take(accountId: string, service: string, operation: string, nowMs: number): boolean {
    const perOp = this.config.operations[operation];
    const rate = perOp ?? this.config.defaultPerSecond;
    if (!(rate > 0)) return true;
    const key = perOp === undefined ? `${accountId}|${service}` : `${accountId}|${service}|${operation}`;
    let b = this.buckets.get(key);
    if (!b || b.rate !== rate) {
      b = { tokens: rate, last: nowMs, rate };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(rate, b.tokens + ((nowMs - b.last) / 1000) * rate);
    b.last = nowMs;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}

/** Parses `AssumeRoot=100/s` (also `100`, `6000/m`). */
export function parseRate(spec: string): [operation: string, perSecond: number] {
  const m = /^([A-Za-z*]+)=(\d+(?:\.\d+)?)(?:\/(s|m))?$/.exec(spec.trim());
  if (!m) throw new Error(`'${spec}' is not a rate (use e.g. AssumeRoot=100/s)`);
  const n = Number(m[2]) / (m[3] === 'm' ? 60 : 1);
  return [m[1]!, n];
}
