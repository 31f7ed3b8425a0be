import { describe, expect, it } from 'vitest';
import { rootPasswordAbsent as check } from './root-password-absent.js';
import { audited, errored, suspended } from './samples.js';

describe(check.id, () => {
  it('passes when the root user has no console password', () => {
    expect(check.evaluate({ account: audited() }).status).toBe('pass');
  });
  it('fails when the root user has a console password, saying since when', () => {
    const r = check.evaluate({
      account: audited({ password: { present: true, createDate: '2020-01-01T00:00:00Z' } }),
    });
    expect(r).toEqual({
      status: 'fail',
      reason: 'the root user has a console password (created 2020-01-01T00:00:00Z)',
    });
  });
  it('is unknown for an account that could not be audited, not applicable for a skipped one', () => {
    expect(check.evaluate({ account: errored })).toEqual({
      status: 'unknown',
      reason: 'could not be audited: blocked by SCP p-abc (DenyRoot)',
    });
    expect(check.evaluate({ account: suspended }).status).toBe('not_applicable');
  });
});
