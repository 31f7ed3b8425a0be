import { describe, expect, it } from 'vitest';
import { trustedAccessEnabled as check } from './trusted-access-enabled.js';
import { asMember, denied, notApplicable, readyFacts } from './samples.js';

describe(check.id, () => {
  it('passes when IAM trusted access is on', () => {
    expect(check.evaluate(readyFacts()).status).toBe('pass');
  });
  it('fails when it is off, with the setup step from where the caller stands', () => {
    const r = check.evaluate(readyFacts({ trustedAccess: { status: 'known', value: false } }));
    expect([r.status, r.issues?.[0]?.id, r.issues?.[0]?.next.text]).toEqual([
      'fail',
      'trusted-access-off',
      'From the management account (e.g. --profile management): rootctl setup --delegated-admin 111122223333',
    ]);
    const fromMember = check.evaluate(
      readyFacts({ caller: asMember, trustedAccess: { status: 'known', value: false } }),
    );
    expect(fromMember.issues?.[0]?.next.text).toMatch(/^From the management account/);
  });
  it('is unknown when unread and not applicable with consolidated billing', () => {
    expect(
      check.evaluate(
        readyFacts({ trustedAccess: denied('organizations:ListAWSServiceAccessForOrganization') }),
      ).status,
    ).toBe('unknown');
    expect(check.evaluate(readyFacts({ trustedAccess: notApplicable })).status).toBe('not_applicable');
  });
});
