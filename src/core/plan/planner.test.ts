import { describe, expect, it } from 'vitest';
import type { AccountAudit } from '../audit/model.js';
import { cleanRoot } from '../checks/audit/samples.js';
import type { AccountId } from '../model/account-id.js';
import type { OrgAccount } from '../ports.js';
import { parseOnly, planOptions } from './options.js';
import { buildPlan, isRecentlyUsed } from './planner.js';
import { partitionScope, refuseExplicitTargets } from './targets.js';

const NOW = new Date('2025-03-01T00:00:00Z');
const day = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();
const id = (s: string) => s as AccountId;

function audit(
  accountId: string,
  root: Partial<NonNullable<AccountAudit['root']>> | undefined,
  extra: Partial<AccountAudit> = {},
): AccountAudit {
  const full = root && {
    detail: 'full' as const,
    password: { present: false },
    accessKeys: [],
    signingCertificates: [],
    mfaDevices: [],
    accessKeysPresent: (root.accessKeys?.length ?? 0) > 0,
    signingCertificatesPresent: (root.signingCertificates?.length ?? 0) > 0,
    mfaPresent: (root.mfaDevices?.length ?? 0) > 0,
    ...root,
  };
  return {
    accountId: id(accountId),
    accountName: `n-${accountId.slice(-3)}`,
    ouPath: 'Root/Prod',
    status: 'non_compliant',
    root: full,
    auditedAt: NOW.toISOString(),
    ...extra,
  };
}

const base = {
  organizationId: 'o-abcdefghij',
  managementAccountId: '100000000000',
  callerArn: 'arn:aws:sts::200000000000:assumed-role/RootOps/x',
  scope: '--all',
  now: NOW,
};

describe('buildPlan', () => {
  const audits = [
    audit('300000000001', {
      password: { present: true, createDate: day(400) },
      mfaDevices: [{ serialNumber: 'arn:aws:iam::300000000001:mfa/root', enableDate: day(100) }],
      accessKeys: [
        {
          id: 'AKIAOLD0000000000001',
          status: 'Active',
          createDate: day(900),
          lastUsed: { date: day(200), service: 's3', region: 'us-east-1' },
        },
        {
          id: 'AKIARECENT0000000001',
          status: 'Active',
          createDate: day(800),
          lastUsed: { date: day(3), service: 'ec2', region: 'eu-west-1' },
        },
      ],
      signingCertificates: [{ id: 'CERT00000000000000000000001', status: 'Active', uploadDate: day(500) }],
    }),
    audit('300000000002', undefined, {
      status: 'compliant',
      root: cleanRoot('full'),
    }),
    audit('300000000003', undefined, {
      status: 'error',
      error: { code: 'AccessDenied', message: 'explicit deny', diagnosis: 'denied' },
    }),
  ];

  it('lists every credential with ids and dates, in MFA, keys, certificates, password order', () => {
    const plan = buildPlan({ ...base, audits, options: planOptions({ includeRecentlyUsed: true }) });
    const a = plan.accounts.find((p) => p.accountId === '300000000001')!;
    expect(a.deletions.map((d) => [d.action, d.targetId])).toEqual([
      ['DeactivateMFADevice', 'arn:aws:iam::300000000001:mfa/root'],
      ['DeleteAccessKey', 'AKIAOLD0000000000001'],
      ['DeleteAccessKey', 'AKIARECENT0000000001'],
      ['DeleteSigningCertificate', 'CERT00000000000000000000001'],
      ['DeleteLoginProfile', 'login-profile'],
    ]);
    expect(a.deletions[2]).toMatchObject({
      recentlyUsed: true,
      lastUsed: { service: 'ec2' },
      createdAt: day(800),
    });
    expect(plan.clean).toEqual(['300000000002']);
    expect(plan.totals).toMatchObject({
      accountsInScope: 3,
      accountsToChange: 1,
      deletions: 5,
      heldBack: 0,
      untouched: 1,
    });
    expect(plan.totals.byKind).toEqual({ password: 1, 'access-keys': 2, 'signing-certificates': 1, mfa: 1 });
  });

  it('holds back keys used in the last N days unless --include-recently-used', () => {
    const plan = buildPlan({ ...base, audits, options: planOptions({}) });
    const a = plan.accounts[0]!;
    expect(a.heldBack.map((d) => d.targetId)).toEqual(['AKIARECENT0000000001']);
    expect(a.deletions.map((d) => d.targetId)).not.toContain('AKIARECENT0000000001');
    const wider = buildPlan({ ...base, audits, options: planOptions({ recentlyUsedDays: 365 }) });
    expect(wider.accounts[0]!.heldBack.map((d) => d.targetId)).toEqual([
      'AKIAOLD0000000000001',
      'AKIARECENT0000000001',
    ]);
  });

  it('narrows to --only kinds', () => {
    const plan = buildPlan({
      ...base,
      audits,
      options: planOptions({ only: 'password,signing-certificates' }),
    });
    expect(plan.accounts[0]!.deletions.map((d) => d.kind)).toEqual(['signing-certificates', 'password']);
  });

  it('names accounts it cannot touch, preferring the SCP that blocks them', () => {
    const blockers = new Map([
      [id('300000000003'), 'blocked by SCP p-deny1234 (DenyRootUser) attached to ou-x'],
    ]);
    const plan = buildPlan({ ...base, audits, options: planOptions({}), blockers });
    expect(plan.untouched).toEqual([
      expect.objectContaining({
        accountId: '300000000003',
        reason: 'blocked',
        detail: expect.stringContaining('blocked by SCP p-deny1234 (DenyRootUser)'),
        code: 'AccessDenied',
      }),
    ]);
    const noBlocker = buildPlan({ ...base, audits, options: planOptions({}) });
    expect(noBlocker.untouched[0]).toMatchObject({ reason: 'audit-error', detail: 'denied' });
  });

  it('does not plan deletions an SCP would deny even when the audit could read the account', () => {
    const blockers = new Map([[id('300000000001'), 'blocked by SCP p-deny1234 (DenyDeletes)']]);
    const plan = buildPlan({ ...base, audits, options: planOptions({}), blockers });
    expect(plan.accounts).toEqual([]);
    expect(plan.untouched.map((u) => u.accountId)).toContain('300000000001');
  });
});

