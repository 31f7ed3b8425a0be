import { describe, expect, it } from 'vitest';
import { BLOCKING_SCP_CONTENT, EXEMPT_ROOT_SCP_CONTENT } from '../../emulator/scenario/generate.js';
import { checkScps, scpCheckHasFindings, type ExistingScp } from './scp-check.js';
import { recommendedScps } from './scps.js';

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
    expect(r.blocking[0]!.blockedActions.sort()).toEqual([
      'iam:CreateLoginProfile',
      'iam:DeleteLoginProfile',
      'iam:GetAccountSummary',
      's3:DeleteBucketPolicy',
      'sqs:SetQueueAttributes',
    ]);
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
});
