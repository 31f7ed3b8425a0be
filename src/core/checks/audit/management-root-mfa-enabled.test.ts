import { describe, expect, it } from 'vitest';
import { managementRootMfaEnabled as check } from './management-root-mfa-enabled.js';
import { audited, managementRecord, MANAGEMENT_ID } from './samples.js';

const on = (mfa: boolean | undefined) => ({
  account: managementRecord,
  managementAccountId: MANAGEMENT_ID,
  managementRoot: { mfa, accessKeys: false },
});

describe(check.id, () => {
  it("passes when the management account's root user has MFA", () => {
    expect(check.evaluate(on(true)).status).toBe('pass');
  });
  it('fails when it has none', () => {
    expect(check.evaluate(on(false))).toEqual({ status: 'fail', reason: 'the root user has no MFA' });
  });
  it('is unknown when its state could not be read; not applicable to members or when not read from here', () => {
    expect(check.evaluate(on(undefined)).status).toBe('unknown');
    expect(check.evaluate({ ...on(true), account: audited() }).status).toBe('not_applicable');
    expect(check.evaluate({ account: managementRecord, managementAccountId: MANAGEMENT_ID }).status).toBe(
      'not_applicable',
    );
  });
});
