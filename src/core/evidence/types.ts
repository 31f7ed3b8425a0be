/**
 * The evidence bundle (`rootctl evidence`): what an auditor asks for after a remediation run or an
 * audit, as files with a manifest of their SHA-256 checksums. These types are the pure core's view;
 * the journal and history stores hand their rows over in these shapes.
 */
import type { AuditDiff } from '../audit/diff.js';
import type { AuditReport } from '../audit/model.js';
import type { Plan } from '../plan/types.js';

/** Version of every evidence document (`manifest.json`, `cloudtrail.json`, `journal.json`). */
export const EVIDENCE_SCHEMA_VERSION = 1;

/** A journal run as the journal store reads it (src/store/journal.ts RunRow). */
export interface EvidenceRun {
  id: string;
  kind: string;
  startedAt: string;
  finishedAt: string | null;
  callerArn: string;
  scope: string;
  status: string;
  resumedCount: number;
}

/** A journal step as the journal store reads it (src/store/journal.ts StepRow). */
export interface EvidenceStep {
  id: number;
  accountId: string;
  action: string;
  targetId: string;
  taskPolicy: string;
  sessionAccessKeyId: string | null;
  intentAt: string;
  outcome: string | null;
  outcomeAt: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  detail: Record<string, unknown> | null;
}

/** One AssumeRoot event of CloudTrail event history tied to the run or audit. */
export interface EvidenceTrailEvent {
  eventId: string;
  time: string;
  targetAccountId: string | null;
  taskPolicy: string | null;
  principalArn: string | null;
  sessionAccessKeyId: string | null;
  outcome: 'success' | 'failed';
  errorCode: string | null;
}

/** `cloudtrail.json`: the AssumeRoot events the activity lookup found, or why none were looked up. */
export interface EvidenceCloudTrail {
  schemaVersion: typeof EVIDENCE_SCHEMA_VERSION;
  kind: 'rootctl.evidence-cloudtrail';
  /** false: not looked up (`--no-cloudtrail`) or the lookup failed; `note` says which. */
  lookedUp: boolean;
  note: string | null;
  /** The Region whose event history was read, and the time window. */
  region: string | null;
  since: string;
  until: string;
  /** AssumeRoot events of this run (matched by the journal's session access key ids) or audit (by caller and window). */
  events: EvidenceTrailEvent[];
  /** Root sessions the journal recorded that no event matched (event history lags up to ~15 minutes). */
  unmatchedSessionAccessKeyIds: string[];
}

/** `manifest.json`: every other file of the bundle with its SHA-256 (hex) and size. */
export interface EvidenceManifest {
  schemaVersion: typeof EVIDENCE_SCHEMA_VERSION;
  kind: 'rootctl.evidence-manifest';
  /** `run` (rootctl evidence --run) or `audit` (--audit). */
  subject: { kind: 'run'; runId: string } | { kind: 'audit'; auditId: number };
  createdAt: string;
  rootctlVersion: string;
  /** Who made the bundle (sts:GetCallerIdentity); null when AWS was not asked (--no-cloudtrail). */
  bundledBy: string | null;
  /** Who ran the remediation or the audit. */
  callerArn: string;
  files: { name: string; sha256: string; bytes: number }[];
}

/** `rootctl evidence --output json`: where the bundle was written, and its manifest. */
export interface EvidenceResult {
  schemaVersion: typeof EVIDENCE_SCHEMA_VERSION;
  kind: 'rootctl.evidence';
  /** The absolute path written: a folder or a .zip file. */
  out: string;
  format: 'folder' | 'zip';
  manifest: EvidenceManifest;
}

/** What goes into a run's bundle. */
export interface RunEvidenceInput {
  run: EvidenceRun;
  plan: Plan | null;
  steps: EvidenceStep[];
  /** The run's plan audit and verification audit from the history, with their ids. */
  before: { id: number; report: AuditReport } | undefined;
  after: { id: number; report: AuditReport } | undefined;
  diff: AuditDiff | null;
  cloudTrail: EvidenceCloudTrail;
}

/** What goes into an audit's bundle. */
export interface AuditEvidenceInput {
  auditId: number;
  report: AuditReport;
  /** Against its baseline in the history (null: nothing earlier). */
  diff: AuditDiff | null;
  cloudTrail: EvidenceCloudTrail;
}

export interface EvidenceFile {
  name: string;
  content: string;
}
