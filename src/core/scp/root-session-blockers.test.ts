import { describe, expect, it } from 'vitest';
import { BLOCKING_SCP_CONTENT, EXEMPT_ROOT_SCP_CONTENT } from '../../emulator/scenario/generate.js';
import type { AccountId } from '../model/account-id.js';
import type { OrgTree } from '../org/tree.js';
import type { ScpPolicy } from '../ports.js';
import { analyzeRootSessionScps } from './analysis.js';
import { blockerForAccount } from './root-session-blockers.js';

const FULL = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});
const a = (id: string) => id as AccountId;
const AWS = { partition: 'aws' } as const;

function tree(): OrgTree {
  return {
    rootId: 'r-abcd',
    ous: new Map([
      ['ou-abcd-11111111', { id: 'ou-abcd-11111111', name: 'Legacy', parentId: 'r-abcd' }],
      ['ou-abcd-22222222', { id: 'ou-abcd-22222222', name: 'Prod', parentId: 'r-abcd' }],
    ]),
    accounts: new Map([
      [
        a('111111111111'),
        { id: a('111111111111'), name: 'legacy-1', email: 'x@example.com', state: 'ACTIVE' },
      ],
      [
        a('222222222222'),
        { id: a('222222222222'), name: 'legacy-2', email: 'y@example.com', state: 'SUSPENDED' },
      ],
      [a('333333333333'), { id: a('333333333333'), name: 'prod-1', email: 'z@example.com', state: 'ACTIVE' }],
    ]),
    parentOf: new Map([
      [a('111111111111'), 'ou-abcd-11111111'],
      [a('222222222222'), 'ou-abcd-11111111'],
      [a('333333333333'), 'ou-abcd-22222222'],
    ]),
  };
}

const scps: ScpPolicy[] = [
  {
    id: 'p-FullAWSAccess',
    name: 'FullAWSAccess',
    awsManaged: true,
    content: FULL,
    targets: [
      'r-abcd',
      'ou-abcd-11111111',
      'ou-abcd-22222222',
      '111111111111',
      '222222222222',
      '333333333333',
    ].map((id) => ({ id, type: 'ACCOUNT' as const, name: id })),
  },
  {
    id: 'p-blocking1',
    name: 'DenyRootUser',
    awsManaged: false,
    content: BLOCKING_SCP_CONTENT,
    targets: [{ id: 'ou-abcd-11111111', type: 'ORGANIZATIONAL_UNIT', name: 'Legacy' }],
  },
  {
    id: 'p-exempt01',
    name: 'DenyRootExceptSessions',
    awsManaged: false,
    content: EXEMPT_ROOT_SCP_CONTENT,
    targets: [{ id: 'ou-abcd-22222222', type: 'ORGANIZATIONAL_UNIT', name: 'Prod' }],
  },
];

describe('SCP blockers of root sessions', () => {
  it('flags the root-deny SCP without the AssumedRoot exemption, and not the exempt one', () => {
    const found = analyzeRootSessionScps({ scps, tree: tree(), partition: 'aws' }).findings;
    expect(found.map((f) => f.policyId)).toEqual(['p-blocking1']);
    expect(found[0]!.blockedTasks).toHaveLength(5);
    expect(found[0]!.reason).toMatch(/aws:AssumedRoot/);
    expect(found[0]!.accountsCovered).toBe(1); // the suspended account does not count
  });

  it('names the blocking SCP for an account under it and nothing elsewhere', () => {
    expect(
      blockerForAccount(tree(), scps, a('111111111111'), 'IAMAuditRootUserCredentials', AWS),
    ).toMatchObject({
      kind: 'explicit',
      policyId: 'p-blocking1',
      targetId: 'ou-abcd-11111111',
    });
    expect(
      blockerForAccount(tree(), scps, a('333333333333'), 'IAMDeleteRootUserCredentials', AWS),
    ).toBeUndefined();
  });

  it('reports an implicit deny when an allow-list SCP replaces FullAWSAccess without IAM', () => {
    const allowS3Only = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
    });
    const custom = scps.map((p) =>
      p.id === 'p-FullAWSAccess'
        ? { ...p, targets: p.targets.filter((t) => t.id !== 'ou-abcd-22222222') }
        : p,
    );
    custom.push({
      id: 'p-s3only01',
      name: 'S3Only',
      awsManaged: false,
      content: allowS3Only,
      targets: [{ id: 'ou-abcd-22222222', type: 'ORGANIZATIONAL_UNIT', name: 'Prod' }],
    });
    expect(
      blockerForAccount(tree(), custom, a('333333333333'), 'IAMAuditRootUserCredentials', AWS),
    ).toMatchObject({ kind: 'implicit', targetId: 'ou-abcd-22222222' });
  });
});
