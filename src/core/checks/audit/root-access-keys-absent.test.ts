import { describe, expect, it } from 'vitest';
import { rootAccessKeysAbsent as check } from './root-access-keys-absent.js';
import { audited, cleanRoot, errored, suspended } from './samples.js';

const key = { id: 'AKIAIOSFODNN7EXAMPLE', status: 'Inactive' as const };

describe(check.id, () => {
  it('passes when the root user has no access keys', () => {
    expect(check.evaluate({ account: audited() }).status).toBe('pass');
  });
  it('fails on any access key, active or not, naming it', () => {
    expect(check.evaluate({ account: audited({ accessKeys: [key], accessKeysPresent: true }) })).toEqual({
      status: 'fail',
      reason: 'the root user has 1 access key: AKIAIOSFODNN7EXAMPLE (Inactive)',
    });
  });
  it('fails on presence alone with --detail summary', () => {
    const root = { ...cleanRoot('summary'), accessKeysPresent: true };
    expect(check.evaluate({ account: audited(root) }).status).toBe('fail');
  });
  it('is unknown on error, not applicable when skipped, and maps to CIS "no root access key"', () => {
    expect(check.evaluate({ account: errored }).status).toBe('unknown');
    expect(check.evaluate({ account: suspended }).status).toBe('not_applicable');
    expect(check.cis?.find((c) => c.version === 'v3.0.0')?.control).toBe('1.4');
  });
});
