import { describe, expect, it } from 'vitest';
import { scpsAllowRootSessions as check } from './scps-allow-root-sessions.js';
import { denied, denyRootScp, readyFacts } from './samples.js';

describe(check.id, () => {
  it('passes when no SCP blocks root sessions', () => {
    expect(check.evaluate(readyFacts()).status).toBe('pass');
  });
  it('fails with one blocking-scp warning per SCP, naming the policy, the count and the fix', () => {
    const allowList = {
      ...denyRootScp,
      policyId: 'p-examplepolicyid222',
      policyName: 'AllowList',
      kind: 'allow-list' as const,
    };
    const r = check.evaluate(
      readyFacts({
        scps: { status: 'known', value: { policyTypeEnabled: true, blockers: [denyRootScp, allowList] } },
      }),
    );
    expect(r.status).toBe('fail');
    expect(r.issues?.map((i) => [i.id, i.policyId])).toEqual([
      ['blocking-scp', 'p-examplepolicyid111'],
      ['blocking-scp', 'p-examplepolicyid222'],
    ]);
    expect(r.issues?.[0]?.title).toBe(
      'SCP DenyRoot (p-examplepolicyid111) denies root sessions: root tasks fail in 2 active member accounts',
    );
    expect(r.issues?.[0]?.detail).toContain('Attached to OU Workloads (ou-abcd-11111111).');
    expect(r.issues?.[1]?.next.text).toMatch(
      /^Add the root-task actions \(or iam:\*\) to the Allow statement of AllowList/,
    );
  });
  it('is unknown when the SCPs could not be read', () => {
    expect(check.evaluate(readyFacts({ scps: denied('organizations:ListPolicies') })).status).toBe('unknown');
  });
});
