/**
 * One error type for the whole tool. Every failure a user can hit has a stable PascalCase code,
 * an exit code and a hint that says what to do next. The CLI prints `code: message` and the hint
 * on one line each; the library throws these so callers can branch on `code`.
 *
 * The catalogue below is the single source for the generated error reference (docs/generated).
 */

export const ExitCode = {
  Ok: 0,
  /** Ran, but found something: not ready, non-compliant accounts with --fail-on, steps that failed. */
  Findings: 1,
  /** The command line or its input is wrong: nothing was called or changed. */
  Usage: 2,
  /** Could not do the work: credentials, network, access denied, an AWS error. */
  Runtime: 3,
  /** The organization's state does not allow this change; nothing was changed. */
  Refused: 4,
  /** Interrupted (Ctrl-C); the journal has what was done. */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

interface CatalogueEntry {
  exit: ExitCode;
  hint: string;
}

/** Every error code rootctl can report, with its exit code and the hint printed under it. */
export const ERROR_CATALOGUE = {
  // Input and usage (exit 2)
  UsageError: { exit: ExitCode.Usage, hint: 'Run the command with --help for its options and examples.' },
  InvalidAccountId: {
    exit: ExitCode.Usage,
    hint: 'An AWS account id is exactly 12 digits, e.g. 123456789012.',
  },
  InvalidOuId: {
    exit: ExitCode.Usage,
    hint: 'An OU id looks like ou-ab12-cd34ef56; list them with `aws organizations list-organizational-units-for-parent`.',
  },
  InvalidArn: { exit: ExitCode.Usage, hint: 'Give a full ARN, e.g. arn:aws:iam::123456789012:role/RootOps.' },
  InvalidDuration: { exit: ExitCode.Usage, hint: 'Give a duration such as 30m, 4h, 7d.' },
  InvalidRegion: {
    exit: ExitCode.Usage,
    hint: 'Give an AWS Region code such as us-east-1 (not aws-global): AssumeRoot needs a Regional STS endpoint.',
  },
  UnknownAccount: {
    exit: ExitCode.Usage,
    hint: 'Check the id against `rootctl audit --output json` or `aws organizations list-accounts`.',
  },
  UnknownOu: {
    exit: ExitCode.Usage,
    hint: 'Check the OU id with `aws organizations list-organizational-units-for-parent`.',
  },
  ManagementAccountTarget: {
    exit: ExitCode.Usage,
    hint: 'AssumeRoot cannot target the management account; secure its root user by hand (MFA, no access keys).',
  },
  SuspendedAccount: {
    exit: ExitCode.Usage,
    hint: 'Suspended accounts cannot be reached with AssumeRoot; reinstate the account first or leave it out.',
  },
  UnknownTask: {
    exit: ExitCode.Usage,
    hint: 'Tasks: audit, delete, password-recovery, unlock-s3-bucket-policy, unlock-sqs-queue-policy (unlock-s3 and unlock-sqs are accepted too); exception open --task takes the last three (see --help).',
  },
  InvalidInput: { exit: ExitCode.Usage, hint: 'Check the value against --help.' },
  ConfirmationRequired: {
    exit: ExitCode.Usage,
    hint: 'Review the plan, then run again with --yes (no terminal is attached to ask).',
  },
  InvalidPlan: {
    exit: ExitCode.Usage,
    hint: "Make a new plan (`rootctl remediate --output json`, or the library's planRemediation); a plan is used as rootctl wrote it.",
  },
  PlanTooNew: {
    exit: ExitCode.Usage,
    hint: 'A newer rootctl wrote this plan: upgrade rootctl (npm install -g rootctl), or make the plan again with this version.',
  },
  InvalidScenario: {
    exit: ExitCode.Usage,
    hint: 'The scenario format is in docs/scenario.md; `rootctl emulator --dump-scenario FILE` writes a valid one to start from.',
  },
  // Credentials, network and permissions (exit 3)
  NoCredentials: {
    exit: ExitCode.Runtime,
    hint: 'Set AWS_PROFILE or pass --profile, or run `aws configure` / `aws sso login`.',
  },
  InvalidCredentials: {
    exit: ExitCode.Runtime,
    hint: 'The access key is not recognised or the signature is wrong: refresh the credentials of the profile.',
  },
  ExpiredCredentials: {
    exit: ExitCode.Runtime,
    hint: 'The session has expired: refresh it (e.g. `aws sso login`) and run again.',
  },
  AccessDenied: {
    exit: ExitCode.Runtime,
    hint: 'The calling principal lacks a permission: see "Required IAM permissions" in the README, or `rootctl guardrails operator-policy`.',
  },
  NetworkError: {
    exit: ExitCode.Runtime,
    hint: 'Check the endpoint, proxy and network; for the emulator, check that `rootctl emulator` is running.',
  },
  Throttled: {
    exit: ExitCode.Runtime,
    hint: 'AWS kept throttling after retries: lower --concurrency and run again (completed work is kept).',
  },
  AwsError: {
    exit: ExitCode.Runtime,
    hint: "AWS returned an error; the code and message above are AWS's own.",
  },
  NotInOrganization: {
    exit: ExitCode.Runtime,
    hint: 'The calling account is not in an AWS Organization; use credentials of the management or delegated administrator account.',
  },
  NotManagementOrDelegatedAdmin: {
    exit: ExitCode.Runtime,
    hint: 'Call from the management account or the IAM delegated administrator (e.g. --profile security).',
  },
  SetupVerificationFailed: {
    exit: ExitCode.Runtime,
    hint: 'AWS accepted the change but does not show it yet: wait a minute, then run `rootctl doctor` (running setup again is safe).',
  },
  StoreError: {
    exit: ExitCode.Runtime,
    hint: 'The database could not be opened or written; check --db (a file, or a postgres:// URL) and the disk or server.',
  },
  NoDatabase: {
    exit: ExitCode.Usage,
    hint: 'Check --db (or ROOTCTL_DB); to start a new database there: rootctl db init --db <file|url>.',
  },
  DatabaseTooNew: {
    exit: ExitCode.Runtime,
    hint: 'A newer rootctl wrote this database: upgrade rootctl (npm install -g rootctl) to use it; it was left untouched.',
  },
  PortInUse: {
    exit: ExitCode.Runtime,
    hint: 'Choose another --port, or --port 0 for a free one (another emulator may already be running there).',
  },
  InternalError: {
    exit: ExitCode.Runtime,
    hint: 'This is a bug in rootctl; please report it with the command you ran.',
  },
  // Refusals: the organization's state does not allow this (exit 4)
  ConsolidatedBillingOrganization: {
    exit: ExitCode.Refused,
    hint: 'Enable all features in AWS Organizations first (console: Organizations > Settings).',
  },
  NotManagementAccount: {
    exit: ExitCode.Refused,
    hint: 'Run setup with credentials of the management account (e.g. --profile management).',
  },
  DelegatedAdminExists: {
    exit: ExitCode.Refused,
    hint: 'Deregister the current IAM delegated administrator first: aws organizations deregister-delegated-administrator --account-id <id> --service-principal iam.amazonaws.com',
  },
  PlanStale: {
    exit: ExitCode.Refused,
    hint: 'The organization changed since the plan was made: make a new plan.',
  },
  NothingToResume: {
    exit: ExitCode.Refused,
    hint: 'Every run in the journal completed or has no planned step left; see `rootctl journal`.',
  },
  JournalBusy: {
    exit: ExitCode.Refused,
    hint: 'Wait for that run to finish (`rootctl journal` shows it as running); if it was interrupted, `rootctl remediate --resume --yes` continues it.',
  },
  ExceptionAlreadyOpen: {
    exit: ExitCode.Refused,
    hint: 'Close the open exception first (`rootctl exception close --account <id>`), or see `rootctl exception list`.',
  },
  NoOpenException: { exit: ExitCode.Refused, hint: 'See `rootctl exception list` for the open exceptions.' },
  NoResourcePolicy: {
    exit: ExitCode.Refused,
    hint: 'The bucket or queue has no resource policy to remove: check the name, or nothing is locked.',
  },
  UnknownRun: { exit: ExitCode.Usage, hint: 'List the runs with `rootctl journal`.' },
  UnknownAudit: { exit: ExitCode.Usage, hint: 'List the saved audits with `rootctl history`.' },
  OutputExists: {
    exit: ExitCode.Usage,
    hint: 'Name a new file or folder (or an empty folder) for --out; rootctl never overwrites evidence.',
  },
  // Interrupted
  Aborted: {
    exit: ExitCode.Interrupted,
    hint: 'Ctrl-C, Ctrl-D or end of input at the prompt means no; run the command again to be asked again.',
  },
  Interrupted: {
    exit: ExitCode.Interrupted,
    hint: 'Run the same command with --resume to continue from the journal.',
  },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface RootctlErrorOptions {
  hint?: string;
  cause?: unknown;
  /** Extra machine-readable detail (e.g. the AWS error code, the failed action) for library callers and reports. */
  details?: Record<string, unknown>;
}

export class RootctlError extends Error {
  override readonly name = 'RootctlError';
  readonly code: ErrorCode;
  readonly hint: string;
  readonly exitCode: ExitCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: RootctlErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint ?? ERROR_CATALOGUE[code].hint;
    this.exitCode = ERROR_CATALOGUE[code].exit;
    this.details = options.details ?? {};
  }
}

export function isRootctlError(e: unknown): e is RootctlError {
  return e instanceof RootctlError;
}
