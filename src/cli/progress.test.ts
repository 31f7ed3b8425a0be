import { describe, expect, it } from 'vitest';
import type { AccountId } from '../core/model/account-id.js';
import { AuditProgress, formatEta } from './progress.js';

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
