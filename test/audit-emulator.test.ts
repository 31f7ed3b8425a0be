/**
 * The audit against emulated organizations over real HTTP, compared account by account with the
 * emulator's ground truth (GET /_emulator/state).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIAGNOSIS } from '../src/core/audit/diagnose.js';
import type { AuditReport } from '../src/core/audit/model.js';
import type { AccountId } from '../src/core/model/account-id.js';
import { startTestEmulator, type TestEmulator } from './helpers/emulator-clients.js';
import {
  auditAs,
  blockingPolicy,
  emulatorStats,
  expectMatchesTruth,
  ouPathOf,
  pathOf,
  truthOf,
  type Truth,
} from './helpers/audit-emulator.js';

describe('audit of a configured organization with a blocking SCP on one OU', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator({ accounts: 60, seed: 11, state: 'configured', blockingScp: true });
  });
  afterAll(() => t.close());

  it('matches the ground truth account by account (delegated administrator, full detail)', async () => {
    const report = await auditAs(t.url, t.scenario, 'security');
    const truth = await truthOf(t.url);
    // The dates compared below exist in this organization (so their comparison can fail).
    expect(truth.accounts.some((a) => a.root.passwordCreateDate)).toBe(true);
    expect(truth.accounts.some((a) => a.root.accessKeys.some((k) => k.lastUsed))).toBe(true);
    expectMatchesTruth(report, truth);
    expect(report.metadata.callerRole).toBe('delegated-admin');
    // From the delegated administrator the management account's root state is unknown: advice only.
    expect(
      report.accounts.find((a) => a.accountId === truth.organization.managementAccountId)?.skipReason,
    ).toBe(
      'management account: AssumeRoot cannot target it; secure its root user by hand (it should have MFA and no access keys); its root state is not read from here (audit from the management account to see it)',
    );
    expect(report.summary.total).toBe(truth.accounts.length);
    expect(report.summary.skipped).toBe(truth.accounts.filter((a) => a.status !== 'ACTIVE').length + 1);
    const suspended = truth.accounts.filter((a) => a.status === 'SUSPENDED');
    expect(suspended.length).toBeGreaterThan(0);
    for (const s of suspended)
      expect(report.accounts.find((a) => a.accountId === s.id)?.skipReason).toMatch(/^suspended/);
  });

  it('names the blocking SCP, its id and the OU it is attached to', async () => {
    const report = await auditAs(t.url, t.scenario, 'security');
    const truth = await truthOf(t.url);
    const blocked = report.accounts.filter((a) => a.status === 'error');
    expect(blocked.length).toBeGreaterThanOrEqual(4);
    for (const a of blocked) {
      const p = blockingPolicy(truth, a.accountId)!;
      const ou = truth.ous.find((o) => o.id === p.target)!;
      expect(a.error).toMatchObject({
        code: 'AccessDenied',
        diagnosis: `blocked by SCP ${p.id} (${p.name}) attached to ${p.target} (${ou.name})`,
      });
      expect(a.error?.message).toContain('service control policy');
    }
  });

  it('reads only the SCPs above the denied accounts, each target and policy once', async () => {
    const before = (await emulatorStats(t.url)).calls;
    const report = await auditAs(t.url, t.scenario, 'security');
    const after = (await emulatorStats(t.url)).calls;
    const calls = (op: string) => (after[`organizations:${op}`] ?? 0) - (before[`organizations:${op}`] ?? 0);
    const truth = await truthOf(t.url);
    const denied = report.accounts.filter((a) => a.status === 'error').map((a) => a.accountId as string);
    expect(denied.length).toBeGreaterThanOrEqual(4);
    // The root and the OUs above them: an explicit Deny there makes the accounts' own SCPs moot.
    const targets = new Set(denied.flatMap((id) => pathOf(truth, id)));
    const custom = truth.policies.filter((p) => !p.awsManaged && p.targets.some((x) => targets.has(x)));
    // FullAWSAccess alone is attached to every account, OU and the root: listing every policy's
    // targets would cost calls in proportion to the organization, not to the denials.
    expect(truth.policies.find((p) => p.awsManaged)!.targets.length).toBeGreaterThan(targets.size);
    expect(calls('ListPolicies')).toBe(0);
    expect(calls('ListTargetsForPolicy')).toBe(0);
    expect(calls('ListPoliciesForTarget')).toBe(targets.size);
    expect(calls('DescribePolicy')).toBe(custom.length);
  });

  it('reports the management account as skipped with its own root MFA and key state when called from it', async () => {
    const report = await auditAs(t.url, t.scenario, 'management', { detail: 'summary' });
    const truth = await truthOf(t.url);
    expectMatchesTruth(report, truth);
    const mgmt = truth.accounts.find((a) => a.id === truth.organization.managementAccountId)!;
    expect(report.managementRoot).toEqual({
      mfa: mgmt.root.mfaDevices.length > 0,
      accessKeys: mgmt.root.accessKeys.length > 0,
    });
    expect(report.accounts.find((a) => a.accountId === mgmt.id)).toMatchObject({
      status: 'skipped',
      skipReason: expect.stringMatching(/^management account: AssumeRoot cannot target it/),
    });
    expect(report.metadata.callerRole).toBe('management');
  });

  it('audits only the accounts of --accounts and --ou (recursively), with their OU paths', async () => {
    const truth = await truthOf(t.url);
    const workloads = truth.ous.find((o) => o.name === 'Workloads')!;
    const byOu = await auditAs(t.url, t.scenario, 'security', { scope: { kind: 'ou', id: workloads.id } });
    const under = truth.accounts
      .filter((a) => ouPathOf(truth, a.id).startsWith('Root/Workloads'))
      .map((a) => a.id);
    expect(under.length).toBeGreaterThan(10);
    expectMatchesTruth(byOu, truth, under);
    const pick = [under[0]!, under[under.length - 1]!, truth.organization.managementAccountId];
    const byIds = await auditAs(t.url, t.scenario, 'security', {
      scope: { kind: 'accounts', ids: pick as AccountId[] },
    });
    expectMatchesTruth(byIds, truth, pick);
  });
});

/**
 * Account by account: every account of the truth once; the management account and inactive ones
 * skipped, every other one an error that `check` accepts.
 */
