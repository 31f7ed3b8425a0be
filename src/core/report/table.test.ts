import { describe, expect, it } from 'vitest';
import type { AccountId } from '../model/account-id.js';
import { cleanRoot } from '../checks/audit/samples.js';
import {
  AUDIT_SCHEMA_VERSION,
  summarize,
  type AccountAudit,
  type AuditReport,
  type RootState,
} from '../audit/model.js';
import { credentialsText, renderTable } from './table.js';

const root = (over: Partial<RootState>): RootState => ({ ...cleanRoot('full'), ...over });
const a = (
  id: string,
  ouPath: string,
  status: AccountAudit['status'],
  over: Partial<AccountAudit> = {},
): AccountAudit => ({
  accountId: id as AccountId,
  accountName: `n${id.slice(-2)}`,
  ouPath,
  status,
  auditedAt: '2025-01-01T00:00:00.000Z',
  ...over,
});

describe('table output', () => {
  it('summarises by OU, then lists non-compliant, error and skipped accounts', () => {
    const accounts = [
      a('100000000001', 'Root/Prod', 'compliant', { root: root({}) }),
      a('100000000002', 'Root/Prod', 'non_compliant', {
        root: root({ password: { present: true }, mfaPresent: true, mfaDevices: [{ serialNumber: 'x' }] }),
      }),
      a('100000000003', 'Root/Legacy', 'error', {
        error: {
          code: 'AccessDenied',
          message: 'm',
          diagnosis: 'blocked by SCP p-1 (Deny) attached to ou-1 (Legacy)',
        },
      }),
      a('100000000004', 'Root', 'skipped', {
        skipReason: 'suspended: AssumeRoot cannot reach suspended accounts',
      }),
    ];
    const report: AuditReport = {
      schemaVersion: AUDIT_SCHEMA_VERSION,
      organizationId: 'o-exampleorg1',
      managementAccountId: '111111111111',
      generatedAt: '2025-01-01T00:00:00.000Z',
      metadata: {
        callerArn: 'arn',
        callerRole: 'management',
        region: 'us-east-1',
        detail: 'full',
        scope: 'organization',
        durationMs: 1500,
        rootctlVersion: '0',
      },
      accounts,
      summary: summarize(accounts),
    };
    const text = renderTable(report);
    expect(text).toContain('4 accounts: 1 compliant, 1 non-compliant, 1 error, 1 skipped');
    expect(text).toMatch(/Root\/Prod\s+2\s+1\s+1\s+0\s+0/);
    expect(text.indexOf('Non-compliant accounts (1)')).toBeLessThan(
      text.indexOf('Accounts that could not be audited (1)'),
    );
    expect(text).toMatch(/100000000002\s+n02\s+Root\/Prod\s+password, MFA/);
    expect(text).toContain('AccessDenied  blocked by SCP p-1 (Deny) attached to ou-1 (Legacy)');
    expect(text).toContain('Skipped (1)');
  });

  it('describes credentials in a few words', () => {
    expect(
      credentialsText(
        root({
          accessKeysPresent: true,
          accessKeys: [
            {
              id: 'A',
              status: 'Active',
              lastUsed: { date: '2025-02-03T00:00:00Z', service: 's3', region: 'x' },
            },
            { id: 'B', status: 'Inactive' },
          ],
        }),
      ),
    ).toBe('2 access keys (1 active, last used 2025-02-03 s3)');
    expect(
      credentialsText(root({ detail: 'summary', accessKeysPresent: true, signingCertificatesPresent: true })),
    ).toBe('access keys, signing certificates');
    expect(credentialsText(root({}))).toBe('none');
  });
});
