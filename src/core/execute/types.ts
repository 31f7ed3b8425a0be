/**
 * The executor's contract: the journal it writes (a port, implemented on SQLite or PostgreSQL in src/store/journal.ts),
 * the events it reports, and the result of a run. No credentials ever reach the journal: only the
 * session's access key id, which links the journal to CloudTrail.
 */
import type { AccountId } from '../model/account-id.js';
import type { TaskPolicyName } from '../model/task-policies.js';
import type { CredentialKind, DeleteAction, Plan } from '../plan/types.js';

/** `already-gone` (NoSuchEntity on a delete) counts as done. */
export type StepOutcome = 'done' | 'already-gone' | 'failed';

export type JournalAction =
  | DeleteAction
  | 'AssumeRoot'
  | 'Verify'
  | 'CreateLoginProfile'
  | 'GetBucketPolicy'
  | 'DeleteBucketPolicy'
  | 'GetQueuePolicy'
  | 'DeleteQueuePolicy';

export type RunKind = 'remediate' | 'exception-open' | 'exception-close';
/** `running` with no live process behind it means the process was killed: resumable like `interrupted`. */
export type RunStatus = 'running' | 'interrupted' | 'completed' | 'failed';

export interface StepIntent {
  runId: string;
  accountId: AccountId;
  action: JournalAction;
  /** Key id, certificate id, MFA serial, `login-profile`, bucket name, queue URL, or the task policy for AssumeRoot. */
  targetId: string;
  taskPolicy: TaskPolicyName;
  sessionAccessKeyId?: string | undefined;
  /** Extra facts recorded with the intent, e.g. the bucket policy text saved before it is removed. */
  detail?: Record<string, unknown> | undefined;
}

export interface StepRecord {
  outcome: StepOutcome;
  errorCode?: string | undefined;
  errorMessage?: string | undefined;
  sessionAccessKeyId?: string | undefined;
  detail?: Record<string, unknown> | undefined;
}

export interface NewRun {
  kind: RunKind;
  callerArn: string;
  scope: string;
  options: Record<string, unknown>;
  plan: Plan | undefined;
}

/** What the executor needs from the journal; every write is committed before the call it describes. */
export interface JournalPort {
  startRun(run: NewRun): Promise<string>;
  /** Marks an interrupted run running again, recording who resumed it. */
  resumeRun(runId: string, callerArn: string): Promise<void>;
  /** Steps recorded done or already-gone, as stepKey(account, action, target). */
  completedSteps(runId: string): Promise<ReadonlySet<string>>;
  /** Steps the run recorded an intent for, whatever their outcome (a resume's drift check skips them). */
  attemptedSteps?(runId: string): Promise<ReadonlySet<string>>;
  recordIntent(intent: StepIntent): Promise<number>;
  recordOutcome(stepId: number, record: StepRecord): Promise<void>;
  finishRun(runId: string, status: RunStatus): Promise<void>;
}

export function stepKey(accountId: string, action: string, targetId: string): string {
  return `${accountId}|${action}|${targetId}`;
}

/** `partial`: every step run succeeded, but the account still holds root credentials (see `left`). */
export type AccountRunStatus = 'done' | 'partial' | 'failed' | 'interrupted' | 'skipped';

/** A root credential the run left in the account, and why. */
export interface LeftCredential {
  targetId: string;
  kind: CredentialKind | 'unknown';
  /** held-back: a recently used access key kept (no --include-recently-used); failed: its step failed or never ran; still-present: verification found it. */
  reason: 'held-back' | 'failed' | 'still-present';
}

export interface StepReport {
  action: DeleteAction;
  targetId: string;
  /** `done-earlier`: recorded done by a previous attempt of this run and not repeated. */
  outcome: StepOutcome | 'done-earlier' | 'not-run';
  errorCode?: string | undefined;
  errorMessage?: string | undefined;
}

export interface AccountResult {
  accountId: AccountId;
  accountName: string;
  ouPath: string;
  status: AccountRunStatus;
  steps: StepReport[];
  /** Session(s) used, by access key id. */
  sessionAccessKeyIds: string[];
  /** True when a fresh audit shows every planned credential gone; undefined when not verified. */
  verified?: boolean | undefined;
  /** Planned credentials still present after the run (verification). */
  remaining?: string[] | undefined;
  /** One line: why it failed or was skipped. */
  diagnosis?: string | undefined;
  errorCode?: string | undefined;
  /** Root credentials still in the account after the run (absent when none). */
  left?: LeftCredential[] | undefined;
}

export interface ApplyTotals {
  accounts: number;
  done: number;
  /** Accounts whose steps all succeeded but that still hold root credentials (held-back keys). */
  partial: number;
  failed: number;
  interrupted: number;
  skipped: number;
  deleted: number;
  alreadyGone: number;
  doneEarlier: number;
  failedSteps: number;
  retries: number;
  /** Root credentials left in planned accounts after the run, and why. */
  left: number;
  leftByReason: Record<LeftCredential['reason'], number>;
}

/** Version of the result document (`rootctl remediate --yes --output json`, docs/remediate.md). */
export const RESULT_SCHEMA_VERSION = 1;

export interface ApplyResult {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  /** The journal's id of the run: `rootctl journal <runId>`. */
  runId: string;
  /** True when this call continued an interrupted run (--resume). */
  resumed: boolean;
  /** completed: every planned step done and verified; failed: some accounts failed; interrupted: resumable. */
  status: Exclude<RunStatus, 'running'>;
  accounts: AccountResult[];
  totals: ApplyTotals;
}

export type ApplyEvent =
  | { kind: 'run-started'; runId: string; resumed: boolean; accounts: number; steps: number }
  | { kind: 'account-started'; accountId: AccountId }
  | {
      kind: 'step';
      accountId: AccountId;
      action: JournalAction;
      targetId: string;
      outcome: StepOutcome;
      errorCode?: string | undefined;
    }
  | { kind: 'retry'; accountId: AccountId; operation: string; code: string; attempt: number }
  | { kind: 'retry-budget-spent'; accountId: AccountId; operation: string }
  | { kind: 'account-finished'; result: AccountResult }
  | { kind: 'verifying'; accounts: number }
  /** Accounts verified so far by the fresh audit. */
  | { kind: 'verify-progress'; done: number; total: number }
  | { kind: 'run-finished'; result: ApplyResult };

/** `rootctl remediate --yes --output json` (and `--resume --yes`): the result, with the plan it applied. */
export type ApplyResultDocument = ApplyResult & {
  /** The plan the run executed (`rootctl remediate --output json`). */
  plan: Plan;
};
