import { describe, expect, it } from 'vitest';
import { AdaptiveLimiter } from './adaptive-limiter.js';

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('AdaptiveLimiter', () => {
  it('starts modestly and never exceeds the cap', () => {
    const l = new AdaptiveLimiter({ max: 20 });
    expect(l.limit).toBe(8);
    for (let i = 0; i < 100; i++) l.success();
    expect(l.limit).toBe(20);
    expect(new AdaptiveLimiter({ max: 3 }).limit).toBe(3);
  });

  it('grows by one per success in slow start, then by about one per round of `limit` successes', () => {
    const c = clock();
    const l = new AdaptiveLimiter({ max: 1000, initial: 10, now: c.now });
    for (let i = 0; i < 10; i++) l.success();
    expect(l.limit).toBe(20);
    c.advance(1);
    expect(l.throttled(c.now())).toBe(true); // ends slow start: halves
    expect(l.limit).toBe(10);
    for (let i = 0; i < 11; i++) l.success(); // 1/10 + 1/10.1 + ... crosses 11 on the 11th
    expect(l.limit).toBe(11);
  });

  it('lowers the limit once per epoch: throttles of calls sent before the last decrease do not count again', () => {
    const c = clock();
    const l = new AdaptiveLimiter({ max: 1000, initial: 100, now: c.now, slowStartDecrease: 0.85 });
    const sentEarly = c.now();
    c.advance(10);
    expect(l.throttled(sentEarly)).toBe(true);
    expect(l.limit).toBe(85);
    // 30 more throttles of calls that were already in flight: no further cut.
    for (let i = 0; i < 30; i++) expect(l.throttled(sentEarly)).toBe(false);
    expect(l.limit).toBe(85);
    c.advance(10);
    expect(l.throttled(c.now())).toBe(true);
    expect(l.limit).toBe(72);
    expect(l.stats()).toMatchObject({ throttles: 32, decreases: 2, peakLimit: 100 });
  });

  it('never goes below the floor', () => {
    const c = clock();
    const l = new AdaptiveLimiter({ max: 50, initial: 4, min: 2, now: c.now });
    for (let i = 0; i < 20; i++) {
      c.advance(1);
      l.throttled(c.now());
    }
    expect(l.limit).toBe(2);
  });

  it('holds callers while the limit is reached and lets them in as permits are released', async () => {
    const l = new AdaptiveLimiter({ max: 2, initial: 2 });
    const a = await l.acquire();
    const b = await l.acquire();
    let third = false;
    const p = l.acquire().then((permit) => {
      third = true;
      return permit;
    });
    await Promise.resolve();
    expect(third).toBe(false);
    expect(l.stats()).toMatchObject({ inFlight: 2, queued: 1 });
    a.release();
    a.release(); // idempotent
    const c = await p;
    expect(third).toBe(true);
    expect(l.inFlight).toBe(2);
    b.release();
    c.release();
    expect(l.inFlight).toBe(0);
  });

  it('wakes waiters when the limit grows', async () => {
    const l = new AdaptiveLimiter({ max: 10, initial: 1 });
    await l.acquire();
    let got = false;
    const p = l.acquire().then(() => (got = true));
    await Promise.resolve();
    expect(got).toBe(false);
    l.success();
    await p;
    expect(got).toBe(true);
  });
});
