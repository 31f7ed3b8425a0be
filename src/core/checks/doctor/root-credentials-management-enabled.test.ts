import { describe, expect, it } from 'vitest';
import { rootCredentialsManagementEnabled as check } from './root-credentials-management-enabled.js';
import { denied, readyFacts } from './samples.js';

describe(check.id, () => {
  it('passes when RootCredentialsManagement is on (RootSessions does not matter)', () => {
    expect(
      check.evaluate(
        readyFacts({
          features: { status: 'known', value: { RootCredentialsManagement: true, RootSessions: false } },
        }),
      ).status,
    ).toBe('pass');
  });
  it('fails, as a gap, when it is off', () => {
    const r = check.evaluate(
      readyFacts({
        features: { status: 'known', value: { RootCredentialsManagement: false, RootSessions: true } },
      }),
    );
    expect([r.status, r.issues?.[0]?.id, check.level]).toEqual([
      'fail',
      'root-credentials-management-off',
      'gap',
    ]);
    expect(r.issues?.[0]?.next.text).toBe(
      'From the management account (e.g. --profile management): rootctl setup --delegated-admin 111122223333',
    );
  });
  it('is unknown when the features could not be listed; maps to CIS v7.0.0 2.1.1', () => {
    expect(check.evaluate(readyFacts({ features: denied('iam:ListOrganizationsFeatures') })).status).toBe(
      'unknown',
    );
    expect(check.cis?.map((c) => `${c.version} ${c.control}`)).toEqual(['v7.0.0 2.1.1']);
  });
});
