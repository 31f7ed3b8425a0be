import { describe, expect, it } from 'vitest';
import type { AccountId } from '../core/model/account-id.js';
import { ApplyProgress, AuditProgress, ReadinessProgress, formatEta } from './progress.js';

describe('audit progress line', () => {
  it('shows done/total, errors, rate, ETA and work in flight, and clears itself when finished', () => {
    let now = 0;
    const written: string[] = [];
    const p = new AuditProgress({ write: (s) => written.push(s), now: () => now, intervalMs: 0 });
    p.onEvent({
      kind: 'started',
      organizationId: 'o-x',
      callerArn: 'arn',
      callerRole: 'management',
      scope: 'organization',
    });
    p.onEvent({ kind: 'discovered', total: 200 });
    expect(p.line()).toContain('listing the organization');
    p.onEvent({ kind: 'listing-complete', total: 200 });
    now = 2000;
    p.onEvent({
      kind: 'account-done',
      accountId: '222222222222' as AccountId,
      status: 'error',
      done: 100,
      total: 200,
      errors: 3,
      listingComplete: true,
      inFlight: 12,
      limit: 20,
    });
    expect(written.at(-1)).toBe(
      '\r\u001b[2Kauditing 100/200 accounts · 3 errors · 50.0/s · ETA 0:02 · 12 in flight',
    );
    p.onEvent({
      kind: 'finished',
      durationMs: 1,
      summary: { total: 0, compliant: 0, non_compliant: 0, error: 0, skipped: 0 },
      stats: { peakConcurrency: 1, finalConcurrency: 1, throttles: 0, retries: 0, retryBudgetDenied: 0 },
    });
    expect(written.at(-1)).toBe('\r\u001b[2K');
  });

  it('formats ETAs', () => {
    expect(formatEta(5)).toBe('0:05');
    expect(formatEta(3725)).toBe('1:02:05');
    expect(formatEta(Number.POSITIVE_INFINITY)).toBe('--:--');
  });
});

describe('readiness progress line (doctor, setup)', () => {
  it('says what is read, how many accounts are listed and for how long, and clears itself', () => {
    let now = 1000;
    const written: string[] = [];
    const p = new ReadinessProgress({ write: (s) => written.push(s), now: () => now, intervalMs: 0 });
    p.onEvent({ kind: 'reading', what: 'caller identity (sts:GetCallerIdentity)' });
    expect(written.at(-1)).toBe('\r\u001b[2Kreading caller identity (sts:GetCallerIdentity) · 0:00');
    p.onEvent({ kind: 'reading', what: 'the OU tree' });
    now = 8500;
    p.onEvent({ kind: 'accounts-listed', listed: 1240 });
    expect(written.at(-1)).toBe('\r\u001b[2Kreading the OU tree · 1,240 accounts listed · 0:07');
    p.clear();
    expect(written.at(-1)).toBe('\r\u001b[2K');
    const count = written.length;
    p.clear();
    expect(written).toHaveLength(count);
  });

  it('redraws at most once per interval, except when the phase changes, and fits the terminal', () => {
    let now = 0;
    const written: string[] = [];
    const p = new ReadinessProgress({
      write: (s) => written.push(s),
      now: () => now,
      intervalMs: 150,
      columns: 30,
    });
    p.onEvent({ kind: 'reading', what: 'the OU tree' });
    for (let i = 1; i <= 10; i++) p.onEvent({ kind: 'accounts-listed', listed: i * 20 });
    expect(written).toHaveLength(1);
    now = 200;
    p.onEvent({ kind: 'accounts-listed', listed: 220 });
    expect(written).toHaveLength(2);
    expect(written.at(-1)).toBe('\r\u001b[2Kreading the OU tree · 220 acc');
    p.onEvent({ kind: 'reading', what: 'SCPs' });
    expect(written).toHaveLength(3);
  });
});

describe('one drawer for every progress line', () => {
  it('audit, apply and readiness lines all clear the same way', () => {
    for (const make of [
      (w: (s: string) => void) => new AuditProgress({ write: w, intervalMs: 0 }),
      (w: (s: string) => void) => new ApplyProgress({ write: w, line: () => {}, intervalMs: 0 }),
      (w: (s: string) => void) => new ReadinessProgress({ write: w, intervalMs: 0 }),
    ]) {
      const written: string[] = [];
      const p = make((s) => written.push(s));
      p.clear();
      expect(written).toEqual([]);
    }
  });
});
