import { describe, expect, it } from 'vitest';
import { rootAccessKeysNotRecentlyUsed as check } from './root-access-keys-not-recently-used.js';
import { audited, cleanRoot, suspended } from './samples.js';

const usedOn = (date: string) => ({
  id: 'AKIAIOSFODNN7EXAMPLE',
  status: 'Active' as const,
  lastUsed: { date, service: 's3', region: 'us-east-1' },
});

describe(check.id, () => {
  it('passes without keys, with a never-used key, and with a key last used long before the audit', () => {
    expect(check.evaluate({ account: audited() }).status).toBe('pass');
    const never = [{ id: 'AKIAIOSFODNN7EXAMPLE', status: 'Active' as const }];
    expect(check.evaluate({ account: audited({ accessKeys: never, accessKeysPresent: true }) }).status).toBe(
      'pass',
    );
    const old = [usedOn('2024-01-01T00:00:00Z')];
    expect(check.evaluate({ account: audited({ accessKeys: old, accessKeysPresent: true }) }).status).toBe(
      'pass',
    );
  });
  it('fails on a key used days before the audit (judged against the audit time, not the clock)', () => {
    const recent = [usedOn('2025-05-30T00:00:00Z')];
    expect(check.evaluate({ account: audited({ accessKeys: recent, accessKeysPresent: true }) })).toEqual({
      status: 'fail',
      reason: 'used in the last 30 days: AKIAIOSFODNN7EXAMPLE on 2025-05-30T00:00:00Z (s3)',
    });
  });
  it('is unknown with --detail summary, not applicable when skipped', () => {
    const root = { ...cleanRoot('summary'), accessKeysPresent: true };
    expect(check.evaluate({ account: audited(root) }).status).toBe('unknown');
    expect(check.evaluate({ account: suspended }).status).toBe('not_applicable');
  });
});
