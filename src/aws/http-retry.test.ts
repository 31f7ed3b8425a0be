import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { DeadlineRetryStrategy } from './http-retry.js';

/** An inner strategy that always allows a retry after `delayMs`, as the SDK's would with attempts left. */
function endless(delayMs: number): RetryStrategyV2 {
  const token = (count: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => delayMs });
  return {
    acquireInitialRetryToken: () => Promise.resolve(token(0)),
    refreshRetryTokenForRetry: (t) => Promise.resolve(token(t.getRetryCount() + 1)),
    recordSuccess: () => {},
  };
}

describe('DeadlineRetryStrategy', () => {
  it('allows retries while the next attempt starts before the deadline, then rethrows the last error', async () => {
    let clock = 0;
    const strategy = new DeadlineRetryStrategy(endless(3000), 10_000, () => clock);
    let token = await strategy.acquireInitialRetryToken('organizations');
    const info = (n: number): RetryErrorInfo => ({
      error: new Error(`fault ${n}`) as NonNullable<RetryErrorInfo['error']>,
      errorType: 'THROTTLING',
    });
    const allowed: number[] = [];
    for (let n = 1; n < 20; n++) {
      try {
        token = await strategy.refreshRetryTokenForRetry(token, info(n));
      } catch (e) {
        expect((e as Error).message).toBe(`fault ${n}`);
        break;
      }
      allowed.push(n);
      clock += token.getRetryDelay() + 100; // the backoff, then an attempt that fails
    }
    // 0, 3.1, 6.2 s: the next retry would start at 9.3 + 3 s > 10 s.
    expect(allowed).toEqual([1, 2, 3]);
  });

  it('times each operation from its own first attempt', async () => {
    let clock = 0;
    const strategy = new DeadlineRetryStrategy(endless(1000), 5000, () => clock);
    const first = await strategy.acquireInitialRetryToken('a');
    clock = 4500;
    const second = await strategy.acquireInitialRetryToken('b');
    const info: RetryErrorInfo = {
      error: new Error('x') as NonNullable<RetryErrorInfo['error']>,
      errorType: 'TRANSIENT',
    };
    await expect(strategy.refreshRetryTokenForRetry(first, info)).rejects.toThrow('x');
    await expect(strategy.refreshRetryTokenForRetry(second, info)).resolves.toBeDefined();
  });
});
