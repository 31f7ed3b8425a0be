/**
 * A remediation plan as data: exactly which root credentials will be deleted in which account, made
 * from a fresh audit of the scope. `rootctl remediate --output json` prints it (versioned by
 * PLAN_SCHEMA_VERSION, documented in docs/remediate.md); the journal stores it so a run can be resumed.
 */
import type { AccountId } from '../model/account-id.js';

export const PLAN_SCHEMA_VERSION = 1;

/** What `--only` can narrow the plan to. */
export const CREDENTIAL_KINDS = ['password', 'access-keys', 'signing-certificates', 'mfa'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** The IAM call that removes each kind, in the order they run in an account. */
export type DeleteAction =
  'DeactivateMFADevice' | 'DeleteAccessKey' | 'DeleteSigningCertificate' | 'DeleteLoginProfile';

export const ACTION_OF_KIND: Record<CredentialKind, DeleteAction> = {
  mfa: 'DeactivateMFADevice',
  'access-keys': 'DeleteAccessKey',
  'signing-certificates': 'DeleteSigningCertificate',
  password: 'DeleteLoginProfile',
};

/** MFA first, then keys and certificates, the login profile last (the order). */
export const KIND_ORDER: readonly CredentialKind[] = [
  'mfa',
  'access-keys',
  'signing-certificates',
  'password',
];

/** The login profile has no id of its own; its target id in plans and the journal is this. */
export const LOGIN_PROFILE_TARGET = 'login-profile';

export interface PlannedDeletion {
  kind: CredentialKind;
  action: DeleteAction;
  /** Access key id, signing certificate id, MFA serial number, or `login-profile`. */
  targetId: string;
  /** Creation date (key, login profile), upload date (certificate) or enable date (MFA). */
  createdAt?: string | undefined;
  status?: 'Active' | 'Inactive' | undefined;
  /** Access keys: last use as IAM reports it; absent when never used. */
  lastUsed?: { date: string; service: string; region: string } | undefined;
  /** Access keys used within `recentlyUsedDays`: called out, and held back unless --include-recently-used. */
  recentlyUsed?: boolean | undefined;
}

export interface AccountPlan {
  accountId: AccountId;
  accountName: string;
  ouPath: string;
  /** Deleted by the run, in this order. */
  deletions: PlannedDeletion[];
  /** Recently used access keys left in place because --include-recently-used was not given. */
  heldBack: PlannedDeletion[];
  /**
   * An SCP might deny the delete task's calls to root sessions: its Deny has a condition rootctl cannot
   * evaluate before the call (source IP, time, tags, an operator it does not know). One line naming it;
   * the run still tries the account and reports it if AWS denies the calls.
   */
  possiblyBlocked?: string | undefined;
}

/** An account in scope that the plan does not touch, and why (named, never silent). */
export interface UntouchedAccount {
  accountId: AccountId;
  accountName: string;
  ouPath: string;
  reason: 'management-account' | 'suspended' | 'blocked' | 'audit-error' | 'open-exception';
  /** One line, e.g. "blocked by SCP p-abc123 (DenyRootUser)". */
  detail: string;
  /** AWS's or rootctl's error code when the audit failed. */
  code?: string | undefined;
  /**
   * Reason `open-exception`: the account's open (or overdue) root-task exceptions. Its credentials are
   * left alone while they are open; `rootctl exception close --account ID` deletes them and closes them.
   */
  exceptions?: HeldForException[] | undefined;
}

/** An open root-task exception that holds its account out of a plan. */
export interface HeldForException {
  id: number;
  task: string;
  /** Bucket name, queue URL, or `root-user`. */
  target: string;
  openerArn: string;
  openedAt: string;
  expiresAt: string;
  /** Past its expiry and still open. */
  overdue: boolean;
}

export interface PlanOptions {
  /** Kinds to delete; all four unless --only narrows them. */
  only: CredentialKind[];
  /** Access keys used within this many days are called out (default 30). */
  recentlyUsedDays: number;
  includeRecentlyUsed: boolean;
}

export interface PlanTotals {
  /** Accounts audited in scope. */
  accountsInScope: number;
  /** Accounts with at least one planned deletion. */
  accountsToChange: number;
  /** Accounts with nothing to delete. */
  accountsClean: number;
  deletions: number;
  byKind: Record<CredentialKind, number>;
  heldBack: number;
  /** Accounts the plan cannot touch: blocked, audit error, management, suspended. */
  untouched: number;
}

export interface Plan {
  schemaVersion: typeof PLAN_SCHEMA_VERSION;
  createdAt: string;
  organizationId: string;
  managementAccountId: string;
  /** Who made it (sts:GetCallerIdentity). */
  callerArn: string;
  /** As given: "--accounts 111111111111,222222222222", "--ou ou-ab12-cd34ef56" or "--all". */
  scope: string;
  options: PlanOptions;
  /** Accounts with deletions or held-back keys. */
  accounts: AccountPlan[];
  /** Accounts in scope with nothing to delete. */
  clean: AccountId[];
  untouched: UntouchedAccount[];
  totals: PlanTotals;
}
