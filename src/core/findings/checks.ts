/**
 * The audit's checks, one per root credential kind plus the exception deadline, each with a stable id
 * that findings (OCSF `finding_info.uid`, ASFF `Id`/`GeneratorId`) are keyed by. Ids never change
 * once published: Security Hub updates a finding in place only when its Id is the same.
 *
 * This list is the one place check ids are defined; when checks become units of their own (issue
 * 12), this module re-exports them instead.
 */
import type { AccountAudit, RootState } from '../audit/model.js';

export type CheckSeverity = 'critical' | 'high' | 'medium' | 'low' | 'informational';
/** pass / fail; unknown when the account could not be audited; not applicable when it was skipped. */
export type CheckStatus = 'pass' | 'fail' | 'unknown' | 'not_applicable';

export interface AuditCheck {
  /** Stable, published: `root-<what>-absent`. */
  id: string;
  title: string;
  severity: CheckSeverity;
  /** What the check verifies, one sentence. */
  description: string;
  remediation: string;
  /** A CIS AWS Foundations Benchmark control it maps to, where one does. */
  cis?: string | undefined;
  evaluate(account: AccountAudit): CheckStatus;
}

/** pass/fail from the root state; unknown/not applicable when the audit has none for the account. */
function fromRoot(test: (root: RootState) => boolean): (a: AccountAudit) => CheckStatus {
  return (a) => {
    if (a.status === 'skipped') return 'not_applicable';
    if (a.status === 'error' || a.root === undefined) return 'unknown';
    return test(a.root) ? 'pass' : 'fail';
  };
}

export const AUDIT_CHECKS: readonly AuditCheck[] = [
  {
    id: 'root-password-absent',
    title: 'Member account root user has no password',
    severity: 'high',
    description: 'The root user of a member account has no console password (login profile).',
    remediation:
      'rootctl remediate --accounts <id> --only password (deletes the login profile through AssumeRoot).',
    evaluate: fromRoot((r) => !r.password.present),
  },
  {
    id: 'root-access-keys-absent',
    title: 'Member account root user has no access keys',
    severity: 'critical',
    description: 'The root user of a member account has no access keys.',
    remediation: 'rootctl remediate --accounts <id> --only access-keys.',
    cis: 'CIS AWS Foundations Benchmark v3.0.0 1.4',
    evaluate: fromRoot((r) => !r.accessKeysPresent),
  },
  {
    id: 'root-signing-certificates-absent',
    title: 'Member account root user has no signing certificates',
    severity: 'high',
    description: 'The root user of a member account has no X.509 signing certificates.',
    remediation: 'rootctl remediate --accounts <id> --only signing-certificates.',
    evaluate: fromRoot((r) => !r.signingCertificatesPresent),
  },
  {
    id: 'root-mfa-devices-absent',
    title: 'Member account root user has no MFA devices',
    severity: 'medium',
    description:
      'The root user of a member account has no MFA devices (with centralized root access a member root user needs none).',
    remediation: 'rootctl remediate --accounts <id> --only mfa.',
    evaluate: fromRoot((r) => !r.mfaPresent),
  },
  {
    id: 'root-task-exception-not-overdue',
    title: 'No root-task exception past its expiry',
    severity: 'high',
    description:
      'No root-task exception (password recovery, S3/SQS unlock) opened with rootctl is still open after its expiry.',
    remediation: 'rootctl exception close --account <id> (or exception enforce).',
    evaluate: (a) => (a.status === 'skipped' ? 'not_applicable' : a.overdueException ? 'fail' : 'pass'),
  },
];

export const CHECK_IDS: readonly string[] = AUDIT_CHECKS.map((c) => c.id);

/** One check's result for one account. */
export interface CheckResult {
  check: AuditCheck;
  account: AccountAudit;
  status: CheckStatus;
}

/** Every check for every account that was not skipped, account by account in report order. */
export function evaluateChecks(accounts: readonly AccountAudit[]): CheckResult[] {
  const out: CheckResult[] = [];
  for (const account of accounts) {
    for (const check of AUDIT_CHECKS) {
      const status = check.evaluate(account);
      if (status !== 'not_applicable') out.push({ check, account, status });
    }
  }
  return out;
}
