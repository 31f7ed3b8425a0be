import { describe, expect, it } from 'vitest';
import { organizationAllFeatures as check } from './organization-all-features.js';
import { denied, readyFacts } from './samples.js';

describe(check.id, () => {
  it('passes with all features', () => {
    expect(check.evaluate(readyFacts()).status).toBe('pass');
  });
  it('fails with consolidated billing only, naming the organization', () => {
    const r = check.evaluate(
      readyFacts({
        organization: {
          status: 'known',
          value: { id: 'o-cb1', featureSet: 'CONSOLIDATED_BILLING', managementAccountId: '123456789012' },
        },
      }),
    );
    expect([r.status, r.issues?.[0]?.id, r.issues?.[0]?.detail]).toEqual([
      'fail',
      'consolidated-billing',
      'Organization o-cb1 must have all features for IAM trusted access, centralized root access and SCPs.',
    ]);
  });
  it('is unknown when the organization could not be described', () => {
    expect(
      check.evaluate(readyFacts({ organization: denied('organizations:DescribeOrganization') })).status,
    ).toBe('unknown');
  });
});
