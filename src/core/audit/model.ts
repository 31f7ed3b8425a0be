/**
 * The audit result: one record per account, exactly one status each. This is the data behind every
 * report format (table, JSON, CSV, HTML), the history database and remediation plans.
 * The JSON output (`rootctl audit --output json`) is this model, versioned by AUDIT_SCHEMA_VERSION.
 */
import type { CheckResult } from '../checks/types.js';
import type { AccountId } from '../model/account-id.js';
import type { AuditDiff } from './diff.js';
import type { MfaType } from './mfa-type.js';

export const AUDIT_SCHEMA_VERSION = 1;

export type AccountAuditStatus = 'compliant' | 'non_compliant' | 'error' | 'skipped';

export interface RootPassword {
  present: boolean;
  /** When the login profile was created (full detail only). */
  createDate?: string | undefined;
}

export interface RootAccessKey {
  id: string;
  status: 'Active' | 'Inactive';
  createDate?: string | undefined;
  lastUsed?: { date: string; service: string; region: string } | undefined;
}

export interface RootSigningCertificate {
  id: string;
  status: 'Active' | 'Inactive';
  uploadDate?: string | undefined;
}

export interface RootMfaDevice {
  serialNumber: string;
  enableDate?: string | undefined;
  /**
   * virtual, hardware (TOTP token), fido (security key) or unknown, from the serial's form
   * (src/core/audit/mfa-type.ts). Absent in audits saved before this field existed.
   */
  type?: MfaType | undefined;
}

/**
 * What the root user has. With `--detail summary` only presence is known: the arrays are then
 * empty and `*Present` flags say whether any exist.
 */
export interface RootState {
  detail: 'summary' | 'full';
  password: RootPassword;
  accessKeys: RootAccessKey[];
  signingCertificates: RootSigningCertificate[];
  mfaDevices: RootMfaDevice[];
  accessKeysPresent: boolean;
  signingCertificatesPresent: boolean;
  mfaPresent: boolean;
}

export interface AuditError {
  /** AWS's error code (e.g. AccessDenied) or rootctl's (e.g. NetworkError). */
  code: string;
  message: string;
  /** Plain words: "blocked by SCP p-abc (DenyRootUser) attached to ou-...", "RootCredentialsManagement is not enabled ...", ... */
  diagnosis: string;
}

export interface AccountAudit {
  accountId: AccountId;
  accountName: string;
  /** "Root/Workloads/Prod" */
  ouPath: string;
  /**
   * Organizations `JoinedMethod`, when the listing gave it. INVITED accounts existed before they joined
   * and keep the root credentials they had (a created account starts with none): check them first.
   */
  joinedMethod?: 'INVITED' | 'CREATED' | undefined;
  status: AccountAuditStatus;
  root?: RootState | undefined;
  error?: AuditError | undefined;
  /** Why the account was skipped (suspended; management account). */
  skipReason?: string | undefined;
  /** An open root-task exception that is past its expiry (set by the exceptions store). */
  overdueException?: { task: string; expiresAt: string } | undefined;
  auditedAt: string;
  /**
   * The audit checks that did not pass for this account (fail or unknown, with why), by check id
   * (docs/generated/checks.md); a check that passed or does not apply is not listed.
   */
  checks?: CheckResult[] | undefined;
}

export interface AuditSummary {
  total: number;
  compliant: number;
  non_compliant: number;
  error: number;
  skipped: number;
}

export interface AuditReport {
  schemaVersion: typeof AUDIT_SCHEMA_VERSION;
  organizationId: string;
  managementAccountId: string;
  generatedAt: string;
  /** Who ran it and how: caller ARN, region, detail, scope. */
  metadata: {
    callerArn: string;
    callerRole: 'management' | 'delegated-admin' | 'other';
    region: string;
    detail: 'summary' | 'full';
    scope: string;
    durationMs: number;
    rootctlVersion: string;
  };
  /** When the caller is in the management account: its own root user's MFA and access-key state. */
  managementRoot?: { mfa: boolean | undefined; accessKeys: boolean | undefined } | undefined;
  accounts: AccountAudit[];
  summary: AuditSummary;
  /**
   * Present when the audit was interrupted, or when listing the organization failed part-way
   * (`listing-failed`, with the error; only with `partialOnListingFailure`, and `accountsNotAudited`
   * then counts the listed accounts only: the unlisted rest is unknown): `accounts` holds only what
   * finished. A partial report is never recorded in the history as a complete audit.
   */
  partial?:
    | {
        reason: 'interrupted' | 'listing-failed';
        accountsNotAudited: number;
        error?: { code: string; message: string } | undefined;
      }
    | undefined;
  /** The audit's id in the history database, when it was saved there (not with --no-history). */
  historyId?: number | undefined;
  /**
   * Set on the audits a remediation run saves to the history: its plan's audit (`plan`, the "before")
   * and its verification audit (`verification`, the "after"); `rootctl evidence --run` finds them by it.
   */
  remediation?: { runId: string; phase: 'plan' | 'verification' } | undefined;
  /**
   * With --diff: what changed since the previous audit of the same scope (else of any scope, on the
   * accounts both cover); null when the history has nothing earlier to compare with.
   */
  diff?: AuditDiff | null | undefined;
}

export function summarize(accounts: readonly AccountAudit[]): AuditSummary {
  const s: AuditSummary = { total: accounts.length, compliant: 0, non_compliant: 0, error: 0, skipped: 0 };
  for (const a of accounts) s[a.status]++;
  return s;
}

/** Whether a root state holds any credential. */
export function hasRootCredentials(r: RootState): boolean {
  return r.password.present || r.accessKeysPresent || r.signingCertificatesPresent || r.mfaPresent;
}
