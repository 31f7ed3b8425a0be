/**
 * `rootctl setup` end to end against the emulator over real HTTP: the plan on a fresh organization,
 * applying it, the idempotent second run, --no-delegate, --undo, and every refusal - each refusal
 * checked against the emulator's state to have changed nothing.
 * The tests in the main describe run in order on one organization (fresh -> configured -> fresh).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SetupPlan } from '../src/core/setup/types.js';
import {
  IAM,
  OUTSIDE,
  addPrincipal,
  expectOneError,
  expectUnchanged,
  runCli,
  startOrg,
  writesIn,
  type Org,
  type State,
} from './doctor-support.js';
import { setKnobs } from './helpers/audit-emulator.js';
import { shortenSdkBackoff } from './support/sdk-backoff.js';

const iamAdmins = (s: State) =>
  s.delegatedAdministrators.filter((d) => d.servicePrincipal === IAM).map((d) => d.accountId);
const trusted = (s: State) => s.serviceAccess.some((x) => x.servicePrincipal === IAM);

describe('setup on a fresh organization with a blocking SCP', () => {
  let org: Org;
  let security: string;
  let suspended: string;
  let mgmt: string;
  beforeAll(async () => {
    org = await startOrg({
      blockingScp: true,
      // Make sure the organization has a suspended account to refuse as delegated admin.
      mutate: (s) => void (s.accounts.find((a) => a.name.startsWith('legacy-'))!.status = 'SUSPENDED'),
    });
    security = org.accountId('Security');
    suspended = org.scenario.accounts.find((a) => a.status === 'SUSPENDED')!.id;
    mgmt = org.scenario.organization!.managementAccountId;
  });
  afterAll(() => org.close());

  it('plans the four steps, warns about the blocking SCP by name, and changes nothing without --yes', async () => {
    const before = await org.state();
    const r = await org.as('management', ['setup', '--delegated-admin', security]);
    expect(r.code, r.stderr).toBe(0);
    const steps = r.stdout.split('\n').filter((l) => /^ {2}\d\. /.test(l));
    expect(steps).toEqual([
      '  1. Enable IAM trusted access in AWS Organizations (iam.amazonaws.com)',
      '  2. Enable RootCredentialsManagement (root credentials management)',
      '  3. Enable RootSessions (privileged root actions in member accounts)',
      `  4. Register ${security} (Security) as the IAM delegated administrator`,
    ]);
    const scp = before.policies.find((p) => p.name === 'DenyRootUser')!;
    expect(r.stdout).toContain(`SCP DenyRootUser (${scp.id}) denies root sessions`);
    expect(r.stdout.indexOf('Warnings (read before applying)')).toBeLessThan(r.stdout.indexOf('Steps (4)'));
    expect(r.stderr.trim()).toBe('rootctl: plan only, nothing changed: run again with --yes to apply.');
    expectUnchanged(before, await org.state());
  });

  it('prints the plan as versioned JSON', async () => {
    const r = await org.as('management', ['setup', '--delegated-admin', security, '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as SetupPlan;
    const state = await org.state();
    expect(plan).toMatchObject({
      schemaVersion: 1,
      kind: 'rootctl.setup-plan',
      mode: 'setup',
      organizationId: state.organization!.id,
      managementAccountId: mgmt,
      delegatedAdmin: { accountId: security, name: 'Security' },
      skipped: [],
    });
    expect(plan.steps.map((s) => s.action)).toEqual([
      'organizations:EnableAWSServiceAccess',
      'iam:EnableOrganizationsRootCredentialsManagement',
      'iam:EnableOrganizationsRootSessions',
      'organizations:RegisterDelegatedAdministrator',
    ]);
    expect(plan.warnings.map((w) => [w.id, w.policyId])).toEqual([
      ['blocking-scp', state.policies.find((p) => p.name === 'DenyRootUser')!.id],
    ]);
  });

  describe('refuses with one clear line and changes nothing', () => {
    // `args` undefined: the default `--delegated-admin <Security>`.
    const refusals: [string, string, string[] | undefined, string, number, RegExp][] = [
      [
        'the caller is the (not yet delegated) security account',
        'security',
        undefined,
        'NotManagementAccount',
        4,
        /only the management account .* can do; the caller's account \d{12} is a member account/,
      ],
      [
        'the caller is a workload member account',
        'member',
        undefined,
        'NotManagementAccount',
        4,
        /is a member account/,
      ],
      [
        'the caller is not in an organization',
        'outside',
        undefined,
        'NotInOrganization',
        3,
        new RegExp(`Account ${OUTSIDE} is not in an AWS Organization`),
      ],
      [
        'the delegated-admin id is malformed',
        'management',
        ['--delegated-admin', '12345'],
        'InvalidAccountId',
        2,
        /'12345' is not an AWS account id/,
      ],
      [
        'the delegated-admin account is not in the organization',
        'management',
        ['--delegated-admin', OUTSIDE],
        'UnknownAccount',
        2,
        new RegExp(`Account ${OUTSIDE} is not in organization o-`),
      ],
      [
        'no --delegated-admin and no --no-delegate',
        'management',
        [],
        'UsageError',
        2,
        /--delegated-admin <account-id>, or pass --no-delegate/,
      ],
      [
        '--delegated-admin with --no-delegate',
        'management',
        ['--no-delegate', '--delegated-admin', '123456789012'],
        'UsageError',
        2,
        /cannot be used together/,
      ],
      [
        '--undo with --no-delegate',
        'management',
        ['--undo', '--no-delegate'],
        'UsageError',
        2,
        /--undo takes neither/,
      ],
      [
        'the caller of --undo is not in an organization',
        'outside',
        ['--undo'],
        'NotInOrganization',
        3,
        new RegExp(`Account ${OUTSIDE} is not in an AWS Organization`),
      ],
      [
        '--undo with --delegated-admin',
        'management',
        ['--undo', '--delegated-admin', '123456789012'],
        'UsageError',
        2,
        /--undo takes neither/,
      ],
    ];
    for (const [what, profile, extra, code, exit, message] of refusals) {
      it(`${code} (exit ${exit}) when ${what}`, async () => {
        const before = await org.state();
        const r = await org.as(profile, ['setup', ...(extra ?? ['--delegated-admin', security]), '--yes']);
        expectOneError(r, code, exit, message);
        expectUnchanged(before, await org.state());
      });
    }

    it('ManagementAccountTarget (exit 2) when the delegated admin would be the management account', async () => {
      const before = await org.state();
      const r = await org.as('management', ['setup', '--delegated-admin', mgmt, '--yes']);
      const hint = expectOneError(
        r,
        'ManagementAccountTarget',
        2,
        new RegExp(`Account ${mgmt} is the management account`),
      );
      expect(hint).toContain('Choose a member account');
      expectUnchanged(before, await org.state());
    });

    it('SuspendedAccount (exit 2) when the delegated admin would be a suspended account', async () => {
      const before = await org.state();
      const r = await org.as('management', ['setup', '--delegated-admin', suspended, '--yes']);
      expectOneError(r, 'SuspendedAccount', 2, new RegExp(`Account ${suspended} \\(.+\\) is SUSPENDED`));
      expectUnchanged(before, await org.state());
    });
  });

  it('applies with --yes, verifies, and prints what doctor now says', async () => {
    const r = await org.as('management', ['setup', '--delegated-admin', security, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    const state = await org.state();
    expect(trusted(state)).toBe(true);
    expect([...state.features].sort()).toEqual(['RootCredentialsManagement', 'RootSessions']);
    expect(iamAdmins(state)).toEqual([security]);
    expect(writesIn(state)).toEqual([
      'EnableAWSServiceAccess',
      'EnableOrganizationsRootCredentialsManagement',
      'EnableOrganizationsRootSessions',
      'RegisterDelegatedAdministrator',
    ]);
    expect(r.stdout.match(/done, verified/g)).toHaveLength(4);
    const doctorPart = r.stdout.slice(r.stdout.indexOf('What rootctl doctor says now'));
    expect(doctorPart).toMatch(/IAM trusted access\s+on/);
    expect(doctorPart).toContain(`IAM delegated admin        ${security} (Security)`);
    expect(doctorPart).toContain('Verdict: READY');
  });

  it('plans nothing on a second run, and says so', async () => {
    const before = await org.state();
    const r = await org.as('management', ['setup', '--delegated-admin', security, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Nothing to do: the organization already has everything this setup would do.');
    expect(r.stdout).not.toContain('Applying');
    expectUnchanged(before, await org.state());
    const plan = JSON.parse(
      (await org.as('management', ['setup', '--delegated-admin', security, '-o', 'json'])).stdout,
    ) as SetupPlan;
    expect(plan.steps).toEqual([]);
    expect(plan.skipped.map((s) => s.kind)).toEqual([
      'enable-trusted-access',
      'enable-root-credentials-management',
      'enable-root-sessions',
      'register-delegated-admin',
    ]);
  });

  it('NotManagementAccount (exit 4) when the caller is the IAM delegated administrator itself', async () => {
    const before = await org.state();
    const r = await org.as('security', ['setup', '--delegated-admin', security, '--yes']);
    expectOneError(
      r,
      'NotManagementAccount',
      4,
      new RegExp(
        `the caller's account ${security} is the IAM delegated administrator\\. Nothing was changed\\.`,
      ),
    );
    expectUnchanged(before, await org.state());
  });

  it('DelegatedAdminExists (exit 4) when another account holds the IAM delegation: says which, and how to move it', async () => {
    const before = await org.state();
    const other = org.scenario.accounts.find(
      (a) => a.status === 'ACTIVE' && a.id !== security && a.id !== mgmt,
    )!.id;
    const r = await org.as('management', ['setup', '--delegated-admin', other, '--yes']);
    const hint = expectOneError(
      r,
      'DelegatedAdminExists',
      4,
      new RegExp(`Account ${security} \\(Security\\) is already the IAM delegated administrator`),
    );
    expect(hint).toContain(
      `aws organizations deregister-delegated-administrator --account-id ${security} --service-principal iam.amazonaws.com`,
    );
    expectUnchanged(before, await org.state());
  });

  it('--undo plans the reverse without --yes, and applies it with --yes', async () => {
    const before = await org.state();
    const plan = await org.as('management', ['setup', '--undo']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout.split('\n').filter((l) => /^ {2}\d\. /.test(l))).toEqual([
      `  1. Deregister ${security} (Security) as the IAM delegated administrator`,
      '  2. Disable RootSessions (privileged root actions in member accounts)',
      '  3. Disable RootCredentialsManagement (root credentials management)',
      '  4. Disable IAM trusted access in AWS Organizations (iam.amazonaws.com)',
    ]);
    expectUnchanged(before, await org.state());

    const r = await org.as('management', ['setup', '--undo', '--yes', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      kind: string;
      mode: string;
      steps: { kind: string; status: string }[];
      doctor: { verdict: string };
    };
    expect(out).toMatchObject({
      kind: 'rootctl.setup-result',
      mode: 'undo',
      doctor: { verdict: 'not-ready' },
    });
    expect(out.steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done']);
    const state = await org.state();
    expect(trusted(state)).toBe(false);
    expect(state.features).toEqual([]);
    expect(iamAdmins(state)).toEqual([]);
    const again = await org.as('management', ['setup', '--undo', '--yes']);
    expect(again.stdout).toContain('Nothing to undo: centralized root access is already off.');
  });

  it('--no-delegate sets up the features only', async () => {
    const r = await org.as('management', ['setup', '--no-delegate', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/done, verified/g)).toHaveLength(3);
    const state = await org.state();
    expect(trusted(state)).toBe(true);
    expect([...state.features].sort()).toEqual(['RootCredentialsManagement', 'RootSessions']);
    expect(iamAdmins(state)).toEqual([]);
    expect(r.stdout).toContain('No IAM delegated administrator');
  });

  it('--features chooses the features; RootCredentialsManagement alone is ready, with a warning about unlock tasks', async () => {
    expect((await org.as('management', ['setup', '--undo', '--yes'])).code).toBe(0);
    const bad = await org.as('management', ['setup', '--no-delegate', '--features', 'sessions-only']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--features 'sessions-only' is not a feature");
    const r = await org.as('management', [
      'setup',
      '--no-delegate',
      '--features',
      'credentials-management',
      '--yes',
      '-o',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      plan: { steps: { kind: string }[]; skipped: { kind: string; reason: string }[] };
      doctor: { verdict: string; warnings: { id: string }[] };
    };
    expect(out.plan.steps.map((x) => x.kind)).toEqual([
      'enable-trusted-access',
      'enable-root-credentials-management',
    ]);
    expect(out.plan.skipped).toContainEqual({
      kind: 'enable-root-sessions',
      reason: 'RootSessions was not asked for (--features)',
    });
    expect(out.doctor.verdict).toBe('ready');
    expect(out.doctor.warnings.map((w) => w.id)).toContain('root-sessions-off');
    expect((await org.state()).features).toEqual(['RootCredentialsManagement']);
    // AWS's own name works too, and adds the other feature.
    const more = await org.as('management', [
      'setup',
      '--no-delegate',
      '--features',
      'RootSessions',
      '--yes',
    ]);
    expect(more.code, more.stderr).toBe(0);
    expect([...(await org.state()).features].sort()).toEqual(['RootCredentialsManagement', 'RootSessions']);
  });
});

describe('setup on a consolidated-billing organization', () => {
  let org: Org;
  beforeAll(async () => {
    org = await startOrg({ featureSet: 'CONSOLIDATED_BILLING' });
  });
  afterAll(() => org.close());

  it('ConsolidatedBillingOrganization (exit 4), nothing changed', async () => {
    const before = await org.state();
    const r = await org.as('management', ['setup', '--delegated-admin', org.accountId('Security'), '--yes']);
    const hint = expectOneError(
      r,
      'ConsolidatedBillingOrganization',
      4,
      /consolidated billing features only/,
    );
    expect(hint).toContain('Enable all features');
    expectUnchanged(before, await org.state());
  });

  it('has nothing to undo', async () => {
    const r = await org.as('management', ['setup', '--undo', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Nothing to undo');
  });
});

describe('setup when the management principal lacks permissions', () => {
  let org: Org;
  beforeAll(async () => {
    org = await startOrg({
      seed: 8,
      mutate: (s) => {
        const mgmt = s.organization!.managementAccountId;
        const reads = [
          'sts:*',
          'organizations:Describe*',
          'organizations:List*',
          'iam:ListOrganizationsFeatures',
        ];
        // The List* reads of trusted access and the OU tree.
        const settingsAndTree = [
          'organizations:ListAWSServiceAccessForOrganization',
          'organizations:ListRoots',
          'organizations:ListOrganizationalUnitsForParent',
          'organizations:ListAccountsForParent',
        ];
        addPrincipal(
          s,
          'no-list-admins',
          mgmt,
          reads
            .filter((a) => a !== 'organizations:List*')
            .concat(settingsAndTree, ['organizations:ListPolicies', 'organizations:ListTargetsForPolicy']),
        );
        addPrincipal(
          s,
          'no-scp-read',
          mgmt,
          reads
            .filter((a) => a !== 'organizations:List*')
            .concat(settingsAndTree, ['organizations:ListDelegatedAdministrators']),
        );
        addPrincipal(s, 'no-describe-account', mgmt, [
          'sts:*',
          'organizations:DescribeOrganization',
          'organizations:List*',
          'iam:ListOrganizationsFeatures',
        ]);
        addPrincipal(s, 'no-root-sessions', mgmt, [
          ...reads,
          'organizations:EnableAWSServiceAccess',
          'iam:EnableOrganizationsRootCredentialsManagement',
        ]);
      },
    });
  });
  afterAll(() => org.close());

  it('AccessDenied (exit 3) and no plan when the current settings cannot be read', async () => {
    const before = await org.state();
    const r = await org.as('no-list-admins', ['setup', '--no-delegate', '--yes']);
    expectOneError(
      r,
      'AccessDenied',
      3,
      /Could not read the current settings, so no plan was made: organizations:ListDelegatedAdministrators: AccessDenied/,
    );
    expectUnchanged(before, await org.state());
  });

  it('warns before applying that blocking SCPs are not ruled out when SCPs cannot be read', async () => {
    const before = await org.state();
    const r = await org.as('no-scp-read', ['setup', '--no-delegate']);
    expect(r.code, r.stderr).toBe(0);
    const warnings = r.stdout.slice(
      r.stdout.indexOf('Warnings (read before applying)'),
      r.stdout.indexOf('Steps ('),
    );
    expect(warnings).toContain('SCPs could not be read: blocking SCPs are not ruled out');
    expectUnchanged(before, await org.state());
  });

  it('AccessDenied (exit 3) and no plan when the delegated-admin account cannot be looked up', async () => {
    const before = await org.state();
    const r = await org.as('no-describe-account', [
      'setup',
      '--delegated-admin',
      org.accountId('Security'),
      '--yes',
    ]);
    expectOneError(
      r,
      'AccessDenied',
      3,
      /^rootctl: AccessDenied: Could not look up the delegated-admin account, so no plan was made: Access denied for organizations:DescribeAccount/,
    );
    expectUnchanged(before, await org.state());
  });

  it('AccessDenied (exit 3) naming the failed step and the steps completed before it', async () => {
    const r = await org.as('no-root-sessions', ['setup', '--no-delegate', '--yes']);
    expectOneError(
      r,
      'AccessDenied',
      3,
      /iam:EnableOrganizationsRootSessions.*\[step 3 of 3 \(enable-root-sessions\) failed; completed before it: enable-trusted-access, enable-root-credentials-management\]/,
    );
    const state = await org.state();
    expect(writesIn(state)).toEqual([
      'EnableAWSServiceAccess',
      'EnableOrganizationsRootCredentialsManagement',
    ]);
    expect(state.features).toEqual(['RootCredentialsManagement']);
  });

  it('Throttled (exit 3) when AWS throttles a step past the retries; running it again finishes the job', async () => {
    await setKnobs(org.url, { rates: { EnableOrganizationsRootSessions: 0.001 } });
    const restoreBackoff = shortenSdkBackoff(); // the same attempts, shorter waits
    try {
      const r = await org.as('management', ['setup', '--no-delegate', '--yes']);
      const hint = expectOneError(
        r,
        'Throttled',
        3,
        /AWS throttled iam:EnableOrganizationsRootSessions after retries.*\[step 1 of 1 \(enable-root-sessions\) failed; nothing was changed\]/,
      );
      expect(hint).toContain('Running setup again is safe');
      expect((await org.state()).features).toEqual(['RootCredentialsManagement']);
    } finally {
      restoreBackoff();
      await setKnobs(org.url, { rates: { EnableOrganizationsRootSessions: 1000 } });
    }
    const again = await org.as('management', ['setup', '--no-delegate', '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect([...(await org.state()).features].sort()).toEqual(['RootCredentialsManagement', 'RootSessions']);
  });
});

describe('setup with STS on the global endpoint', () => {
  let org: Org;
  beforeAll(async () => {
    org = await startOrg({ seed: 5 });
  });
  afterAll(() => org.close());

  it('warns before applying, applies, then exits 1: doctor still finds the gap setup cannot fix', async () => {
    const env = { ...org.env, AWS_PROFILE: 'management', AWS_ENDPOINT_URL_STS: `${org.url}/sts-global` };
    const plan = await runCli(['setup', '--no-delegate'], env);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout.indexOf('The global STS endpoint is in use')).toBeLessThan(
      plan.stdout.indexOf('Steps ('),
    );
    const r = await runCli(['setup', '--no-delegate', '--yes'], env);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr.trim()).toBe(
      'rootctl: applied, but still not ready: global-sts-endpoint (next steps above).',
    );
    expect([...(await org.state()).features].sort()).toEqual(['RootCredentialsManagement', 'RootSessions']);
  });
});
