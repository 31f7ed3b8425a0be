import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildAuditReport } from '../../../test/helpers/audit-report-fixture.js';
import { AUDIT_CHECKS } from './checks.js';
import { ocsfFindings, renderOcsf } from './ocsf.js';

// The OCSF 1.8.0 Compliance Finding JSON Schema, compiled from the published OCSF sources (see
// test/fixtures/ocsf/README.md): no property outside the schema, every required one present.
const schema = z.fromJSONSchema(
  JSON.parse(
    readFileSync(
      join(import.meta.dirname, '../../../test/fixtures/ocsf/compliance_finding-1.8.0.schema.json'),
      'utf8',
    ),
  ) as Parameters<typeof z.fromJSONSchema>[0],
);

describe('OCSF output', () => {
  const report = buildAuditReport({ accounts: 40 });
  const findings = ocsfFindings(report);

  it('validates every finding against the OCSF 1.8.0 compliance_finding schema', () => {
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      const r = schema.safeParse(f);
      expect(r.error?.issues ?? [], JSON.stringify(f).slice(0, 200)).toEqual([]);
    }
  });

  it('the schema refuses a finding with a wrong class, a missing field or an unknown property', () => {
    const f = findings[0]!;
    expect(schema.safeParse({ ...f, class_uid: 2001 }).success).toBe(false);
    const { finding_info: _, ...noInfo } = f;
    expect(schema.safeParse(noInfo).success).toBe(false);
    expect(schema.safeParse({ ...f, rootctl_extra: 1 }).success).toBe(false);
    expect(schema.safeParse({ ...f, compliance: { status_id: 7 } }).success).toBe(false);
  });

  it('writes one finding per audited account and member check, the management account its own two', () => {
    const audited = report.accounts.filter((a) => a.status !== 'skipped');
    expect(report.accounts.some((a) => a.status === 'skipped')).toBe(true);
    const memberChecks = AUDIT_CHECKS.filter((c) => !c.id.startsWith('management-root-'));
    const management = report.accounts.filter((a) => a.accountId === report.managementAccountId);
    expect(management).toHaveLength(1);
    expect(findings).toHaveLength(audited.length * memberChecks.length + 2);
    const onManagement = findings.filter(
      (f) => (f.resources as { uid: string }[])[0]!.uid === report.managementAccountId,
    );
    expect(onManagement.map((f) => (f.compliance as { control: string }).control)).toEqual([
      'management-root-mfa-enabled',
      'management-root-access-keys-absent',
    ]);
    const uids = new Set(findings.map((f) => (f.finding_info as { uid: string }).uid));
    expect(uids.size).toBe(findings.length);
  });

  it('fails the password check of an account with a root password, passes it otherwise, unknown on error', () => {
    const status = (accountId: string, check: string) =>
      (
        findings.find(
          (f) =>
            (f.resources as { uid: string }[])[0]!.uid === accountId &&
            (f.compliance as { control: string }).control === check,
        )!.compliance as { status: string }
      ).status;
    const withPassword = report.accounts.find((a) => a.root?.password.present)!;
    const clean = report.accounts.find((a) => a.status === 'compliant')!;
    const failed = report.accounts.find((a) => a.status === 'error')!;
    expect(status(withPassword.accountId, 'root-password-absent')).toBe('Fail');
    expect(status(clean.accountId, 'root-password-absent')).toBe('Pass');
    expect(status(failed.accountId, 'root-password-absent')).toBe('Unknown');
    const overdue = report.accounts.find((a) => a.overdueException)!;
    expect(status(overdue.accountId, 'root-task-exception-not-overdue')).toBe('Fail');
  });

  it('keeps finding ids stable across runs (same account and check, another day)', () => {
    const later = buildAuditReport({ accounts: 40, now: '2025-07-01T00:00:00Z' });
    const ids = (fs: ReturnType<typeof ocsfFindings>) =>
      fs.map((f) => (f.finding_info as { uid: string }).uid).sort();
    expect(ids(ocsfFindings(later))).toEqual(ids(findings));
    expect(JSON.parse(renderOcsf(report))).toEqual(findings);
  });
});
