import { describe, expect, it } from 'vitest';
import { callerIsAdmin as check } from './caller-is-admin.js';
import { asManagement, asMember, asOutsider, denied, readyFacts } from './samples.js';

describe(check.id, () => {
  it('passes for the delegated administrator and the management account', () => {
    expect(check.evaluate(readyFacts()).status).toBe('pass');
    expect(check.evaluate(readyFacts({ caller: asManagement })).status).toBe('pass');
  });
  it('fails for another member account, listing what could not be read from there', () => {
    const r = check.evaluate(readyFacts({ caller: asMember, scps: denied('organizations:ListPolicies') }));
    expect(r.status).toBe('fail');
    expect(r.issues?.[0]?.id).toBe('caller-not-admin');
    expect(r.issues?.[0]?.detail).toContain('Unknown from here: SCPs.');
  });
  it('does not apply outside an organization', () => {
    expect(check.evaluate(readyFacts({ caller: asOutsider })).status).toBe('not_applicable');
  });
});
