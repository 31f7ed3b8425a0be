import { describe, expect, it } from 'vitest';
import { createAwsContext, ORGANIZATIONS_RATE } from './clients.js';
import { Pacer, type PacerClock } from './pacer.js';

/** A clock that only moves when a caller sleeps: the send times are exact, whatever the machine's load. */
function fakeClock(): PacerClock {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
}

describe('Pacer (token bucket)', () => {
  it('lets a burst through at once, then one call per interval', async () => {
    const waits: number[] = [];
    let now = 0;
    const clock: PacerClock = {
      now: () => now,
      sleep: async (ms) => void waits.push(ms),
    };
    const pacer = new Pacer({ perSecond: 10, burst: 3 }, clock);
    await Promise.all(Array.from({ length: 6 }, () => pacer.acquire()));
    // Three at once (no sleep), then the 4th, 5th and 6th at 100, 200, 300 ms.
    expect(waits).toEqual([100, 200, 300]);
    // After a quiet second the bucket is full again.
    now = 1400;
    waits.length = 0;
    await Promise.all(Array.from({ length: 4 }, () => pacer.acquire()));
    expect(waits).toEqual([100]);
  });

  it('never lets more calls go in any second than the burst plus the rate', async () => {
    const clock = fakeClock();
    const sendTimes: number[] = [];
    const pacer = new Pacer({ perSecond: 16, burst: 8 }, clock);
    // 60 callers, one after another, each waiting its turn on the fake clock.
    for (let i = 0; i < 60; i++) {
      await pacer.acquire();
      sendTimes.push(clock.now());
    }
    for (const t of sendTimes) {
      const inWindow = sendTimes.filter((s) => s >= t && s < t + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(8 + 16);
    }
    // 8 at once, the other 52 at 16/s: the last one 52/16 s later.
    expect(sendTimes.at(-1)).toBeCloseTo((52 / 16) * 1000, 6);
  });

  it('does nothing at a rate of 0', async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ perSecond: 0, burst: 1 }, clock);
    await Promise.all(Array.from({ length: 100 }, () => pacer.acquire()));
    expect(clock.now()).toBe(0);
  });
});

describe('the Organizations client of a context', () => {
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

  it('paces every attempt before it is signed, under the documented assumed rate', () => {
    const ctx = createAwsContext({ region: 'us-east-1', credentials });
    const stack = ctx.organizations.middlewareStack.identify();
    const paced = stack.findIndex((m) => m.startsWith('rootctlPacerMiddleware'));
    expect(paced).toBeGreaterThan(stack.findIndex((m) => m.startsWith('retryMiddleware')));
    expect(paced).toBeLessThan(stack.findIndex((m) => m.startsWith('httpSigningMiddleware')));
    // Under the emulator's assumed 20 calls/s (docs/emulator.md), bursts included.
    expect(ORGANIZATIONS_RATE.perSecond).toBeLessThan(20);
    expect(ORGANIZATIONS_RATE.burst).toBeLessThan(20);
    ctx.destroy();
  });

  it('has no pacer when the caller turns it off', () => {
    const ctx = createAwsContext({
      region: 'us-east-1',
      credentials,
      organizationsRate: { perSecond: 0, burst: 1 },
    });
    expect(ctx.organizations.middlewareStack.identify().some((m) => m.startsWith('rootctlPacer'))).toBe(
      false,
    );
    ctx.destroy();
  });
});
