import { describe, expect, it } from 'vitest';
import type { AccountId } from '../model/account-id.js';
import { AUDIT_SCHEMA_VERSION, summarize, type AccountAudit, type AuditReport } from '../audit/model.js';
import { CSV_COLUMNS, csvCell, renderCsv } from './csv.js';

const account = (over: Partial<AccountAudit>): AccountAudit => ({
  accountId: '222222222222' as AccountId,
  accountName: 'a',
  ouPath: 'Root',
  status: 'compliant',
  auditedAt: '2025-01-01T00:00:00.000Z',
  ...over,
});
const report = (accounts: AccountAudit[]): AuditReport => ({
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
    durationMs: 1,
    rootctlVersion: '0',
  },
  accounts,
  summary: summarize(accounts),
});

describe('CSV output', () => {
  it('quotes per RFC 4180 and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('@sum')).toBe("'@sum");
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(false)).toBe('false');
  });

  it('writes one row per account with the documented columns, lists joined with "; "', () => {
    const csv = renderCsv(
      report([
        account({
          status: 'non_compliant',
          root: {
            detail: 'full',
            password: { present: true, createDate: '2024-01-01T00:00:00.000Z' },
            accessKeys: [
              {
                id: 'AKIA1',
                status: 'Active',
                lastUsed: { date: '2025-01-01T00:00:00.000Z', service: 's3', region: 'us-east-1' },
              },
              { id: 'AKIA2', status: 'Inactive' },
            ],
            signingCertificates: [],
            mfaDevices: [],
            accessKeysPresent: true,
            signingCertificatesPresent: false,
            mfaPresent: false,
          },
        }),
        account({
          accountId: '333333333333' as AccountId,
          status: 'error',
          error: { code: 'AccessDenied', message: 'no, really', diagnosis: 'blocked by SCP p-1 (X)' },
        }),
      ]),
    );
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.map((c) => c.name).join(','));
    expect(lines).toHaveLength(4); // header, two rows, trailing empty
    const row = lines[1]!.split(',');
    const at = (n: string) => row[CSV_COLUMNS.findIndex((c) => c.name === n)];
    expect([at('status'), at('passwordPresent'), at('accessKeyCount'), at('activeAccessKeyCount')]).toEqual([
      'non_compliant',
      'true',
      '2',
      '1',
    ]);
    expect(at('accessKeysLastUsed')).toBe('AKIA1 2025-01-01T00:00:00.000Z s3 us-east-1; AKIA2 never');
    expect(lines[2]).toContain('"no, really",blocked by SCP p-1 (X)');
  });
});
