/**
 * `rootctl doctor` end to end: the built CLI against emulated organizations over real HTTP, one per
 * verdict (fresh, half-configured, configured, blocking SCP, wrong account, consolidated billing, no
 * organization), each answer compared with the emulator's own state; and every error a user can hit,
 * with its exit code.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../src/core/doctor/types.js';
import {
  IAM,
  activeMembersUnder,
  addPrincipal,
  expectOneError,
  runCli,
  startOrg,
  type Org,
} from './doctor-support.js';
import { setKnobs } from './helpers/audit-emulator.js';
import { shortenSdkBackoff } from './support/sdk-backoff.js';

const json = (stdout: string) => JSON.parse(stdout) as DoctorReport;
const gapIds = (r: DoctorReport) => r.gaps.map((g) => g.id);

describe('doctor on a fresh organization', () => {
  let org: Org;
  beforeAll(async () => {
    org = await startOrg({
      mutate: (s) => {
        const mgmt = s.organization!.managementAccountId;
        addPrincipal(s, 'whoami-only', mgmt, ['sts:GetCallerIdentity']);
        // Every Organizations read doctor makes except listing service access (trusted access).
        const orgReadsButServiceAccess = [
          'sts:*',
          'organizations:Describe*',
          'organizations:ListRoots',
          'organizations:ListOrganizationalUnitsForParent',
          'organizations:ListAccountsForParent',
          'organizations:ListDelegatedAdministrators',
          'organizations:ListPolicies',
          'organizations:ListTargetsForPolicy',
        ];
        addPrincipal(s, 'mgmt-no-service-access', mgmt, [...orgReadsButServiceAccess, 'iam:*']);
        // Temporary credentials that ended an hour ago.
        addPrincipal(s, 'expired', mgmt, ['*']);
        s.principals.at(-1)!.expiration = new Date(Date.now() - 3_600_000).toISOString();
        // Neither trusted access nor the features readable: readiness cannot be told at all.
        addPrincipal(s, 'mgmt-no-readiness', mgmt, orgReadsButServiceAccess);
      },
    });
  });
  afterAll(() => org.close());

  it('is not ready (exit 1) and gives the setup command for each missing setting', async () => {
    const r = await org.as('management', ['doctor', '--output', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const rep = json(r.stdout);
    const state = await org.state();
    expect(rep).toMatchObject({
      schemaVersion: 1,
      kind: 'rootctl.doctor',
      verdict: 'not-ready',
      ready: false,
    });
    expect(rep.caller).toMatchObject({
      accountId: state.organization!.managementAccountId,
      role: 'management',
    });
    expect(rep.organization).toEqual({
      status: 'known',
      value: {
        id: state.organization!.id,
        featureSet: 'ALL',
        managementAccountId: state.organization!.managementAccountId,
      },
    });
    const members = state.accounts.filter((a) => a.id !== state.organization!.managementAccountId);
    expect(rep.accounts).toEqual({
      status: 'known',
      value: {
        members: members.length,
        activeMembers: members.filter((a) => a.status === 'ACTIVE').length,
        suspendedMembers: members.filter((a) => a.status === 'SUSPENDED').length,
      },
    });
    expect(rep.trustedAccess).toEqual({
      status: 'known',
      value: state.serviceAccess.some((s) => s.servicePrincipal === IAM),
    });
    // RootSessions carries only the unlock tasks: off, it is a warning, not a gap.
    expect(gapIds(rep)).toEqual(['trusted-access-off', 'root-credentials-management-off']);
    expect(rep.warnings.map((w: { id: string }) => w.id)).toContain('root-sessions-off');
    expect(
      rep.gaps.every((g) => g.next.text.startsWith('rootctl setup --delegated-admin <account-id>')),
    ).toBe(true);
    expect(rep.delegatedAdministrators).toEqual({ status: 'known', value: [] });
    expect(r.stderr.trim()).toBe(
      'rootctl: not ready: trusted-access-off, root-credentials-management-off (next steps above).',
    );
  });

  it('prints a readable table with the verdict, the STS endpoint and the next steps', async () => {
    const r = await org.as('management', ['doctor']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/IAM trusted access\s+off/);
    expect(r.stdout).toContain('Verdict: NOT READY: 2 gaps');
    expect(r.stdout).toContain(`endpoint  ${org.url} (custom)`);
    expect(r.stdout).toContain(`AssumeRoot requests go to ${org.url}`);
    expect(r.stdout).toContain('next: rootctl setup --delegated-admin <account-id>');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it("reports the endpoint the SDK resolved from the profile's endpoint_url (AWS_PROFILE)", async () => {
    const r = await runCli(['doctor', '--output', 'json', '--region', 'eu-west-1'], {
      ...org.env,
      AWS_PROFILE: 'management',
    });
    expect(r.code, r.stderr).toBe(1);
    expect(json(r.stdout).sts).toMatchObject({
      region: 'eu-west-1',
      endpoint: org.url,
      kind: 'custom',
      regionalEndpoint: 'https://sts.eu-west-1.amazonaws.com',
    });
  });

  it('takes the Region from the profile when neither --region nor AWS_REGION is set, as the AWS CLI does', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'rootctl-region-')), 'config');
    writeFileSync(
      config,
      readFileSync(org.env.AWS_CONFIG_FILE!, 'utf8').replace(
        /(\[profile management\]\n)region = us-east-1/,
        '$1region = ap-southeast-2',
      ),
    );
    const env = { ...org.env, AWS_CONFIG_FILE: config };
    const fromProfile = await runCli(['doctor', '--output', 'json', '--profile', 'management'], env);
    expect(json(fromProfile.stdout).sts.region).toBe('ap-southeast-2');
    const fromEnv = await runCli(['doctor', '--output', 'json', '--profile', 'management'], {
      ...env,
      AWS_REGION: 'eu-central-1',
    });
    expect(json(fromEnv.stdout).sts.region).toBe('eu-central-1');
  });

  it('names the endpoint override when STS goes to the global endpoint (not ready, exit 1)', async () => {
    const r = await runCli(['doctor', '--output', 'json'], {
      ...org.env,
      AWS_PROFILE: 'management',
      AWS_ENDPOINT_URL_STS: `${org.url}/sts-global`,
    });
    expect(r.code, r.stderr).toBe(1);
    const rep = json(r.stdout);
    expect(rep.sts).toMatchObject({ kind: 'global', endpoint: `${org.url}/sts-global` });
    expect(rep.gaps.find((g) => g.id === 'global-sts-endpoint')!.next.text).toBe(
      `Point the STS endpoint override at the Regional endpoint https://sts.us-east-1.amazonaws.com instead of ${org.url}/sts-global: check --endpoint-url, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL and endpoint_url (or the sts section of services) in the profile`,
    );
  });

  it('reports what a plain member can see, the unknown facts and why, and where to run from', async () => {
    const r = await org.as('member', ['doctor', '--output', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const rep = json(r.stdout);
    const state = await org.state();
    const member = org.scenario.principals.find((p) => p.profile === 'member')!;
    expect(rep.caller).toMatchObject({ accountId: member.accountId, role: 'member' });
    expect(rep.organization).toMatchObject({
      status: 'known',
      value: { id: state.organization!.id, featureSet: 'ALL' },
    });
    // A member may not list service access, but IAM's ServiceAccessNotEnabled answer proves it off.
    expect(rep.trustedAccess).toMatchObject({
      status: 'known',
      value: false,
      note: expect.stringContaining('ServiceAccessNotEnabled'),
    });
    expect(rep.unknown.map((u) => u.fact)).toEqual(
      expect.arrayContaining(['delegatedAdministrators', 'scps', 'accounts']),
    );
    expect(rep.unknown.find((u) => u.fact === 'accounts')).toMatchObject({
      code: 'AccessDenied',
      action: 'organizations:ListRoots',
    });
    expect(gapIds(rep)[0]).toBe('caller-not-admin');
    expect(rep.gaps[0]!.next.text).toBe(
      'Run from the management account or the IAM delegated administrator (e.g. rootctl doctor --profile security)',
    );
  });

  it('reports a caller outside any organization as not in one (exit 1), not as a crash', async () => {
    const r = await org.as('outside', ['doctor', '--output', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const rep = json(r.stdout);
    expect(rep.caller).toMatchObject({ accountId: '999999999999', role: 'none' });
    expect(gapIds(rep)).toEqual(['not-in-organization']);
    expect(rep.organization.status).toBe('not-applicable');
  });

  it("tells trusted access is off from IAM's answer when the management principal cannot list service access", async () => {
    const r = await org.as('mgmt-no-service-access', ['doctor', '--output', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const rep = json(r.stdout);
    expect(rep.caller.role).toBe('management');
    expect(rep.trustedAccess).toMatchObject({ status: 'known', value: false });
    // RootSessions carries only the unlock tasks: off, it is a warning, not a gap.
    expect(gapIds(rep)).toEqual(['trusted-access-off', 'root-credentials-management-off']);
    expect(rep.warnings.map((w: { id: string }) => w.id)).toContain('root-sessions-off');
  });

  it('asks for the missing permissions when the management principal can read no readiness setting (exit 1)', async () => {
    const r = await org.as('mgmt-no-readiness', ['doctor', '--output', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const rep = json(r.stdout);
    expect(rep.caller.role).toBe('management');
    expect(gapIds(rep)).toEqual(['facts-unknown']);
    expect(rep.gaps[0]!.next).toEqual({
      kind: 'permissions',
      text: 'Allow organizations:ListAWSServiceAccessForOrganization, iam:ListOrganizationsFeatures for the calling principal (see "Required IAM permissions" in the README), then run rootctl doctor again',
    });
  });

  // Organizations clients make 10 adaptive attempts (throttling is routine at scale), and the SDK backs
  // off throttles for up to 20 s each: giving up took 1.5 minutes or more. The SDK's backoff bases are
  // divided for the test (test/support/sdk-backoff.ts): the same ten attempts, shorter waits.
  it('says to run again, not to grant a permission, when AWS throttles the SCP reads past the retries', async () => {
    const throttledCount = async () =>
      ((await (await fetch(`${org.url}/_emulator/stats`)).json()) as { throttled: number }).throttled;
    const throttledBefore = await throttledCount();
    await setKnobs(org.url, { rates: { ListPolicies: 0.001 } });
    const restoreBackoff = shortenSdkBackoff();
    try {
      const r = await org.as('management', ['doctor', '--output', 'json']);
      expect(r.code, r.stderr).toBe(1);
      const rep = json(r.stdout);
      expect(rep.scps).toMatchObject({
        status: 'unknown',
        code: 'Throttled',
        action: 'organizations:ListPolicies',
      });
      const w = rep.warnings.find((x) => x.id === 'scps-unknown')!;
      expect(w.next).toEqual({
        kind: 'rootctl',
        text: 'AWS answered with a transient error (busy or failing, after retries): run rootctl doctor again in a minute',
      });
      // Not vacuous: the attempts reached the service and were throttled (ten for one call).
      expect((await throttledCount()) - throttledBefore).toBeGreaterThanOrEqual(10);
    } finally {
      restoreBackoff();
      await setKnobs(org.url, { rates: { ListPolicies: 1000 } });
    }
  });

  describe('errors: one line on stderr and the documented exit code', () => {
    it('AccessDenied (exit 3) when the organization cannot even be described', async () => {
      const r = await org.as('whoami-only', ['doctor']);
      expectOneError(r, 'AccessDenied', 3, /organizations:DescribeOrganization/);
      expect(r.stdout).toBe('');
    });

    it('NoCredentials (exit 3) for a profile that does not exist, naming it and the files looked in', async () => {
      const r = await org.as('no-such-profile', ['doctor']);
      const hint = expectOneError(r, 'NoCredentials', 3, /Profile 'no-such-profile' is in neither /);
      expect(r.stderr).toContain(org.env.AWS_CONFIG_FILE!);
      expect(r.stderr).toContain(org.env.AWS_SHARED_CREDENTIALS_FILE!);
      expect(hint).toContain('aws configure list-profiles');
    });

    it("NoCredentials (exit 3) with the SDK's reason for a profile that exists but has no credentials", async () => {
      const config = join(mkdtempSync(join(tmpdir(), 'rootctl-nocreds-')), 'config');
      writeFileSync(
        config,
        `${readFileSync(org.env.AWS_CONFIG_FILE!, 'utf8')}\n[profile region-only]\nregion = us-east-1\n`,
      );
      const r = await runCli(['doctor', '--profile', 'region-only', '--endpoint-url', org.url], {
        ...org.env,
        AWS_CONFIG_FILE: config,
      });
      expectOneError(r, 'NoCredentials', 3, /sts:GetCallerIdentity/);
      expect(r.stderr).not.toContain('is in neither');
    });

    it('InvalidCredentials (exit 3) for a key the emulator does not know', async () => {
      const r = await runCli(['doctor', '--endpoint-url', org.url], {
        AWS_ACCESS_KEY_ID: 'AKIAUNKNOWNKEY000001',
        AWS_SECRET_ACCESS_KEY: 'x'.repeat(40),
      });
      expectOneError(r, 'InvalidCredentials', 3, /AWS rejected the credentials/);
    });

    it('NetworkError (exit 3) when the endpoint does not answer', async () => {
      const r = await runCli(['doctor', '--endpoint-url', 'http://127.0.0.1:9'], {
        AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE000000001',
        AWS_SECRET_ACCESS_KEY: 'x'.repeat(40),
      });
      expectOneError(r, 'NetworkError', 3, /Could not reach AWS for sts:GetCallerIdentity/);
    });

    it('ExpiredCredentials (exit 3) for temporary credentials that have ended', async () => {
      const r = await org.as('expired', ['doctor']);
      const hint = expectOneError(
        r,
        'ExpiredCredentials',
        3,
        /The credentials for sts:GetCallerIdentity have expired/,
      );
      expect(hint).toContain('refresh it');
    });

    it('NetworkError (exit 3) for https:// to the plain-HTTP emulator port, not an AWS error', async () => {
      const r = await runCli(
        ['doctor', '--profile', 'management', '--endpoint-url', org.url.replace('http:', 'https:')],
        org.env,
      );
      expectOneError(
        r,
        'NetworkError',
        3,
        /Could not reach AWS for sts:GetCallerIdentity: .*did not answer TLS \(a plain-HTTP port\?\)/,
      );
    });

    it('NetworkError (exit 3) in one line when the endpoint answers but not like AWS', async () => {
      const r = await runCli(
        ['doctor', '--profile', 'management', '--endpoint-url', `${org.url}/_emulator/state`],
        org.env,
      );
      const hint = expectOneError(
        r,
        'NetworkError',
        3,
        /^rootctl: NetworkError: The endpoint for sts:GetCallerIdentity did not answer like AWS \(HTTP 400\): @aws-sdk XML parse error: unexpected content\.$/,
      );
      expect(hint).toContain('--endpoint-url');
      expect(r.stderr.trim().split('\n')).toHaveLength(2);
    });

    it('Throttled (exit 3) when AWS keeps throttling the identity call past the retries', async () => {
      await setKnobs(org.url, { rates: { GetCallerIdentity: 0.001 } });
      const restoreBackoff = shortenSdkBackoff();
      try {
        const r = await org.as('management', ['doctor']);
        expectOneError(r, 'Throttled', 3, /AWS throttled sts:GetCallerIdentity after retries/);
      } finally {
        restoreBackoff();
        await setKnobs(org.url, { rates: { GetCallerIdentity: 1000 } });
      }
    });

    it("AwsError (exit 3) with AWS's code when AWS keeps failing (503) past the retries", async () => {
      await setKnobs(org.url, { faults: 1, faultKinds: ['unavailable'] });
      const restoreBackoff = shortenSdkBackoff();
      try {
        const r = await org.as('management', ['doctor']);
        expectOneError(
          r,
          'AwsError',
          3,
          /^rootctl: AwsError: sts:GetCallerIdentity failed: ServiceUnavailable: /,
        );
      } finally {
        restoreBackoff();
        await setKnobs(org.url, { faults: 0 });
      }
    });

    it('InvalidRegion (exit 2) for the global pseudo-Region', async () => {
      const r = await org.as('management', ['doctor', '--region', 'aws-global']);
      expectOneError(r, 'InvalidRegion', 2, /global STS endpoint/);
    });

    it('InvalidRegion (exit 2) for a value that is no Region code, or an empty one', async () => {
      expectOneError(
        await org.as('management', ['doctor', '--region', 'EU-WEST-1']),
        'InvalidRegion',
        2,
        /'EU-WEST-1' is not an AWS Region code/,
      );
      expectOneError(
        await org.as('management', ['doctor', '--region', '']),
        'InvalidRegion',
        2,
        /--region is empty/,
      );
    });

    it('UsageError (exit 2) for an empty --profile', async () => {
      const r = await runCli(['doctor', '--profile', '', '--endpoint-url', org.url], org.env);
      expectOneError(r, 'UsageError', 2, /--profile is empty/);
    });

    it('InvalidInput (exit 2) for an --endpoint-url that is not a URL', async () => {
      const r = await runCli(['doctor', '--endpoint-url', 'localhost:4566'], org.env);
      expectOneError(r, 'InvalidInput', 2, /not an http\(s\) URL/);
    });

    it('exit 2 for an unknown --output format', async () => {
      const r = await org.as('management', ['doctor', '--output', 'xml']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/argument 'xml' is invalid/);
      expect(r.stdout).toBe('');
    });
  });
});

describe('doctor on a half-configured organization (trusted access on, features off)', () => {
  let org: Org;
  beforeAll(async () => {
    org = await startOrg({
      mutate: (s) =>
        void s.serviceAccess.push({ servicePrincipal: IAM, dateEnabled: '2024-06-01T00:00:00Z' }),
    });
  });
  afterAll(() => org.close());

  it('lists RootCredentialsManagement as a gap and RootSessions as a warning', async () => {
    const r = await org.as('management', ['doctor', '--output', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const rep = json(r.stdout);
    expect(rep.trustedAccess).toEqual({ status: 'known', value: true });
    expect(rep.features).toEqual({
      status: 'known',
      value: { RootCredentialsManagement: false, RootSessions: false },
    });
    expect(gapIds(rep)).toEqual(['root-credentials-management-off']);
    expect(rep.warnings.map((w: { id: string }) => w.id)).toContain('root-sessions-off');
  });
});

describe('doctor on a configured organization', () => {
  let org: Org;
  beforeAll(async () => {
    org = await startOrg({ state: 'configured' });
  });
  afterAll(() => org.close());

  it('is ready from the management account (exit 0), warning that routine work belongs to the delegated admin', async () => {
    const r = await org.as('management', ['doctor', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const rep = json(r.stdout);
    const state = await org.state();
    const admin = state.delegatedAdministrators.find((d) => d.servicePrincipal === IAM)!.accountId;
    expect(rep).toMatchObject({ verdict: 'ready', gaps: [] });
    expect(rep.features).toEqual({
      status: 'known',
      value: {
        RootCredentialsManagement: state.features.includes('RootCredentialsManagement'),
        RootSessions: state.features.includes('RootSessions'),
      },
    });
    expect(rep.delegatedAdministrators).toEqual({
      status: 'known',
      value: [{ accountId: admin, name: 'Security' }],
    });
    expect(rep.warnings.map((w) => w.id)).toEqual(['management-while-delegated']);
    expect(rep.warnings[0]!.title).toContain(`${admin} (Security)`);
    expect(rep.scps).toMatchObject({ status: 'known', value: { policyTypeEnabled: true, blockers: [] } });
  });

  it('is ready from the delegated administrator, which it recognises, with no warning', async () => {
    const r = await org.as('security', ['doctor']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('(IAM delegated administrator)');
    expect(r.stdout).toContain('Verdict: READY');
    expect(r.stdout).not.toContain('Warnings');
  });

  it('is not ready from the wrong account (exit 1) and says to use the management or delegated admin account', async () => {
    const r = await org.as('member', ['doctor']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /IAM trusted access\s+unknown \(AccessDenied: organizations:ListAWSServiceAccessForOrganization\)/,
    );
    expect(r.stdout).toContain(
      'next: Run from the management account or the IAM delegated administrator (e.g. rootctl doctor --profile security)',
    );
    expect(r.stderr.trim()).toBe('rootctl: not ready: caller-not-admin (next steps above).');
  });
});

describe('doctor with a blocking SCP', () => {
  let org: Org;
  beforeAll(async () => {
    org = await startOrg({ state: 'configured', blockingScp: true });
  });
  afterAll(() => org.close());

  it('stays ready (exit 0) but names the SCP, its targets, the active accounts it covers, and the fix', async () => {
    const r = await org.as('security', ['doctor', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rep = json(r.stdout);
    const state = await org.state();
    const scp = state.policies.find((p) => p.name === 'DenyRootUser')!;
    expect(rep.scps.status).toBe('known');
    const blockers = rep.scps.status === 'known' ? rep.scps.value.blockers : [];
    expect(blockers.map((b) => b.policyId)).toEqual([scp.id]);
    expect(blockers[0]!.targets.map((t) => t.id)).toEqual(scp.targets);
    expect(blockers[0]!.accountsCovered).toBe(activeMembersUnder(state, scp.targets));
    expect(blockers[0]!.accountsCovered).toBeGreaterThan(0);
    expect(blockers[0]!.reason).toContain('aws:AssumedRoot');
    const w = rep.warnings.find((x) => x.id === 'blocking-scp')!;
    expect(w.policyId).toBe(scp.id);
    expect(w.next.text).toContain(`aws organizations update-policy --policy-id ${scp.id}`);
  });

  it('shows the SCP prominently in the table', async () => {
    const r = await org.as('security', ['doctor']);
    const state = await org.state();
    const scp = state.policies.find((p) => p.name === 'DenyRootUser')!;
    expect(r.stdout).toContain(
      `DenyRootUser (${scp.id}): ${activeMembersUnder(state, scp.targets)} active member accounts; on Legacy (${scp.targets[0]})`,
    );
    expect(r.stdout).toMatch(/Verdict: READY with 1 warning\n/);
  });
});

describe('doctor on a consolidated-billing organization', () => {
  let org: Org;
  beforeAll(async () => {
    org = await startOrg({ featureSet: 'CONSOLIDATED_BILLING' });
  });
  afterAll(() => org.close());

  it('is not ready (exit 1): enable all features, where only the console or CLI can', async () => {
    const r = await org.as('management', ['doctor', '--output', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const rep = json(r.stdout);
    expect(rep.organization).toMatchObject({
      status: 'known',
      value: { featureSet: 'CONSOLIDATED_BILLING' },
    });
    expect(gapIds(rep)).toEqual(['consolidated-billing']);
    expect(rep.gaps[0]!.next).toMatchObject({ kind: 'console' });
    expect(rep.gaps[0]!.next.text).toContain('aws organizations enable-all-features');
    expect(rep.trustedAccess.status).toBe('not-applicable');
  });
});
