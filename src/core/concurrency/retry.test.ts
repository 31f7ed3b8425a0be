import { describe, expect, it } from 'vitest';
import { RetryBudget, RetryFailure, backoffDelay, withRetry, type FailureKind } from './retry.js';

class Fault extends Error {
  constructor(readonly kind: FailureKind) {
    super(kind);
  }
}
const classify = (e: unknown): FailureKind => (e instanceof Fault ? e.kind : 'fatal');
const noSleep = async () => {};

function failing(kinds: FailureKind[], value = 'ok') {
  let calls = 0;
  return {
    fn: async () => {
      const k = kinds[calls++];
      if (k) throw new Fault(k);
      return value;
    },
    calls: () => calls,
  };
}

describe('withRetry', () => {
  it('retries throttling and transient faults, then returns the value', async () => {
    const f = failing(['throttling', 'transient', 'network']);
    const throttles: number[] = [];
    const v = await withRetry(f.fn, {
      classify,
      budget: new RetryBudget(),
      sleep: noSleep,
      onThrottle: (t) => throttles.push(t),
    });
    expect(v).toBe('ok');
    expect(f.calls()).toBe(4);
    expect(throttles).toHaveLength(1);
  });

  it('does not retry fatal errors', async () => {
    const f = failing(['fatal']);
    const e = await withRetry(f.fn, { classify, budget: new RetryBudget(), sleep: noSleep }).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(RetryFailure);
    expect(e).toMatchObject({ reason: 'fatal', attempts: 1, kind: 'fatal' });
    expect(f.calls()).toBe(1);
  });

  it('gives up after the attempts allowed for the kind of fault and reports the retries made', async () => {
    const f = failing(Array(50).fill('throttling'));
    const e = (await withRetry(f.fn, { classify, budget: new RetryBudget(), sleep: noSleep }).catch(
      (x: unknown) => x,
    )) as RetryFailure;
    expect(e.reason).toBe('attempts');
    expect(e.attempts).toBe(10);
    expect(e.retries).toBe(9);
    const g = failing(Array(50).fill('transient'));
    const e2 = (await withRetry(g.fn, { classify, budget: new RetryBudget(), sleep: noSleep }).catch(
      (x: unknown) => x,
    )) as RetryFailure;
    expect(e2.attempts).toBe(4);
  });

  it('fails fast once the shared budget is spent, and successes refill it', async () => {
    const budget = new RetryBudget(20, 1);
    const f = failing(Array(50).fill('network'));
    const e = (await withRetry(f.fn, { classify, budget, sleep: noSleep }).catch(
      (x: unknown) => x,
    )) as RetryFailure;
    expect(e.reason).toBe('budget');
    expect(e.attempts).toBe(3); // two retries at 10 tokens each
    expect(budget.stats().available).toBe(0);
    await withRetry(async () => 1, { classify, budget, sleep: noSleep });
    expect(budget.stats().available).toBe(1);
  });

  it('waits a jittered, growing, capped delay between attempts', async () => {
    const delays: number[] = [];
    const f = failing(Array(6).fill('throttling'));
    await withRetry(f.fn, {
      classify,
      budget: new RetryBudget(),
      sleep: async (ms) => void delays.push(ms),
      random: () => 0.999,
      policy: { throttlingAttempts: 10, transientAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 },
    });
    expect(delays).toEqual([99, 199, 399, 799, 999, 999]);
    expect(
      backoffDelay(
        3,
        { throttlingAttempts: 1, transientAttempts: 1, baseDelayMs: 100, maxDelayMs: 5000 },
        () => 0,
      ),
    ).toBe(0);
  });

  describe('with a deadline (a fake clock: no real waiting)', () => {
    /** An endpoint that never answers: each attempt fails after the request timeout of 30 s. */
    function hungEndpoint(clock: { ms: number }) {
      let calls = 0;
      return {
        fn: async (): Promise<string> => {
          calls++;
          clock.ms += 30_000;
          throw new Fault('network');
        },
        calls: () => calls,
      };
    }
    const options = (clock: { ms: number }, deadline?: number) => ({
      classify,
      budget: new RetryBudget(),
      now: () => clock.ms,
      sleep: async (ms: number) => void (clock.ms += ms),
      deadline,
    });

    it('stops retrying a hung call once another attempt would end past the deadline', async () => {
      const clock = { ms: 0 };
      const hung = hungEndpoint(clock);
      const e = (await withRetry(hung.fn, options(clock, 45_000)).catch((x: unknown) => x)) as RetryFailure;
      expect(e).toBeInstanceOf(RetryFailure);
      expect(e).toMatchObject({ reason: 'deadline', kind: 'network', attempts: 1 });
      expect(hung.calls()).toBe(1);
      expect(clock.ms).toBe(30_000);
      // Without a deadline the same call takes its four attempts: 120 s.
      const unbounded = { ms: 0 };
      const again = hungEndpoint(unbounded);
      const e2 = (await withRetry(again.fn, options(unbounded)).catch((x: unknown) => x)) as RetryFailure;
      expect(e2).toMatchObject({ reason: 'attempts', attempts: 4 });
      expect(unbounded.ms).toBeGreaterThanOrEqual(120_000);
    });

    it('still retries quick faults that fit before the deadline', async () => {
      const clock = { ms: 0 };
      const f = failing(['transient', 'network', 'throttling']);
      await expect(withRetry(f.fn, options(clock, 60_000))).resolves.toBe('ok');
      expect(f.calls()).toBe(4);
    });

    it('spends no retry token on a retry the deadline refuses', async () => {
      const clock = { ms: 0 };
      const budget = new RetryBudget(50);
      const hung = hungEndpoint(clock);
      await withRetry(hung.fn, { ...options(clock, 10_000), budget }).catch(() => undefined);
      expect(budget.stats()).toMatchObject({ available: 50, retries: 0 });
    });
  });
});
