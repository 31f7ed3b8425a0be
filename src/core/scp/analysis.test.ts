import { describe, expect, it } from 'vitest';
import type { AccountId } from '../model/account-id.js';
import type { OrgTree } from '../org/tree.js';
import type { ScpPolicy, ScpTarget } from '../ports.js';
import { analyzeRootSessionScps } from './analysis.js';
import { blockerForAccount } from './root-session-blockers.js';

const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const FULL = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
const denyRoot = (partition: string, extra: object = {}) =>
  doc({
    Effect: 'Deny',
    Action: '*',
    Resource: '*',
    Condition: { ArnLike: { 'aws:PrincipalArn': `arn:${partition}:iam::*:root` }, ...extra },
  });
const MGMT = '123456789012';
const ou = (n: number): ScpTarget => ({
  id: `ou-ab12-0000000${n}`,
  type: 'ORGANIZATIONAL_UNIT',
  name: `OU${n}`,
});
const root: ScpTarget = { id: 'r-ab12', type: 'ROOT', name: 'Root' };

/** A root with 7 OUs, two ACTIVE accounts in each, and the management account at the root. */
function tree(): OrgTree {
  const t: OrgTree = { rootId: root.id, ous: new Map(), accounts: new Map(), parentOf: new Map() };
  const add = (id: string, parent: string) => {
    t.accounts.set(id as AccountId, {
      id: id as AccountId,
      name: id,
      email: `${id}@example.com`,
      state: 'ACTIVE',
    });
    t.parentOf.set(id as AccountId, parent);
  };
  add(MGMT, root.id);
  for (let n = 1; n <= 7; n++) {
    t.ous.set(ou(n).id, { id: ou(n).id, name: ou(n).name, parentId: root.id });
    add(`${n}00000000001`, ou(n).id);
    add(`${n}00000000002`, ou(n).id);
  }
  return t;
}
const full: ScpPolicy = {
  id: 'p-FullAWSAccess',
  name: 'FullAWSAccess',
  awsManaged: true,
  content: FULL,
  // AWS attaches FullAWSAccess to the root, every OU and every account by default.
  targets: [
    root,
    ...[1, 2, 3, 4, 5, 6, 7].map(ou),
    ...[...tree().accounts.keys()].map((id): ScpTarget => ({ id, type: 'ACCOUNT', name: id })),
  ],
};
const scp = (id: string, content: string, targets: ScpTarget[]): ScpPolicy => ({
  id,
  name: id,
  awsManaged: false,
  content,
  targets,
});

describe('the one SCP analysis of root sessions', () => {
  it('finds an allow-list (NotAction) SCP that blocks the accounts under its OU (issue 15)', () => {
    const allowList = scp(
      'p-allowlist',
      doc({ Effect: 'Allow', NotAction: ['iam:*', 'sts:*'], Resource: '*' }),
      [ou(3)],
    );
    const withoutFull = { ...full, targets: full.targets.filter((t) => t.id !== ou(3).id) };
    const a = analyzeRootSessionScps({
      scps: [withoutFull, allowList],
      tree: tree(),
      partition: 'aws',
      managementAccountId: MGMT,
    });
    expect(a.findings).toHaveLength(1);
    expect(a.findings[0]).toMatchObject({ policyId: 'p-allowlist', kind: 'allow-list' });
    expect(a.findings[0]!.accounts?.sort()).toEqual(['300000000001', '300000000002']);
    expect(a.findings[0]!.blockedTasks).toContain('IAMAuditRootUserCredentials');
    expect([...a.blockedAccounts!.keys()].sort()).toEqual(['300000000001', '300000000002']);
    expect(a.accountsAnalysed).toBe(14);
  });

  it('reports a deny-root SCP with NotIpAddress or DateGreaterThan as possibly blocking, never harmless', () => {
    for (const extra of [
      { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } },
      { DateGreaterThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } },
      { StringMatchesSomething: { 'aws:PrincipalArn': 'x' } },
    ]) {
      const a = analyzeRootSessionScps({
        scps: [full, scp('p-maybe', denyRoot('aws', extra), [root])],
        tree: tree(),
        partition: 'aws',
        managementAccountId: MGMT,
      });
      expect(a.findings, JSON.stringify(extra)).toMatchObject([
        { policyId: 'p-maybe', kind: 'possibly-blocking' },
      ]);
      expect(a.findings[0]!.accounts).toHaveLength(14);
      expect(a.findings[0]!.reason).toMatch(/not ruled out/);
      expect(
        blockerForAccount(
          tree(),
          a.findings.length ? [full, scp('p-maybe', denyRoot('aws', extra), [root])] : [],
          '100000000001' as AccountId,
          'IAMAuditRootUserCredentials',
          { partition: 'aws' },
        ),
      ).toMatchObject({ kind: 'unknown', policyId: 'p-maybe' });
    }
  });

  it('builds ARNs from the organization partition: a GovCloud deny-root SCP blocks', () => {
    const gov = scp('p-gov', denyRoot('aws-us-gov'), [ou(1)]);
    const inGov = analyzeRootSessionScps({
      scps: [full, gov],
      tree: tree(),
      partition: 'aws-us-gov',
      managementAccountId: MGMT,
    });
    expect(inGov.findings).toMatchObject([{ policyId: 'p-gov', kind: 'explicit-deny', accountsCovered: 2 }]);
    // The exempted form is clean in GovCloud too.
    const exempt = scp('p-gov', denyRoot('aws-us-gov', { Null: { 'aws:AssumedRoot': 'true' } }), [ou(1)]);
    expect(
      analyzeRootSessionScps({ scps: [full, exempt], tree: tree(), partition: 'aws-us-gov' }).findings,
    ).toEqual([]);
  });

  it('finds the blocking SCP when the management account is 123456789012 (no stand-in account id)', () => {
    const named = scp('p-deny', denyRoot('aws'), [ou(2)]);
    const withTree = analyzeRootSessionScps({
      scps: [full, named],
      tree: tree(),
      partition: 'aws',
      managementAccountId: MGMT,
    });
    expect(withTree.findings.map((f) => f.policyId)).toEqual(['p-deny']);
    const noTree = analyzeRootSessionScps({
      scps: [full, named],
      partition: 'aws',
      managementAccountId: MGMT,
    });
    expect(noTree.findings.map((f) => f.policyId)).toEqual(['p-deny']);
  });

  it('an SCP that names accounts blocks only those accounts', () => {
    const some = scp(
      'p-some',
      doc({
        Effect: 'Deny',
        Action: 'iam:*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': ['100000000001'] } },
      }),
      [root],
    );
    const a = analyzeRootSessionScps({
      scps: [full, some],
      tree: tree(),
      partition: 'aws',
      managementAccountId: MGMT,
    });
    expect(a.findings).toMatchObject([
      { policyId: 'p-some', kind: 'explicit-deny', accounts: ['100000000001'] },
    ]);
  });
});
