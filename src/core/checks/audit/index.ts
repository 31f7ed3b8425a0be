/**
 * The audit's checks, in report order. An account's status is the result of the four credential
 * checks (STATUS_CHECKS): non_compliant when one fails; the others add findings without changing it.
 */
import type { AccountAudit, AccountAuditStatus, AuditReport } from '../../audit/model.js';
import type { Check, CheckOutcome, CheckResult } from '../types.js';
import type { AuditCheckInput } from './input.js';
import { managementRootAccessKeysAbsent } from './management-root-access-keys-absent.js';
import { managementRootMfaEnabled } from './management-root-mfa-enabled.js';
import { rootAccessKeysAbsent } from './root-access-keys-absent.js';
import { rootAccessKeysNotRecentlyUsed } from './root-access-keys-not-recently-used.js';
import { rootActiveAccessKeysAbsent } from './root-active-access-keys-absent.js';
import { rootMfaDevicesAbsent } from './root-mfa-devices-absent.js';
import { rootPasswordAbsent } from './root-password-absent.js';
import { rootSigningCertificatesAbsent } from './root-signing-certificates-absent.js';
import { rootTaskExceptionNotOverdue } from './root-task-exception-not-overdue.js';

export type AuditCheck = Check<AuditCheckInput>;
export type { AuditCheckInput } from './input.js';

/** One root credential kind each: any failing makes the account non_compliant. */
export const STATUS_CHECKS: readonly AuditCheck[] = [
  rootPasswordAbsent,
  rootAccessKeysAbsent,
  rootSigningCertificatesAbsent,
  rootMfaDevicesAbsent,
];

export const AUDIT_CHECKS: readonly AuditCheck[] = [
  ...STATUS_CHECKS,
  rootTaskExceptionNotOverdue,
  rootActiveAccessKeysAbsent,
  rootAccessKeysNotRecentlyUsed,
  managementRootMfaEnabled,
  managementRootAccessKeysAbsent,
];

/** The status of an account whose root state was read: the credential checks' verdict. */
export function statusFromChecks(
  account: AccountAudit,
): Extract<AccountAuditStatus, 'compliant' | 'non_compliant'> {
  return STATUS_CHECKS.some((c) => c.evaluate({ account }).status === 'fail') ? 'non_compliant' : 'compliant';
}

/** What the report knows about the management account, for the checks of its record. */
export function reportContext(report: Pick<AuditReport, 'managementAccountId' | 'managementRoot'>) {
  return { managementAccountId: report.managementAccountId, managementRoot: report.managementRoot };
}

/** The results an account's JSON record carries: every check that did not pass and applies. */
export function accountCheckResults(input: AuditCheckInput): CheckResult[] {
  return AUDIT_CHECKS.flatMap((c) => {
    const o: CheckOutcome = c.evaluate(input);
    return o.status === 'fail' || o.status === 'unknown' ? [{ id: c.id, ...o }] : [];
  });
}

/** One check's result for one account (what a finding is made of). */
export interface AccountCheckResult {
  check: AuditCheck;
  account: AccountAudit;
  outcome: CheckOutcome;
}

/** Every applicable check for every account, account by account in report order. */
export function evaluateAuditChecks(report: AuditReport): AccountCheckResult[] {
  const context = reportContext(report);
  const out: AccountCheckResult[] = [];
  for (const account of report.accounts) {
    for (const check of AUDIT_CHECKS) {
      const outcome = check.evaluate({ account, ...context });
      if (outcome.status !== 'not_applicable') out.push({ check, account, outcome });
    }
  }
  return out;
}

/**
 * Re-judges one check on an account whose record changed after the audit (the exceptions store sets
 * `overdueException` when the audit is recorded), keeping `checks` in catalogue order.
 */
export function rejudge(account: AccountAudit, check: AuditCheck): void {
  const outcome = check.evaluate({ account });
  const others = (account.checks ?? []).filter((r) => r.id !== check.id);
  const mine =
    outcome.status === 'fail' || outcome.status === 'unknown' ? [{ id: check.id, ...outcome }] : [];
  const order = (id: string) => AUDIT_CHECKS.findIndex((c) => c.id === id);
  account.checks = [...others, ...mine].sort((a, b) => order(a.id) - order(b.id));
}

export { rootTaskExceptionNotOverdue };
