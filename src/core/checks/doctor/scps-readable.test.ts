import { describe, expect, it } from 'vitest';
import { scpsReadable as check } from './scps-readable.js';
import { asMember, denied, notApplicable, readyFacts } from './samples.js';

describe(check.id, () => {
  it('passes when the SCPs were read', () => {
    expect(check.evaluate(readyFacts()).status).toBe('pass');
  });
  it('fails when denied, asking for the three read permissions; asks to retry when throttled', () => {
    const r = check.evaluate(readyFacts({ scps: denied('organizations:ListPolicies') }));
    expect([r.status, r.issues?.[0]?.id, r.issues?.[0]?.next.kind]).toEqual([
      'fail',
      'scps-unknown',
      'permissions',
    ]);
    const busy = check.evaluate(
      readyFacts({ scps: denied('organizations:ListPolicies', 'TooManyRequestsException') }),
    );
    expect(busy.issues?.[0]?.next.kind).toBe('rootctl');
  });
  it('does not apply to a member account or with consolidated billing', () => {
    expect(
      check.evaluate(readyFacts({ caller: asMember, scps: denied('organizations:ListPolicies') })).status,
    ).toBe('not_applicable');
    expect(check.evaluate(readyFacts({ scps: notApplicable })).status).toBe('not_applicable');
  });
});
