/**
 * rootctl as a library:
 *
 *   import { audit, planRemediation, applyPlan, doctor, setup } from 'rootctl';
 *   const report = await audit({ profile: 'security', onEvent: (e) => ... });
 *
 * Each function opens its own AWS clients from plain options (profile, region, endpoint or explicit
 * credentials), closes them before returning, prints nothing, and reports progress through `onEvent`.
 * Failures are RootctlError with a stable `code`, a `hint` and the CLI's `exitCode`.
 * The emulator is a separate entry point: `import { startEmulator, generateScenario } from 'rootctl/emulator'`.
 * Guide with examples: docs/library.md.
 */
export {
  audit,
  planRemediation,
  applyPlan,
  resumeRemediation,
  doctor,
  setup,
  type AwsConnection,
  type AuditLibraryOptions,
  type DoctorLibraryOptions,
  type SetupLibraryOptions,
  type PlanLibraryOptions,
  type ApplyLibraryOptions,
  type RemediationTarget,
} from './app/library.js';

/** Closes every overdue root-task exception (what `rootctl exception enforce` runs; for schedules). */
export { enforceExceptions, type EnforceLibraryOptions } from './app/enforce.js';
export {
  ENFORCE_SCHEMA_VERSION,
  type EnforceResult,
  type EnforcedAccount,
} from './core/exceptions/enforce.js';

/** Root-task exceptions: `rootctl exception open | close | list`. */
export {
  openRootTaskException,
  closeRootTaskExceptions,
  listExceptions,
  type ExceptionLibraryOptions,
  type OpenExceptionLibraryOptions,
  type CloseExceptionLibraryOptions,
} from './app/exceptions.js';
export type { ExceptionPreview, OpenedException } from './core/exceptions/open.js';
export type { ClosePlan, CloseResult } from './core/exceptions/close.js';
export type { ExceptionRecord } from './core/exceptions/rules.js';

/** The store as a use case: `rootctl db init | status | migrate | copy`. */
export {
  dbStatus,
  initDatabase,
  migrateDatabase,
  copyDatabase,
  DB_STATUS_SCHEMA_VERSION,
  type DbStatus,
  type CopyCounts,
} from './store/admin.js';

/** For several audits in one process: keep the SDK clients between runs (see docs/library.md). */
export { auditOrganization, createAuditContexts, type AuditContexts } from './app/audit.js';
export { auditAndRecord, type AuditRecordOptions, type RecordedAudit } from './app/audit-record.js';
/** The history of audits: `rootctl history` (list), `--show ID`, `--diff [--from ID --to ID]`. */
export {
  listAudits,
  showAudit,
  diffHistory,
  type HistoryOptions,
  type HistoryListOptions,
  type HistoryDiffOptions,
} from './app/history.js';
export type { HistoryList, AuditSummaryRow } from './store/history.js';
/** The journal of remediation and exception runs: `rootctl journal` (list) and `rootctl journal <run-id>`. */
export {
  listJournalRuns,
  showJournalRun,
  type JournalOptions,
  type JournalListOptions,
} from './app/journal.js';
export type { JournalRuns, JournalRun, RunRow, StepRow } from './store/journal.js';
export type { AuditDiff, AccountChange, ChangeKind } from './core/audit/diff.js';
/** A diff in `rootctl history --diff`'s formats (table, JSON, CSV, HTML). */
export { renderDiff, DIFF_OUTPUTS, type DiffOutput } from './core/report/diff-formats.js';
/** The evidence bundle of a remediation run or a saved audit: `rootctl evidence` (docs/evidence.md). */
export { buildEvidence, type EvidenceLibraryOptions, type EvidenceResult } from './app/evidence.js';
export type { EvidenceManifest } from './core/evidence/types.js';
/** What an audit means for CI (`rootctl audit --fail-on`), and its report in any output format. */
export { auditVerdict, FAIL_ON, type FailOn, type AuditVerdict } from './core/audit/verdict.js';
export { renderAuditReport, AUDIT_OUTPUTS, type AuditOutput } from './core/report/formats.js';

