import { describe, expect, it } from 'vitest';
import { callerInOrganization as check } from './caller-in-organization.js';
import { asMember, asOutsider, readyFacts } from './samples.js';

describe(check.id, () => {
  it('passes for any caller in an organization, even a member account', () => {
    expect(check.evaluate(readyFacts()).status).toBe('pass');
    expect(check.evaluate(readyFacts({ caller: asMember })).status).toBe('pass');
  });
  it('fails for a caller in no organization, with the not-in-organization gap', () => {
    const r = check.evaluate(readyFacts({ caller: asOutsider }));
    expect(r.status).toBe('fail');
    expect(r.issues?.map((i) => i.id)).toEqual(['not-in-organization']);
    expect(check.level).toBe('gap');
  });
});
