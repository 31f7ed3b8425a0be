import { describe, expect, it } from 'vitest';
import type { AccountId } from '../model/account-id.js';
import { diffAudits } from './diff.js';
import {
  AUDIT_SCHEMA_VERSION,
  summarize,
  type AccountAudit,
  type AuditReport,
  type RootState,
} from './model.js';

const root = (r: Partial<{ password: boolean; keys: string[]; mfa: string[] }>): RootState => ({
  detail: 'full',
  password: { present: !!r.password },
  accessKeys: (r.keys ?? []).map((id) => ({ id, status: 'Active' })),
  signingCertificates: [],
  mfaDevices: (r.mfa ?? []).map((serialNumber) => ({ serialNumber })),
  accessKeysPresent: !!r.keys?.length,
  signingCertificatesPresent: false,
  mfaPresent: !!r.mfa?.length,
});
const acct = (
  id: string,
  status: AccountAudit['status'],
  extra: Partial<AccountAudit> = {},
): AccountAudit => ({
  accountId: id as AccountId,
  accountName: `n${id.slice(-1)}`,
  ouPath: 'Root',
  status,
  auditedAt: '2025-01-01T00:00:00Z',
  ...extra,
});
const report = (accounts: AccountAudit[]): AuditReport => ({
  schemaVersion: AUDIT_SCHEMA_VERSION,
  organizationId: 'o-exampleorg1',
  managementAccountId: '111111111111',
  generatedAt: '2025-01-01T00:00:00Z',
  metadata: {
    callerArn: 'arn',
    callerRole: 'management',
    region: 'us-east-1',
    detail: 'full',
    scope: 'organization',
    durationMs: 1,
    rootctlVersion: '0',
  },
  accounts,
  summary: summarize(accounts),
});

describe('diffAudits', () => {
  it('lists accounts that regained root credentials first, then the other changes by severity', () => {
    const before = report([
      acct('100000000001', 'non_compliant', { root: root({ password: true }) }),
      acct('100000000002', 'compliant', { root: root({}) }),
      acct('100000000003', 'non_compliant', { root: root({ keys: ['AKIAOLD'] }) }),
      acct('100000000004', 'compliant', { root: root({}) }),
      acct('100000000005', 'error', { error: { code: 'AccessDenied', message: 'm', diagnosis: 'd' } }),
      acct('100000000006', 'compliant', { root: root({}) }),
    ]);
    const after = report([
      acct('100000000001', 'compliant', { root: root({}) }),
      acct('100000000002', 'non_compliant', { root: root({ keys: ['AKIANEW'] }) }),
      acct('100000000003', 'non_compliant', { root: root({ keys: ['AKIANEW2'] }) }),
      acct('100000000004', 'compliant', { root: root({}) }),
      acct('100000000005', 'compliant', { root: root({}) }),
      acct('100000000007', 'compliant', { root: root({}) }),
    ]);
    const d = diffAudits(before, after);
    // The JSON document (`history --diff -o json`) names its version and kind.
    expect(d).toMatchObject({ schemaVersion: 1, kind: 'rootctl.audit-diff', unchanged: 1 });
    expect(d.changes.map((c) => [c.kind, c.accountId])).toEqual([
      ['regained', '100000000002'],
      ['credentials-added', '100000000003'],
      ['added', '100000000007'],
      ['remediated', '100000000001'],
      ['error-resolved', '100000000005'],
      ['removed', '100000000006'],
    ]);
    expect(d.changes[0]).toMatchObject({
      added: ['access key AKIANEW'],
      detail: 'regained root credentials: access key AKIANEW',
    });
    expect(d.changes[1]).toMatchObject({ added: ['access key AKIANEW2'], removed: ['access key AKIAOLD'] });
    expect(d.unchanged).toBe(1);
  });

  it('compares by kind of credential when either audit used summary detail', () => {
    const before = report([acct('100000000003', 'non_compliant', { root: root({ keys: ['AKIAOLD'] }) })]);
    const after = report([
      acct('100000000003', 'non_compliant', {
        root: { ...root({}), detail: 'summary', accessKeysPresent: true },
      }),
    ]);
    after.metadata.detail = 'summary';
    expect(diffAudits(before, after).changes).toEqual([]);
  });

  it('names how each changed account joined, from either audit, and says so for an invited one', () => {
    const before = report([
      acct('100000000001', 'compliant', { root: root({}), joinedMethod: 'INVITED' }),
      acct('100000000002', 'non_compliant', { root: root({ password: true }), joinedMethod: 'CREATED' }),
    ]);
    // The newer audit did not list the organization (remediate's verification): no join method.
    const after = report([
      acct('100000000001', 'non_compliant', { root: root({ password: true }) }),
      acct('100000000002', 'compliant', { root: root({}) }),
    ]);
    const d = diffAudits(before, after);
    expect(d.changes.map((c) => [c.kind, c.joinedMethod])).toEqual([
      ['regained', 'INVITED'],
      ['remediated', 'CREATED'],
    ]);
    expect(d.changes[0]!.detail).toBe('regained root credentials: password (joined by invitation)');
    expect(d.changes[1]!.detail).not.toContain('invitation');
  });
});
