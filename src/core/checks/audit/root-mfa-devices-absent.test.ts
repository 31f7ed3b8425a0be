import { describe, expect, it } from 'vitest';
import { rootMfaDevicesAbsent as check } from './root-mfa-devices-absent.js';
import { audited, cleanRoot, errored, suspended } from './samples.js';

describe(check.id, () => {
  it('passes when the member root user has no MFA device', () => {
    expect(check.evaluate({ account: audited() }).status).toBe('pass');
  });
  it('fails when it has one (full detail counts them, summary knows presence)', () => {
    const devices = [{ serialNumber: 'arn:aws:iam::123456789012:mfa/root' }];
    expect(check.evaluate({ account: audited({ mfaDevices: devices, mfaPresent: true }) })).toEqual({
      status: 'fail',
      reason: 'the root user has 1 MFA device',
    });
    expect(check.evaluate({ account: audited({ ...cleanRoot('summary'), mfaPresent: true }) }).status).toBe(
      'fail',
    );
  });
  it('is unknown on error, not applicable when skipped', () => {
    expect(check.evaluate({ account: errored }).status).toBe('unknown');
    expect(check.evaluate({ account: suspended }).status).toBe('not_applicable');
  });
});
