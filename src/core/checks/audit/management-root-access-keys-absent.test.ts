import { describe, expect, it } from 'vitest';
import { managementRootAccessKeysAbsent as check } from './management-root-access-keys-absent.js';
import { audited, managementRecord, MANAGEMENT_ID } from './samples.js';

const on = (accessKeys: boolean | undefined) => ({
  account: managementRecord,
  managementAccountId: MANAGEMENT_ID,
  managementRoot: { mfa: true, accessKeys },
});

describe(check.id, () => {
  it("passes when the management account's root user has no access keys", () => {
    expect(check.evaluate(on(false)).status).toBe('pass');
  });
  it('fails when it has some', () => {
    expect(check.evaluate(on(true))).toEqual({ status: 'fail', reason: 'the root user has access keys' });
  });
  it('is unknown when unread; not applicable to members or when the audit ran elsewhere', () => {
    expect(check.evaluate(on(undefined)).status).toBe('unknown');
    expect(check.evaluate({ ...on(true), account: audited() }).status).toBe('not_applicable');
    expect(check.evaluate({ account: managementRecord, managementAccountId: MANAGEMENT_ID }).status).toBe(
      'not_applicable',
    );
  });
});