describe('options and targets', () => {
  it('parses --only and rejects unknown kinds', () => {
    expect(parseOnly('mfa, password')).toEqual(['password', 'mfa']);
    expect(() => parseOnly('passwords')).toThrow(/not a credential kind/);
    expect(() => planOptions({ recentlyUsedDays: '-1' })).toThrow(/whole number/);
  });

  it('counts a key as recent strictly within the window', () => {
    expect(isRecentlyUsed(day(29), NOW, 30)).toBe(true);
    expect(isRecentlyUsed(day(31), NOW, 30)).toBe(false);
    expect(isRecentlyUsed(undefined, NOW, 30)).toBe(false);
  });

  const acct = (accountId: string, name: string, state: OrgAccount['state'] = 'ACTIVE'): OrgAccount => ({
    id: id(accountId),
    name,
    email: 'x@example.com',
    state,
  });
  const known = new Map<AccountId, OrgAccount | undefined>([
    [id('100000000000'), acct('100000000000', 'Management')],
    [id('300000000001'), acct('300000000001', 'payments')],
    [id('300000000009'), acct('300000000009', 'old', 'SUSPENDED')],
    [id('999999999999'), undefined],
  ]);

  it('refuses the management account, suspended and unknown accounts by name', () => {
    expect(() => refuseExplicitTargets([id('100000000000')], known, '100000000000', 'o-x')).toThrow(
      expect.objectContaining({
        code: 'ManagementAccountTarget',
        message: expect.stringContaining('100000000000 (Management)'),
      }),
    );
    expect(() =>
      refuseExplicitTargets([id('300000000001'), id('300000000009')], known, '100000000000', 'o-x'),
    ).toThrow(
      expect.objectContaining({
        code: 'SuspendedAccount',
        message: expect.stringContaining('300000000009 (old) is SUSPENDED'),
      }),
    );
    expect(() =>
      refuseExplicitTargets([id('999999999999'), id('100000000000')], known, '100000000000', 'o-x'),
    ).toThrow(
      expect.objectContaining({
        code: 'UnknownAccount',
        message: expect.stringMatching(
          /999999999999 is not in organization o-x.*100000000000 \(Management\)/,
        ),
      }),
    );
    expect(() => refuseExplicitTargets([id('300000000001')], known, '100000000000', 'o-x')).not.toThrow();
  });

  it('leaves management and suspended accounts out of --all by name', () => {
    const { targets, untouched } = partitionScope(
      [...known.values()].filter((a): a is OrgAccount => a !== undefined),
      '100000000000',
      () => 'Root',
    );
    expect(targets.map((a) => a.id)).toEqual(['300000000001']);
    expect(untouched.map((u) => [u.accountId, u.reason])).toEqual([
      ['100000000000', 'management-account'],
      ['300000000009', 'suspended'],
    ]);
  });
});