function expectEveryAccountOnce(
  report: AuditReport,
  truth: Truth,
  check: (a: AuditReport['accounts'][number]) => void,
): void {
  const ids = report.accounts.map((a) => a.accountId as string);
  expect(ids.length, 'no account doubled').toBe(new Set(ids).size);
  expect([...ids].sort()).toEqual(truth.accounts.map((a) => a.id).sort());
  for (const t of truth.accounts) {
    const a = report.accounts.find((x) => x.accountId === t.id)!;
    if (t.id === truth.organization.managementAccountId || t.status !== 'ACTIVE') {
      expect(a.status, t.id).toBe('skipped');
      continue;
    }
    expect(a.status, t.id).toBe('error');
    check(a);
  }
}

describe('audit when nothing can be audited', () => {
  it('IAM trusted access off: every member account is an error saying so, without calling AssumeRoot for each', async () => {
    const t = await startTestEmulator({ accounts: 50, seed: 12, state: 'fresh' });
    try {
      const report = await auditAs(t.url, t.scenario, 'management');
      const truth = await truthOf(t.url);
      expect(truth.features).not.toContain('RootCredentialsManagement');
      const active = truth.accounts.filter(
        (a) => a.status === 'ACTIVE' && a.id !== truth.organization.managementAccountId,
      );
      expect(report.summary).toMatchObject({
        total: truth.accounts.length,
        error: active.length,
        compliant: 0,
        non_compliant: 0,
      });
      expectEveryAccountOnce(report, truth, (a) => {
        expect(a.error?.code).toBe('AccessDenied');
        expect(a.error?.diagnosis).toMatch(
          new RegExp(`${DIAGNOSIS.trustedAccessOff.replace(/[()]/g, '\\$&')}$`),
        );
      });
      const calls = (await emulatorStats(t.url)).calls['sts:AssumeRoot'] ?? 0;
      expect(calls).toBeGreaterThanOrEqual(3);
      expect(calls).toBeLessThan(active.length / 2);
    } finally {
      await t.close();
    }
  });

  // AWS answers a caller without the permission with the bare denial, which names no reason
  // (radkawar/stackd testdata/aws/iam/root_access.json), so the audit stops after a few.
  it('a caller without sts:AssumeRoot: every member account is an error saying AWS refused without a reason, after a few calls', async () => {
    const t = await startTestEmulator({ accounts: 40, seed: 13, state: 'configured' });
    try {
      const report = await auditAs(t.url, t.scenario, 'security-readonly');
      const truth = await truthOf(t.url);
      const active = truth.accounts.filter(
        (a) => a.status === 'ACTIVE' && a.id !== truth.organization.managementAccountId,
      );
      expect(report.summary.error).toBe(active.length);
      expectEveryAccountOnce(report, truth, (a) => {
        expect(a.error?.code).toBe('AccessDenied');
        expect(a.error?.diagnosis.endsWith(DIAGNOSIS.notAuthorized)).toBe(true);
      });
      expect((await emulatorStats(t.url)).calls['sts:AssumeRoot'] ?? 0).toBeLessThan(active.length / 2);
    } finally {
      await t.close();
    }
  });
});
