/**
 * The AWS SDK's retry backoff, shortened for a test. The SDK waits a random share of base x 2^attempt
 * between attempts (bases 50 ms, and 1 s for throttling, in its 2026 retry configuration), so a test of
 * "throttled past the retries" used to wait a minute or more for ten attempts. Here the bases are
 * divided for the test's duration: the same attempts, the same adaptive rate limiter, the same give-up
 * and the same messages, only shorter waits. Production defaults are untouched.
 *
 * The CLI must run in this process (test/support/cli.ts) for this to reach its clients. If the SDK
 * renames these settings, spyOn throws: the test fails loudly instead of silently waiting again.
 */
import { Retry } from '@smithy/core/retry';
import { vi } from 'vitest';

/** Divides the SDK's backoff bases by `divisor` until the returned function is called. */
export function shortenSdkBackoff(divisor = 100): () => void {
  const base = Retry.delay();
  const throttling = Retry.throttlingDelay();
  const spies = [
    vi.spyOn(Retry, 'delay').mockReturnValue(Math.max(1, Math.floor(base / divisor))),
    vi.spyOn(Retry, 'throttlingDelay').mockReturnValue(Math.max(1, Math.floor(throttling / divisor))),
  ];
  return () => {
    for (const s of spies) s.mockRestore();
  };
}
