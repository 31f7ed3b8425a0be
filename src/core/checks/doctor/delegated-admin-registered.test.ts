import { describe, expect, it } from 'vitest';
import { delegatedAdminRegistered as check } from './delegated-admin-registered.js';
import { asManagement, denied, readyFacts } from './samples.js';

const none = { status: 'known' as const, value: [] };

describe(check.id, () => {
  it('passes when a delegated administrator is registered', () => {
    expect(check.evaluate(readyFacts()).status).toBe('pass');
  });
  it('fails when none is registered and the feature is on', () => {
    const r = check.evaluate(readyFacts({ caller: asManagement, delegatedAdministrators: none }));
    expect([r.status, r.issues?.[0]?.id]).toEqual(['fail', 'no-delegated-admin']);
  });
  it('does not apply before RootCredentialsManagement is on; unknown when unread', () => {
    const off = {
      status: 'known' as const,
      value: { RootCredentialsManagement: false, RootSessions: false },
    };
    expect(check.evaluate(readyFacts({ delegatedAdministrators: none, features: off })).status).toBe(
      'not_applicable',
    );
    expect(
      check.evaluate(
        readyFacts({ delegatedAdministrators: denied('organizations:ListDelegatedAdministrators') }),
      ).status,
    ).toBe('unknown');
  });
});