/** AssumeRoot activity from the CloudTrail event history: `rootctl activity`. */
export {
  activity,
  activityReport,
  type ActivityLibraryOptions,
  type ActivityOptions,
  type ActivityPorts,
} from './app/activity.js';
export type { ActivityReport, ActivityEntry } from './core/activity/report.js';
export type { CloudTrailReader, EventLookupQuery, IdentityPort } from './core/ports.js';

/** Guardrails: `rootctl guardrails operator-policy | alerting | scp [--check]`. */
export {
  operatorPolicyArtifact,
  alertingArtifact,
  scpListingArtifact,
  recommendedScpListing,
  type GuardrailArtifact,
  type OperatorPolicyInput,
  type AlertingInput,
  type ScpListingInput,
} from './core/guardrails/artifacts.js';
export { checkOrganizationScps, type ScpCheckLibraryOptions } from './app/guardrails.js';
export type { OrganizationScpCheck, ScpCheckInput } from './core/guardrails/org-scp-check.js';
export type { ScpCheckReport } from './core/guardrails/scp-check.js';
export type { ScpListing, ScpCheckContext } from './core/guardrails/scp-render.js';

/** Continuous compliance: findings for Security Hub and the scheduled audit (docs/continuous.md). */
export { exportToSecurityHub, type SecurityHubExportOptions } from './app/securityhub.js';
export { scheduledAudit, type ScheduledAuditLibraryOptions } from './app/scheduled-audit.js';
export type { ScheduledAuditResult } from './core/continuous/scheduled.js';
export type { SecurityHubSyncResult } from './core/continuous/securityhub-sync.js';
export { ocsfFindings, OCSF_VERSION } from './core/findings/ocsf.js';
export { asffFindings, type AsffFinding } from './core/findings/asff.js';
export { AUDIT_CHECKS, CHECK_IDS, type AuditCheck } from './core/findings/checks.js';
export { DOCTOR_CHECKS, type DoctorCheck } from './core/checks/doctor/index.js';
export type { CheckResult, CheckStatus, CheckSeverity, CisControl } from './core/checks/types.js';

export { RootctlError, isRootctlError, ExitCode, ERROR_CATALOGUE, type ErrorCode } from './core/errors.js';
export { VERSION } from './version.js';

export {
  AUDIT_SCHEMA_VERSION,
  summarize,
  hasRootCredentials,
  type AuditReport,
  type AccountAudit,
  type AccountAuditStatus,
  type AuditSummary,
  type AuditError,
  type RootState,
} from './core/audit/model.js';
export type { AuditEvent, AuditScope, AuditRunStats } from './core/audit/types.js';
export {
  DOCTOR_SCHEMA_VERSION,
  type DoctorReport,
  type DoctorEvent,
  type DoctorIssue,
  type NextStep,
  type Fact,
} from './core/doctor/types.js';
export {
  SETUP_SCHEMA_VERSION,
  type SetupPlan,
  type SetupResult,
  type SetupEvent,
  type SetupStep,
} from './core/setup/types.js';
export {
  PLAN_SCHEMA_VERSION,
  CREDENTIAL_KINDS,
  type Plan,
  type AccountPlan,
  type PlannedDeletion,
  type CredentialKind,
} from './core/plan/types.js';
/** A plan in one screen (by OU and credential type, held back, blocked); overPage: longer than a page. */
export {
  summarizePlan,
  planStepLines,
  PLAN_PAGE_LINES,
  type PlanSummary,
  type OuSummary,
  type SummaryAccount,
} from './core/plan/summary.js';
export type { ApplyResult, ApplyEvent, AccountResult, ApplyTotals } from './core/execute/types.js';
export { managementCallerWarning } from './core/caller-warning.js';
