import { describe, expect, it } from 'vitest';
import { buildAuditReport } from '../../../test/helpers/audit-report-fixture.js';
import { asffFindingSchema } from './asff-schema.js';
import { asffFindings, defaultProductArn } from './asff.js';
import { AUDIT_CHECKS } from './checks.js';

describe('ASFF output', () => {
  const report = buildAuditReport({ accounts: 40 });
  const findings = asffFindings(report);

  it('validates every finding against the AwsSecurityFinding schema of the Security Hub model', () => {
    const memberChecks = AUDIT_CHECKS.filter((c) => !c.id.startsWith('management-root-'));
    expect(findings.length).toBe(
      report.accounts.filter((a) => a.status !== 'skipped').length * memberChecks.length + 2,
    );
    for (const f of findings) expect(asffFindingSchema.safeParse(f).error?.issues ?? []).toEqual([]);
  });

  it('the schema refuses a missing required field, a bad timestamp and an unknown status', () => {
    const f = findings[0]!;
    const { Resources: _, ...noResources } = f;
    expect(asffFindingSchema.safeParse(noResources).success).toBe(false);
    expect(asffFindingSchema.safeParse({ ...f, CreatedAt: '2025-06-02 09:30' }).success).toBe(false);
    expect(asffFindingSchema.safeParse({ ...f, Compliance: { Status: 'OK' } }).success).toBe(false);
  });

  it("imports under the caller account's default product, the member account as the resource", () => {
    const member = report.accounts.find((a) => a.status === 'non_compliant')!;
    const f = findings.find((x) => x.Resources[0]!.Id === `AWS::::Account:${member.accountId}`)!;
    expect(f.ProductArn).toBe(defaultProductArn('aws', 'us-east-1', '111122223333'));
    expect(f.AwsAccountId).toBe('111122223333');
    expect(f.Id).toMatch(new RegExp(`^rootctl/${report.organizationId}/${member.accountId}/root-`));
  });

  it('FAILED and ACTIVE for a failing check, PASSED and ARCHIVED for a passing one, NOT_AVAILABLE on error', () => {
    const byAccount = (id: string, check: string) =>
      findings.find((f) => f.Resources[0]!.Id.endsWith(id) && f.GeneratorId === `rootctl/${check}`)!;
    const withKeys = report.accounts.find((a) => a.root?.accessKeysPresent)!;
    const clean = report.accounts.find((a) => a.status === 'compliant')!;
    const failed = report.accounts.find((a) => a.status === 'error')!;
    const bad = byAccount(withKeys.accountId, 'root-access-keys-absent');
    expect([bad.Compliance.Status, bad.RecordState, bad.Workflow.Status, bad.Severity.Label]).toEqual([
      'FAILED',
      'ACTIVE',
      'NEW',
      'CRITICAL',
    ]);
    const good = byAccount(clean.accountId, 'root-access-keys-absent');
    expect([good.Compliance.Status, good.RecordState, good.Severity.Label]).toEqual([
      'PASSED',
      'ARCHIVED',
      'INFORMATIONAL',
    ]);
    const unknown = byAccount(failed.accountId, 'root-password-absent');
    expect(unknown.Compliance.Status).toBe('NOT_AVAILABLE');
    expect(unknown.Compliance.StatusReasons?.[0]?.ReasonCode).toBe(failed.error!.code);
  });
});
