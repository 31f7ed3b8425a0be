import { describe, expect, it } from 'vitest';
import { routineTasksOffManagement as check } from './routine-tasks-off-management.js';
import { asManagement, readyFacts } from './samples.js';

describe(check.id, () => {
  it('passes when the caller is the delegated administrator', () => {
    expect(check.evaluate(readyFacts()).status).toBe('pass');
  });
  it('fails when running from the management account while a delegated administrator exists', () => {
    const r = check.evaluate(readyFacts({ caller: asManagement }));
    expect([r.status, r.issues?.[0]?.id]).toEqual(['fail', 'management-while-delegated']);
    expect(r.issues?.[0]?.next.text).toBe(
      'Use credentials in account 111122223333 (security) for root tasks (e.g. rootctl doctor --profile security)',
    );
  });
  it('does not apply from the management account when there is no delegated administrator', () => {
    expect(
      check.evaluate(
        readyFacts({ caller: asManagement, delegatedAdministrators: { status: 'known', value: [] } }),
      ).status,
    ).toBe('not_applicable');
  });
});
