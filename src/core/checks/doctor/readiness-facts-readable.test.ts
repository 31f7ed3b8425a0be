import { describe, expect, it } from 'vitest';
import { readinessFactsReadable as check } from './readiness-facts-readable.js';
import { asMember, denied, readyFacts } from './samples.js';

describe(check.id, () => {
  it('passes when trusted access and the features were read', () => {
    expect(check.evaluate(readyFacts()).status).toBe('pass');
  });
  it('fails when one was denied, asking for the permission', () => {
    const r = check.evaluate(readyFacts({ features: denied('iam:ListOrganizationsFeatures') }));
    expect([r.status, r.issues?.[0]?.id, r.issues?.[0]?.next.kind]).toEqual([
      'fail',
      'facts-unknown',
      'permissions',
    ]);
    expect(r.issues?.[0]?.next.text).toMatch(
      /^Allow iam:ListOrganizationsFeatures for the calling principal/,
    );
  });
  it('asks to run again, not for a permission, when AWS was only busy', () => {
    const r = check.evaluate(
      readyFacts({
        trustedAccess: denied('organizations:ListAWSServiceAccessForOrganization', 'ThrottlingException'),
      }),
    );
    expect(r.issues?.[0]?.next.kind).toBe('rootctl');
  });
  it('does not apply to a member account (caller-is-admin says where to run from)', () => {
    expect(
      check.evaluate(readyFacts({ caller: asMember, features: denied('iam:ListOrganizationsFeatures') }))
        .status,
    ).toBe('not_applicable');
  });
});
