import { describe, expect, it } from 'vitest';
import { fakeOrg } from '../../../test/helpers/audit-fakes.js';
import { audit } from '../audit/run.js';
import type { ScpPolicy, ScpTarget } from '../ports.js';
import { deleteBlockers } from './delete-blockers.js';

const target = (id: string): ScpTarget => ({
  id,
  type: id.startsWith('r-') ? 'ROOT' : id.startsWith('ou-') ? 'ORGANIZATIONAL_UNIT' : 'ACCOUNT',
  name: '',
});
const allow = (actions: string[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

/**
 * ou-readonly has no FullAWSAccess: an allow-list SCP lets root sessions audit but not delete (an
 * implicit deny). FullAWSAccess is on the root, ou-open and every account.
 */
function org(accountHasOwnAllowList: boolean) {
  const accounts = [
    { id: '200000000001', name: 'open', parentId: 'ou-open', root: { password: true } },
    {
      id: '200000000002',
      name: 'readonly',
      parentId: 'ou-readonly',
      root: { keys: ['AKIAEXAMPLE000000002'] },
    },
  ];
  const scps: ScpPolicy[] = [
    {
      id: 'p-FullAWSAccess',
      name: 'FullAWSAccess',
      awsManaged: true,
      content: allow(['*']),
      targets: ['r-root', 'ou-open', '100000000000', ...accounts.map((a) => a.id)].map(target),
    },
    {
      id: 'p-auditonly',
      name: 'AllowAuditOnly',
      awsManaged: false,
      content: allow(['iam:Get*', 'iam:List*', 'sts:*']),
      targets: [target('ou-readonly'), ...(accountHasOwnAllowList ? [target('200000000001')] : [])],
    },
  ];
  if (accountHasOwnAllowList) scps[0]!.targets = scps[0]!.targets.filter((t) => t.id !== '200000000001');
  return fakeOrg({
    rootId: 'r-root',
    ous: [
      { id: 'ou-open', name: 'Open', parentId: 'r-root' },
      { id: 'ou-readonly', name: 'ReadOnly', parentId: 'r-root' },
    ],
    accounts,
    managementAccountId: '100000000000',
    scps,
  });
}

describe('the plan SCP analysis (deleteBlockers)', () => {
  it('finds an implicit deny where an OU has no FullAWSAccess, reading FullAWSAccess per target', async () => {
    const o = org(false);
    let tree;
    const report = await audit(o.ports, { detail: 'full', onTree: (t) => (tree = t) });
    const listScps: unknown[] = [];
    const reads: string[] = [];
    const ports = {
      ...o.ports,
      organizations: {
        ...o.ports.organizations,
        listScps: (options?: { awsManagedTargets?: boolean }) => (
          listScps.push(options),
          o.ports.organizations.listScps(options)
        ),
        listScpsForTarget: (id: string) => (reads.push(id), o.ports.organizations.listScpsForTarget(id)),
      },
    };
    const r = await deleteBlockers(ports, report, tree);
    expect([...r.blockers.keys()]).toEqual(['200000000002']);
    expect(r.blockers.get('200000000002' as never)).toMatch(/ou-readonly/);
    expect(r.possiblyBlocked.size).toBe(0);
    // FullAWSAccess's targets are not paged; its attachments are read on the root and the two OUs.
    expect(listScps).toEqual([{ awsManagedTargets: false }]);
    expect(reads.sort()).toEqual(['ou-open', 'ou-readonly', 'r-root']);
  });

  it('reads the attachments of an account with an SCP of its own: there FullAWSAccess may be missing', async () => {
    const o = org(true);
    let tree;
    const report = await audit(o.ports, { detail: 'full', onTree: (t) => (tree = t) });
    const r = await deleteBlockers(o.ports, report, tree);
    expect([...r.blockers.keys()].sort()).toEqual(['200000000001', '200000000002']);
  });
});
