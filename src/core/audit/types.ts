/** The audit library's inputs: ports, options and the progress events it emits. */
import type { AdaptiveLimiter } from '../concurrency/adaptive-limiter.js';
import type { FailureKind, RetryPolicy } from '../concurrency/retry.js';
import type { AccountId } from '../model/account-id.js';
import type { OrgTree } from '../org/tree.js';
import type { CallerAccountPort, IdentityPort, OrganizationsReader, RootSessionOpener } from '../ports.js';
import type { AccountAuditStatus, AuditSummary } from './model.js';

export interface AuditPorts {
  identity: IdentityPort;
  organizations: OrganizationsReader;
  rootSessions: RootSessionOpener;
  /** The caller's own account: the management account's root MFA/key state when the caller is in it. */
  callerAccount?: CallerAccountPort | undefined;
  /** Classifies failures for retrying; the default understands AwsCallError and RootctlError. */
  classify?: ((e: unknown) => FailureKind) | undefined;
  /**
   * The longest one root-session call can take before the adapters fail it (the HTTP request
   * timeout, `--request-timeout`): the default account deadline is derived from it.
   */
  requestTimeoutMs?: number | undefined;
}

/** An account the caller already read from the organization (e.g. a plan's): no need to look it up. */
export interface KnownAccount {
  id: AccountId;
  name: string;
  /** "Root/Workloads/Prod" */
  ouPath: string;
}

export type AuditScope =
  | { kind: 'organization' }
  /**
   * `known`: what the caller already knows of these accounts (name, OU path, active). When it covers
   * every id, the accounts are not looked up again (no DescribeAccount + ListParents per account).
   */
  | { kind: 'accounts'; ids: AccountId[]; known?: readonly KnownAccount[] | undefined }
  | { kind: 'ou'; id: string };

export interface AuditOptions {
  /**
   * When listing the organization fails for good part-way: return the accounts audited so far as a
   * report marked `partial` (reason `listing-failed`) instead of throwing. Default false (throws).
   */
  partialOnListingFailure?: boolean | undefined;
  /** Default: every account of the organization. */
  scope?: AuditScope | undefined;
  /** Default: full. */
  detail?: 'summary' | 'full' | undefined;
  /** Hard cap on accounts audited at once (`--concurrency`); default 100. */
  concurrency?: number | undefined;
  /**
   * Share this limiter (e.g. remediation's: planning, apply and verification at one adaptive level);
   * `concurrency` and `initialConcurrency` are then ignored.
   */
  limiter?: AdaptiveLimiter | undefined;
  /** Where the adaptive limit starts; default min(8, concurrency). */
  initialConcurrency?: number | undefined;
  retryPolicy?: Partial<RetryPolicy> | undefined;
  /**
   * How long one account is tried: its calls are not retried, nor the account tried again after a
   * transient fault, when that would end past this; it then waits for the second pass over such
   * accounts (at the end, under the same limiter). Default: 30 s, or twice the ports'
   * `requestTimeoutMs` when longer (an endpoint that never answers costs one request timeout a pass).
   */
  accountDeadlineMs?: number | undefined;
  /** How the audit waits between attempts of an account, its calls and the first calls (tests: a virtual clock). */
  sleep?: ((ms: number) => Promise<void>) | undefined;
  /** Retry tokens shared by the whole run (see RetryBudget); default 500. */
  retryBudget?: number | undefined;
  /** Recorded in the report's metadata (the Region whose STS endpoint AssumeRoot used). */
  region?: string | undefined;
  rootctlVersion?: string | undefined;
  /** Progress and diagnostics; never required, never blocks. */
  onEvent?: ((event: AuditEvent) => void) | undefined;
  /**
   * Called once with the OU tree the audit listed, when it listed the whole organization to the end
   * (scope `organization`, not interrupted, no listing failure): a caller analysing the same
   * organization's SCPs (remediate's plan) need not list it again.
   */
  onTree?: ((tree: OrgTree) => void) | undefined;
  /**
   * Stops the audit (Ctrl-C): no new account starts, in-flight calls get `interruptGraceMs` (default
   * 5 s) to finish, and the report holds what finished, marked `partial`.
   */
  signal?: AbortSignal | undefined;
  interruptGraceMs?: number | undefined;
  /** Clock for timestamps (tests). */
  now?: (() => Date) | undefined;
}

export type AuditEvent =
  | {
      kind: 'started';
      organizationId: string;
      callerArn: string;
      callerRole: 'management' | 'delegated-admin' | 'other';
      scope: string;
    }
  /** Accounts in scope found so far (the total grows while the organization is being listed). */
  | { kind: 'discovered'; total: number }
  | { kind: 'listing-complete'; total: number }
  | {
      kind: 'account-done';
      accountId: AccountId;
      status: AccountAuditStatus;
      done: number;
      total: number;
      errors: number;
      listingComplete: boolean;
      inFlight: number;
      limit: number;
    }
  /**
   * A throttled call (it is retried). `against: 'caller'`: counted against the calling account's
   * limits (AssumeRoot, which lowers the shared concurrency; Organizations listing); `member`: a read
   * inside a member account's root session (retried for that account only).
   */
  | { kind: 'throttled'; operation: string; against: 'caller' | 'member'; limit: number }
  | { kind: 'finished'; durationMs: number; summary: AuditSummary; stats: AuditRunStats };

export interface AuditRunStats {
  peakConcurrency: number;
  finalConcurrency: number;
  throttles: number;
  retries: number;
  retryBudgetDenied: number;
}
