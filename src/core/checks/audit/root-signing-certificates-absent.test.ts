import { describe, expect, it } from 'vitest';
import { rootSigningCertificatesAbsent as check } from './root-signing-certificates-absent.js';
import { audited, errored, suspended } from './samples.js';

describe(check.id, () => {
  it('passes when the root user has no signing certificates', () => {
    expect(check.evaluate({ account: audited() }).status).toBe('pass');
  });
  it('fails when it has one', () => {
    const certs = [{ id: 'CERTEXAMPLE1', status: 'Active' as const }];
    expect(
      check.evaluate({ account: audited({ signingCertificates: certs, signingCertificatesPresent: true }) }),
    ).toEqual({ status: 'fail', reason: 'the root user has 1 signing certificate' });
  });
  it('is unknown on error, not applicable when skipped', () => {
    expect(check.evaluate({ account: errored }).status).toBe('unknown');
    expect(check.evaluate({ account: suspended }).status).toBe('not_applicable');
  });
});
