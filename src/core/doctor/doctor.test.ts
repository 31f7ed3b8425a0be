import { describe, expect, it } from 'vitest';
import { fakeOrgPorts, fakeOrgState, legacyBlockingScp, type FakeOrgState } from '../setup/fake-org.js';
import { doctor } from './index.js';
import { renderDoctorJson, renderDoctorTable } from './render.js';
import { classifyStsEndpoint } from './sts-endpoint.js';
import type { DoctorEvent, DoctorReport } from './types.js';
import type { ScpPolicy } from '../ports.js';

const configured = (over: Partial<FakeOrgState> = {}) =>
  fakeOrgState({
    trustedAccess: ['iam.amazonaws.com'],
    features: ['RootCredentialsManagement', 'RootSessions'],
    delegatedAdmins: ['222222222222'],
    ...over,
  });

const run = (s: FakeOrgState) =>
  doctor(fakeOrgPorts(s), { region: 'us-east-1', now: () => new Date('2025-01-01T00:00:00Z') });
const ids = (r: DoctorReport, k: 'gaps' | 'warnings') => r[k].map((g) => g.id);

describe('doctor verdicts', () => {
  it('reports a fresh organization as not ready with one setup step per missing setting', async () => {
    const r = await run(fakeOrgState());
    expect(r.verdict).toBe('not-ready');
    expect(r.caller.role).toBe('management');
    expect(ids(r, 'gaps')).toEqual(['trusted-access-off', 'root-credentials-management-off']);
    expect(ids(r, 'warnings')).toEqual(['root-sessions-off']);
    expect(r.gaps[0]!.next.text).toBe(
      'rootctl setup --delegated-admin <account-id> (or rootctl setup --no-delegate for the features only)',
    );
    expect(r.features).toMatchObject({
      status: 'known',
      value: { RootCredentialsManagement: false, RootSessions: false },
    });
    expect(r.accounts).toEqual({
      status: 'known',
      value: { members: 4, activeMembers: 3, suspendedMembers: 1 },
    });
  });

  it('lists only the features when trusted access is already on', async () => {
    const r = await run(fakeOrgState({ trustedAccess: ['iam.amazonaws.com'] }));
    expect(ids(r, 'gaps')).toEqual(['root-credentials-management-off']);
    expect(ids(r, 'warnings')).toEqual(['root-sessions-off']);
    expect(r.trustedAccess).toEqual({ status: 'known', value: true });
  });

  // AWS gates the audit, delete and password-recovery tasks by RootCredentialsManagement alone and
  // the unlock tasks by RootSessions alone (live captures, radkawar/stackd root_sessions.json).
  it('is ready with RootCredentialsManagement alone, warning that the unlock tasks need RootSessions', async () => {
    const r = await run(configured({ features: ['RootCredentialsManagement'] }));
    expect(r.ready).toBe(true);
    expect(ids(r, 'warnings')).toContain('root-sessions-off');
    const w = r.warnings.find((x) => x.id === 'root-sessions-off')!;
    expect(w.detail).toMatch(/S3 and SQS unlock/);
    expect(w.next.text).toBe('rootctl setup --features root-sessions --delegated-admin 222222222222');
  });

  it('is not ready with RootSessions alone: audit, remediate and password recovery need RootCredentialsManagement', async () => {
    const r = await run(configured({ features: ['RootSessions'] }));
    expect(r.ready).toBe(false);
    expect(ids(r, 'gaps')).toEqual(['root-credentials-management-off']);
    expect(r.gaps[0]!.detail).toMatch(/audit, delete and password-recovery/);
  });

  it('is ready when configured, and warns when run from the management account while a delegated admin exists', async () => {
    const r = await run(configured());
    expect(r.ready).toBe(true);
    expect(r.gaps).toEqual([]);
    expect(ids(r, 'warnings')).toEqual(['management-while-delegated']);
    expect(r.warnings[0]!.title).toContain('222222222222 (Security)');
  });

  it('recognises the IAM delegated administrator and does not warn it', async () => {
    const r = await run(configured({ caller: { accountId: '222222222222' } }));
    expect(r.caller.role).toBe('delegated-admin');
    expect(r.ready).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  it('falls back to ListOrganizationsFeatures to recognise a delegated admin that may not list delegated admins', async () => {
    const r = await run(
      configured({
        caller: { accountId: '222222222222' },
        deny: ['organizations:ListDelegatedAdministrators'],
      }),
    );
    expect(r.caller.role).toBe('delegated-admin');
    expect(r.caller.roleBasis).toContain('ListOrganizationsFeatures');
  });

  describe('the shared SCP analysis (issue 15: doctor said READY while an allow-list SCP blocked accounts)', () => {
    const policy = (
      id: string,
      statement: object,
      targets: ScpPolicy['targets'],
      awsManaged = false,
    ): ScpPolicy => ({
      id,
      name: id,
      awsManaged,
      content: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
      targets,
    });
    const t = (id: string, type: 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT') => ({ id, type, name: id });
    const accounts = ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555'];
    const full = (skip: string) =>
      policy(
        'p-FullAWSAccess',
        { Effect: 'Allow', Action: '*', Resource: '*' },
        [
          t('r-ab12', 'ROOT'),
          t('ou-ab12-security', 'ORGANIZATIONAL_UNIT'),
          t('ou-ab12-legacy00', 'ORGANIZATIONAL_UNIT'),
          ...accounts.map((a) => t(a, 'ACCOUNT')),
        ].filter((x) => x.id !== skip),
        true,
      );

    it('warns about a NotAction allow-list SCP that blocks the accounts under its OU', async () => {
      const allowList = policy('p-allowlist', { Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' }, [
        t('ou-ab12-legacy00', 'ORGANIZATIONAL_UNIT'),
      ]);
      const r = await run(configured({ scps: [full('ou-ab12-legacy00'), allowList] }));
      const w = r.warnings.find((x) => x.id === 'blocking-scp');
      expect(w?.policyId).toBe('p-allowlist');
      expect(w?.title).toContain(
        'allows no root-task calls where attached: root tasks fail in 2 active member accounts',
      );
    });

    it('warns about a deny-root SCP it cannot rule out (NotIpAddress), never calls it harmless', async () => {
      const maybe = policy(
        'p-corpnet',
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: {
            ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' },
            NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' },
          },
        },
        [t('r-ab12', 'ROOT')],
      );
      const r = await run(configured({ scps: [full(''), maybe] }));
      const w = r.warnings.find((x) => x.id === 'blocking-scp');
      expect(w?.policyId).toBe('p-corpnet');
      expect(w?.title).toContain('may deny root sessions (not ruled out)');
      expect(r.scps.status === 'known' && r.scps.value.blockers[0]!.kind).toBe('possibly-blocking');
    });
  });

  it('warns about a blocking SCP with its targets and the active accounts it covers', async () => {
    const r = await run(configured({ scps: [legacyBlockingScp()] }));
    expect(r.ready).toBe(true);
    const w = r.warnings.find((x) => x.id === 'blocking-scp')!;
    expect(w.policyId).toBe('p-blocking01');
    expect(w.title).toContain('2 active member accounts');
    expect(w.next.text).toContain('aws organizations update-policy --policy-id p-blocking01');
    expect(r.scps.status === 'known' && r.scps.value.blockers[0]!.accountsCovered).toBe(2);
    expect(r.scps.status === 'known' && r.scps.value.blockers[0]!.targets.map((t) => t.id)).toEqual([
      'ou-ab12-legacy00',
    ]);
  });

  it('reports what a plain member can see and says which facts are unknown and why', async () => {
    const r = await run(configured({ caller: { accountId: '333333333333' } }));
    expect(r.caller.role).toBe('member');
    expect(r.verdict).toBe('not-ready');
    expect(r.organization).toMatchObject({
      status: 'known',
      value: { id: 'o-abcdefghij', featureSet: 'ALL' },
    });
    expect(r.trustedAccess).toMatchObject({
      status: 'unknown',
      code: 'AccessDenied',
      action: 'organizations:ListAWSServiceAccessForOrganization',
    });
    expect(r.features).toMatchObject({ status: 'unknown', code: 'NotManagementOrDelegatedAdmin' });
    expect(ids(r, 'gaps')).toEqual(['caller-not-admin']);
    expect(r.gaps[0]!.next.text).toBe(
      'Run from the management account or the IAM delegated administrator (e.g. rootctl doctor --profile security)',
    );
    expect(r.unknown.map((u) => u.fact)).toEqual([
      'accounts',
      'trustedAccess',
      'features',
      'delegatedAdministrators',
      'scps',
    ]);
  });

  it('says consolidated billing is the gap, and that the rest does not apply', async () => {
    const r = await run(
      fakeOrgState({ org: { ...fakeOrgState().org!, featureSet: 'CONSOLIDATED_BILLING' } }),
    );
    expect(ids(r, 'gaps')).toEqual(['consolidated-billing']);
    expect(r.gaps[0]!.next.kind).toBe('console');
    expect(r.trustedAccess.status).toBe('not-applicable');
    expect(r.scps.status).toBe('not-applicable');
  });

  it('reports a caller outside any organization as role none, not as a crash', async () => {
    const r = await run(fakeOrgState({ caller: { accountId: '999999999999' } }));
    expect(r.caller.role).toBe('none');
    expect(ids(r, 'gaps')).toEqual(['not-in-organization']);
    expect(r.organization.status).toBe('not-applicable');
  });

  it('asks for the missing permission when a management principal cannot read a setting', async () => {
    const r = await run(configured({ deny: ['organizations:ListAWSServiceAccessForOrganization'] }));
    expect(ids(r, 'gaps')).toEqual(['facts-unknown']);
    expect(r.gaps[0]!.next.text).toContain('Allow organizations:ListAWSServiceAccessForOrganization');
  });

  it('warns when SCPs cannot be read, without blocking readiness', async () => {
    const r = await run(configured({ deny: ['organizations:ListPolicies'] }));
    expect(r.ready).toBe(true);
    expect(ids(r, 'warnings')).toContain('scps-unknown');
  });

  it('fails with AccessDenied when even DescribeOrganization is denied', async () => {
    await expect(run(configured({ deny: ['organizations:DescribeOrganization'] }))).rejects.toMatchObject({
      code: 'AccessDenied',
    });
  });

  it('makes the global STS endpoint a gap', async () => {
    const r = await run(configured({ stsEndpoint: 'https://sts.amazonaws.com' }));
    expect(ids(r, 'gaps')).toEqual(['global-sts-endpoint']);
  });
});

describe('STS endpoint classification', () => {
  it('tells Regional, global and custom endpoints apart', () => {
    expect(classifyStsEndpoint('https://sts.eu-west-1.amazonaws.com', 'eu-west-1').kind).toBe('regional');
    expect(classifyStsEndpoint('https://sts.cn-north-1.amazonaws.com.cn', 'cn-north-1').kind).toBe(
      'regional',
    );
    expect(classifyStsEndpoint('https://sts.amazonaws.com', 'us-east-1').kind).toBe('global');
    expect(classifyStsEndpoint('http://127.0.0.1:4566/sts-global', 'us-east-1').kind).toBe('global');
    const custom = classifyStsEndpoint('http://127.0.0.1:4566', 'us-west-2');
    expect(custom.kind).toBe('custom');
    expect(custom.note).toContain('AssumeRoot requests go to http://127.0.0.1:4566');
    expect(custom.regionalEndpoint).toBe('https://sts.us-west-2.amazonaws.com');
    expect(classifyStsEndpoint(undefined, 'us-east-1').kind).toBe('unknown');
  });
});

describe('doctor rendering', () => {
  it('renders a table with the verdict and next steps, and versioned JSON', async () => {
    const r = await run(configured({ scps: [legacyBlockingScp()] }));
    const table = renderDoctorTable(r);
    expect(table).toContain('Verdict: READY with 2 warnings');
    expect(table).toContain(
      'DenyRootUser (p-blocking01): 2 active member accounts; on Legacy (ou-ab12-legacy00)',
    );
    expect(table).not.toContain('\u001b[');
    const json = JSON.parse(renderDoctorJson(r));
    expect(json).toMatchObject({ schemaVersion: 1, kind: 'rootctl.doctor', verdict: 'ready' });
  });
});

describe('doctor events', () => {
  it('says what it reads and counts the accounts as the tree walk finds them', async () => {
    const events: DoctorEvent[] = [];
    const r = await doctor(fakeOrgPorts(configured()), { onEvent: (e) => events.push(e) });
    expect(events.filter((e) => e.kind === 'reading').map((e) => e.what)).toEqual([
      'caller identity (sts:GetCallerIdentity)',
      'organization (organizations:DescribeOrganization)',
      'delegated administrators, trusted access, features, OU tree and SCPs',
    ]);
    const listed = events.flatMap((e) => (e.kind === 'accounts-listed' ? [e.listed] : []));
    // Counts only grow, and end at every account of the organization (management included).
    expect(listed).toEqual([...listed].sort((a, b) => a - b));
    const known = r.accounts.status === 'known' ? r.accounts.value.members + 1 : -1;
    expect(listed.at(-1)).toBe(known);
  });
});
