import { describe, expect, it } from 'vitest';
import { rootSessionsEnabled as check } from './root-sessions-enabled.js';
import { notApplicable, readyFacts } from './samples.js';

describe(check.id, () => {
  it('passes when RootSessions is on', () => {
    expect(check.evaluate(readyFacts()).status).toBe('pass');
  });
  it('fails, as a warning, when it is off, asking for just that feature', () => {
    const r = check.evaluate(
      readyFacts({
        features: { status: 'known', value: { RootCredentialsManagement: true, RootSessions: false } },
      }),
    );
    expect([r.status, r.issues?.[0]?.id, check.level]).toEqual(['fail', 'root-sessions-off', 'warning']);
    expect(r.issues?.[0]?.next.text).toBe(
      'From the management account (e.g. --profile management): rootctl setup --features root-sessions --delegated-admin 111122223333',
    );
  });
  it('does not apply with consolidated billing', () => {
    expect(check.evaluate(readyFacts({ features: notApplicable })).status).toBe('not_applicable');
  });
});
