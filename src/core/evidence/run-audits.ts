/**
 * The audits a remediation run leaves in the history: its plan's audit ("before") and its
 * verification audit ("after"), each marked with the run it belongs to, so an auditor (and
 * `rootctl evidence --run`) finds both from the run id.
 */
import { AUDIT_SCHEMA_VERSION, summarize, type AccountAudit, type AuditReport } from '../audit/model.js';
import type { Plan } from '../plan/types.js';

export type RunAuditPhase = 'plan' | 'verification';

export interface VerificationReportInput {
  plan: Plan;
  runId: string;
  audits: readonly AccountAudit[];
  startedAt: Date;
  finishedAt: Date;
  region: string;
  rootctlVersion: string;
  /** The plan's audit, when known: its caller role is the verification's too. */
  planAudit?: AuditReport | undefined;
}

/** The verification's accounts as an audit report (scope `accounts:<ids>`, full detail). */
export function verificationReport(input: VerificationReportInput): AuditReport {
  const accounts = [...input.audits].sort(
    (a, b) =>
      a.ouPath.localeCompare(b.ouPath) ||
      a.accountName.localeCompare(b.accountName) ||
      a.accountId.localeCompare(b.accountId),
  );
  return {
    schemaVersion: AUDIT_SCHEMA_VERSION,
    organizationId: input.plan.organizationId,
    managementAccountId: input.plan.managementAccountId,
    generatedAt: input.startedAt.toISOString(),
    metadata: {
      callerArn: input.plan.callerArn,
      callerRole: input.planAudit?.metadata.callerRole ?? 'other',
      region: input.region,
      detail: 'full',
      scope: `accounts:${accounts.map((a) => a.accountId).join(',')}`,
      durationMs: Math.max(0, input.finishedAt.getTime() - input.startedAt.getTime()),
      rootctlVersion: input.rootctlVersion,
    },
    accounts,
    summary: summarize(accounts),
    remediation: { runId: input.runId, phase: 'verification' },
  };
}

/** The plan's audit, marked as the "before" of a run (a copy; history ids and diffs left out). */
export function planAuditOfRun(report: AuditReport, runId: string): AuditReport {
  const { historyId: _h, diff: _d, ...rest } = report;
  return { ...rest, remediation: { runId, phase: 'plan' } };
}
