/**
 * A deadline on the SDK's own retries of one operation. The SDK retries by attempts (10 adaptive
 * attempts for Organizations, whose 20 s backoff ceiling made a throttled read take over a minute in
 * doctor); with a deadline it keeps retrying only while the next attempt would start before
 * `deadlineMs` after the first, then fails with the last error, so the caller reports what could not
 * be read instead of waiting. The client's own strategy (standard or adaptive) is kept, wrapped.
 */
import type { RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryToken } from '@smithy/types';

/** Default bound on one operation's SDK retries, in ms (ROOTCTL_RETRY_DEADLINE in seconds). */
export const DEFAULT_RETRY_DEADLINE_MS = 30_000;

function isV2(s: unknown): s is RetryStrategyV2 {
  const x = s as Partial<RetryStrategyV2> | undefined;
  return (
    typeof x?.acquireInitialRetryToken === 'function' && typeof x.refreshRetryTokenForRetry === 'function'
  );
}

export class DeadlineRetryStrategy implements RetryStrategyV2 {
  private readonly started = new WeakMap<RetryToken, number>();
  constructor(
    private readonly inner: RetryStrategyV2,
    readonly deadlineMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get mode(): string | undefined {
    return (this.inner as { mode?: string }).mode;
  }

  async acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    // The adaptive strategy's pacing (waiting for a send token) is not retrying: the clock starts after it.
    const token = await this.inner.acquireInitialRetryToken(scope);
    this.started.set(token, this.now());
    return token;
  }

  async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const start = this.started.get(token) ?? this.now();
    const next = await this.inner.refreshRetryTokenForRetry(token, info);
    // The SDK rethrows the operation's last error when this throws.
    if (this.now() - start + next.getRetryDelay() > this.deadlineMs) throw info.error as Error;
    this.started.set(next, start);
    return next;
  }

  recordSuccess(token: RetryToken | StandardRetryToken): void {
    this.inner.recordSuccess(token);
  }
}

interface WithRetryStrategy {
  config: { retryStrategy: () => Promise<unknown> };
}

/** Bounds `client`'s SDK retries of each operation to `deadlineMs` (its strategy is resolved lazily). */
export function boundRetryTime<C extends object>(client: C, deadlineMs: number): C {
  const config = (client as unknown as WithRetryStrategy).config;
  const resolve = config.retryStrategy.bind(config);
  let bounded: Promise<unknown> | undefined;
  config.retryStrategy = () =>
    (bounded ??= resolve().then((inner) =>
      isV2(inner) ? new DeadlineRetryStrategy(inner, deadlineMs) : inner,
    ));
  return client;
}
