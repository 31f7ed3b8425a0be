/**
 * The checks findings are made of: the audit checks of the catalogue (src/core/checks/audit, listed in
 * docs/generated/checks.md), one finding per account and applicable check, keyed by the check's id
 * (OCSF `finding_info.uid`, ASFF `Id`/`GeneratorId`). Ids never change once published: Security Hub
 * updates a finding in place only when its Id is the same.
 */
import type { AccountAudit, AuditReport } from '../audit/model.js';
import { AUDIT_CHECKS, evaluateAuditChecks, type AuditCheck } from '../checks/audit/index.js';
import type { CheckOutcome, CheckSeverity, CheckStatus } from '../checks/types.js';

export { AUDIT_CHECKS, type AuditCheck, type CheckSeverity, type CheckStatus };

export const CHECK_IDS: readonly string[] = AUDIT_CHECKS.map((c) => c.id);

/** One check's result for one account. */
export interface CheckResult {
  check: AuditCheck;
  account: AccountAudit;
  status: Exclude<CheckStatus, 'not_applicable'>;
  reason: string;
}

/** Every applicable check for every account, account by account in report order. */
export function evaluateChecks(report: AuditReport): CheckResult[] {
  return evaluateAuditChecks(report).map(({ check, account, outcome }) => ({
    check,
    account,
    status: outcome.status as CheckResult['status'],
    reason: outcome.reason,
  }));
}

export type { CheckOutcome };
