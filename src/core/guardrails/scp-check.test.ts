import { describe, expect, it } from 'vitest';
import { BLOCKING_SCP_CONTENT, EXEMPT_ROOT_SCP_CONTENT } from '../../emulator/scenario/generate.js';
import { checkScps, scpCheckHasFindings, type ExistingScp } from './scp-check.js';
import { recommendedScps } from './scps.js';
import type { AccountId } from '../model/account-id.js';
import type { OrgTree } from '../org/tree.js';

const FULL = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});
const ou = (id: string) => ({ id, type: 'ORGANIZATIONAL_UNIT' as const, name: id });
const scp = (id: string, content: string, targets: ExistingScp['targets'], name = id): ExistingScp => ({
  id,
  name,
  awsManaged: false,
  content,
  targets,
});
const OPERATOR = 'arn:aws:iam::111122223333:role/RootOps';
const recommended = recommendedScps({ operatorRoleArns: [OPERATOR] });
const docOf = (id: string) => JSON.stringify(recommended.find((r) => r.id === id)!.document);
const status = (r: ReturnType<typeof checkScps>) =>
  Object.fromEntries(r.protections.map((p) => [p.id, p.status]));

describe('scp --check analysis', () => {
  it('flags the classic deny-root SCP as blocking root sessions, and not the exempt one', () => {
    const r = checkScps([
      scp('p-full', FULL, [ou('r-root')]),
      scp('p-block', BLOCKING_SCP_CONTENT, [ou('ou-legacy')], 'DenyRootUser'),
      scp('p-exempt', EXEMPT_ROOT_SCP_CONTENT, [ou('ou-prod')]),
    ]);
    expect(r.blocking.map((b) => [b.policyId, b.kind])).toEqual([['p-block', 'explicit-deny']]);
    expect(r.blocking[0]!.statementSids).toEqual(['DenyRootUser']);
    expect(r.blocking[0]!.blockedActions).toEqual(
      expect.arrayContaining([
        'iam:CreateLoginProfile',
        'iam:DeleteLoginProfile',
        'iam:GetAccountSummary',
        's3:DeleteBucketPolicy',
        'sqs:SetQueueAttributes',
      ]),
    );
    // The exempt SCP still provides the deny-root protection; the blocking one does too (and is reported as blocking).
    const deny = r.protections.find((p) => p.id === 'deny-root-user-except-root-sessions')!;
    expect(deny.status).toBe('present');
    expect(deny.providedBy.map((p) => p.policyId).sort()).toEqual(['p-block', 'p-exempt']);
    expect(scpCheckHasFindings(r)).toBe(true);
  });

  it('reports all protections present and no findings for the recommended set attached at the root', () => {
    const r = checkScps(
      [
        scp('p-full', FULL, [ou('r-root')]),
        ...recommended.map((x) => scp(`p-${x.name}`, JSON.stringify(x.document), [ou('r-root')], x.name)),
      ],
      { operatorRoleArns: [OPERATOR] },
    );
    expect(status(r)).toEqual({
      'deny-assume-root-except-operators': 'present',
      'deny-root-user-except-root-sessions': 'present',
      'protect-centralized-root-access': 'present',
    });
    expect(r.blocking).toEqual([]);
    expect(scpCheckHasFindings(r)).toBe(false);
  });

  it('counts an SCP attached nowhere as missing, and names it as unattached', () => {
    const r = checkScps([
      scp('p-full', FULL, [ou('r-root')]),
      scp('p-x', docOf('protect-centralized-root-access'), []),
    ]);
    const p = r.protections.find((x) => x.id === 'protect-centralized-root-access')!;
    expect(p.status).toBe('missing');
    expect(p.unattached.map((u) => u.policyId)).toEqual(['p-x']);
  });

  it('reports a partial protection when only one of the features is protected', () => {
    const one = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 'iam:DisableOrganizationsRootSessions', Resource: '*' }],
    });
    expect(status(checkScps([scp('p-one', one, [ou('r-root')])]))['protect-centralized-root-access']).toBe(
      'partial',
    );
  });

  it('notices an AssumeRoot SCP that also denies the operator roles', () => {
    const denyAll = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRoot', Resource: '*' }],
    });
    const r = checkScps([scp('p-deny', denyAll, [ou('r-root')])], { operatorRoleArns: [OPERATOR] });
    expect(r.protections[0]!.providedBy[0]!.deniesOperators).toEqual([OPERATOR]);
  });

  it('finds allow-list SCPs that do not allow the root-task actions, and SCPs naming one account', () => {
    const ec2Only = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['ec2:*', 'iam:Get*'], Resource: '*' }],
    });
    const oneAccount = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'NoRootInPayments',
          Effect: 'Deny',
          Action: 'iam:*',
          Resource: '*',
          Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::444455556666:root' } },
        },
      ],
    });
    const r = checkScps([scp('p-ec2', ec2Only, [ou('ou-a')]), scp('p-one', oneAccount, [ou('ou-b')])]);
    const ec2 = r.blocking.find((b) => b.policyId === 'p-ec2')!;
    expect(ec2.kind).toBe('allow-list');
    expect(ec2.blockedActions).not.toContain('iam:GetAccountSummary');
    expect(ec2.blockedActions).toContain('iam:DeleteLoginProfile');
    const one = r.blocking.find((b) => b.policyId === 'p-one')!;
    expect(one).toMatchObject({
      kind: 'explicit-deny',
      probeAccounts: ['444455556666'],
      statementSids: ['NoRootInPayments'],
    });
  });

  it('never probes the management account and lists unparseable content', () => {
    const mgmtOnly = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::999988887777:root' } },
        },
      ],
    });
    const r = checkScps(
      [
        scp('p-m', mgmtOnly, [{ id: '999988887777', type: 'ACCOUNT', name: 'mgmt' }]),
        scp('p-bad', 'not json', [ou('r-root')]),
      ],
      { managementAccountId: '999988887777' },
    );
    expect(r.blocking).toEqual([]);
    expect(r.unparseable.map((u) => u.policyId)).toEqual(['p-bad']);
  });

  describe('with the OU tree (issue 15: one analysis, coverage)', () => {
    const MGMT = '123456789012';
    const ous = [1, 2, 3, 4, 5, 6, 7].map((n) => ({ id: `ou-ab12-0000000${n}`, name: `OU${n}` }));
    const tree = (): OrgTree => {
      const t: OrgTree = { rootId: 'r-ab12', ous: new Map(), accounts: new Map(), parentOf: new Map() };
      const add = (id: string, parent: string) => {
        t.accounts.set(id as AccountId, {
          id: id as AccountId,
          name: id,
          email: 'x@example.com',
          state: 'ACTIVE',
        });
        t.parentOf.set(id as AccountId, parent);
      };
      add(MGMT, 'r-ab12');
      ous.forEach((o, i) => {
        t.ous.set(o.id, { ...o, parentId: 'r-ab12' });
        add(`${i + 1}00000000001`, o.id);
      });
      return t;
    };
    const everywhere = [
      { id: 'r-ab12', type: 'ROOT' as const, name: 'Root' },
      ...ous.map((o) => ou(o.id)),
      ...[...tree().accounts.keys()].map((id) => ({ id, type: 'ACCOUNT' as const, name: id })),
    ];

    it('reports the exemption PARTIAL when it covers 1 OU of 7, naming the OUs it misses', () => {
      const r = checkScps(
        [scp('p-full', FULL, everywhere), scp('p-exempt', EXEMPT_ROOT_SCP_CONTENT, [ou(ous[0]!.id)])],
        { tree: tree(), managementAccountId: MGMT },
      );
      const deny = r.protections.find((p) => p.id === 'deny-root-user-except-root-sessions')!;
      expect(deny.status).toBe('partial');
      expect(deny.coverage).toMatchObject({
        accountsTotal: 7,
        accountsCovered: 1,
        ousCovered: [{ id: ous[0]!.id }],
      });
      expect(deny.coverage!.ousNotCovered.map((o) => o.name)).toEqual([
        'OU2',
        'OU3',
        'OU4',
        'OU5',
        'OU6',
        'OU7',
      ]);
      const atRoot = checkScps(
        [scp('p-full', FULL, everywhere), scp('p-exempt', EXEMPT_ROOT_SCP_CONTENT, [everywhere[0]!])],
        { tree: tree(), managementAccountId: MGMT },
      );
      expect(atRoot.protections.find((p) => p.id === 'deny-root-user-except-root-sessions')!.status).toBe(
        'present',
      );
    });

    it('finds a blocking SCP when the management account is 123456789012', () => {
      const r = checkScps(
        [scp('p-full', FULL, everywhere), scp('p-block', BLOCKING_SCP_CONTENT, [ou(ous[1]!.id)])],
        {
          tree: tree(),
          managementAccountId: MGMT,
        },
      );
      expect(r.blocking).toMatchObject([
        { policyId: 'p-block', kind: 'explicit-deny', accountsBlocked: 1, probeAccounts: ['200000000001'] },
      ]);
      const noTree = checkScps([scp('p-block', BLOCKING_SCP_CONTENT, [ou(ous[1]!.id)])], {
        managementAccountId: MGMT,
      });
      expect(noTree.blocking.map((b) => b.policyId)).toEqual(['p-block']);
    });

    it('reports a deny-root SCP with NotIpAddress as possibly blocking, and the allow-list one with its accounts', () => {
      const ipDeny = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Action: '*',
            Resource: '*',
            Condition: {
              ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' },
              NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' },
            },
          },
        ],
      });
      const notAction = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }],
      });
      const r = checkScps(
        [
          scp(
            'p-full',
            FULL,
            everywhere.filter((t) => t.id !== ous[3]!.id),
          ),
          scp('p-ip', ipDeny, [ou(ous[2]!.id)]),
          scp('p-allow', notAction, [ou(ous[3]!.id)]),
        ],
        { tree: tree(), managementAccountId: MGMT },
      );
      expect(r.blocking.map((b) => [b.policyId, b.kind, b.accountsBlocked])).toEqual([
        ['p-ip', 'possibly-blocking', 1],
        ['p-allow', 'allow-list', 1],
      ]);
      expect(scpCheckHasFindings(r)).toBe(true);
    });
  });
});
