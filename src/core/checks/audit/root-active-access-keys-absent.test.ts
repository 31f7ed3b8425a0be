import { describe, expect, it } from 'vitest';
import { rootActiveAccessKeysAbsent as check } from './root-active-access-keys-absent.js';
import { audited, cleanRoot, errored } from './samples.js';

describe(check.id, () => {
  it('passes without keys, and when every key is inactive', () => {
    expect(check.evaluate({ account: audited() }).status).toBe('pass');
    const inactive = [{ id: 'AKIAIOSFODNN7EXAMPLE', status: 'Inactive' as const }];
    expect(check.evaluate({ account: audited({ accessKeys: inactive, accessKeysPresent: true }) })).toEqual({
      status: 'pass',
      reason: 'every root access key is inactive',
    });
  });
  it('fails on an active key, naming it', () => {
    const keys = [
      { id: 'AKIAIOSFODNN7EXAMPLE', status: 'Active' as const },
      { id: 'AKIAI44QH8DHBEXAMPLE', status: 'Inactive' as const },
    ];
    expect(check.evaluate({ account: audited({ accessKeys: keys, accessKeysPresent: true }) })).toEqual({
      status: 'fail',
      reason: 'active root access keys: AKIAIOSFODNN7EXAMPLE',
    });
  });
  it('is unknown when --detail summary saw keys but not their status, and on error', () => {
    const root = { ...cleanRoot('summary'), accessKeysPresent: true };
    expect(check.evaluate({ account: audited(root) }).status).toBe('unknown');
    expect(check.evaluate({ account: errored }).status).toBe('unknown');
  });
});
