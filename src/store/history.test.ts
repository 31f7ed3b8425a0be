import { describe, expect, it } from 'vitest';
import { openDb } from './db.js';
import { HistoryStore } from './history.js';
import { AUDIT_SCHEMA_VERSION, summarize, type AccountAudit, type AuditReport } from '../core/audit/model.js';
import type { AccountId } from '../core/model/account-id.js';

function report(org: string, at: string, accounts: AccountAudit[]): AuditReport {
  return {
    schemaVersion: AUDIT_SCHEMA_VERSION,
    organizationId: org,
    managementAccountId: '111111111111',
    generatedAt: at,
    metadata: {
      callerArn: 'arn:aws:sts::111111111111:assumed-role/A/b',
      callerRole: 'management',
      region: 'us-east-1',
      detail: 'summary',
      scope: 'organization',
      durationMs: 10,
      rootctlVersion: '0.1.0',
    },
    accounts,
    summary: summarize(accounts),
  };
}
const acct = (id: string, status: AccountAudit['status'], password = false): AccountAudit => ({
  accountId: id as AccountId,
  accountName: `n-${id}`,
  ouPath: 'Root/Prod',
  status,
  ...(status === 'compliant' || status === 'non_compliant'
    ? {
        root: {
          detail: 'summary',
          password: { present: password },
          accessKeys: [],
          signingCertificates: [],
          mfaDevices: [],
          accessKeysPresent: false,
          signingCertificatesPresent: false,
          mfaPresent: false,
        },
      }
    : {}),
  ...(status === 'error' ? { error: { code: 'AccessDenied', message: 'm', diagnosis: 'd' } } : {}),
  auditedAt: '2025-01-01T00:00:00.000Z',
});

describe('HistoryStore', () => {
  it('saves reports with per-account rows, lists them newest first and finds the previous audit of the same organization', () => {
    const db = openDb(':memory:');
    const h = new HistoryStore(db);
    const a = h.save(
      report('o-aaaaaaaaaa', '2025-01-01T00:00:00.000Z', [
        acct('222222222222', 'compliant'),
        acct('333333333333', 'error'),
      ]),
    );
    const other = h.save(
      report('o-bbbbbbbbbb', '2025-01-02T00:00:00.000Z', [acct('444444444444', 'compliant')]),
    );
    const b = h.save(
      report('o-aaaaaaaaaa', '2025-01-03T00:00:00.000Z', [acct('222222222222', 'non_compliant', true)]),
    );
    expect(h.list().map((r) => r.id)).toEqual([b, other, a]);
    expect(h.list({ organizationId: 'o-aaaaaaaaaa' })[1]).toMatchObject({
      id: a,
      total: 2,
      compliant: 1,
      error: 1,
      scope: 'organization',
    });
    const bReport = h.get(b)!;
    expect(h.baseline(bReport, b)).toMatchObject({ id: a, sameScope: true });
    expect(h.baseline(bReport, b)?.report.generatedAt).toBe('2025-01-01T00:00:00.000Z');
    expect(h.baseline(h.get(a)!, a)).toBeUndefined();
    expect(h.get(b)?.accounts[0]?.status).toBe('non_compliant');
    expect(
      db
        .prepare(
          'SELECT account_id, status, has_root_credentials, password FROM audit_accounts WHERE audit_id = ? ORDER BY account_id',
        )
        .all(a),
    ).toEqual([
      { account_id: '222222222222', status: 'compliant', has_root_credentials: 0, password: 0 },
      { account_id: '333333333333', status: 'error', has_root_credentials: null, password: null },
    ]);
    expect(h.latestId('o-bbbbbbbbbb')).toBe(other);
    // Reopening migrates nothing twice.
    expect(() => new HistoryStore(db)).not.toThrow();
  });
});
