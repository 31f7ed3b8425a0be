/**
 * Root-task exceptions, as pure rules: the three tasks that still need a root session, what each
 * targets, how long an exception may stay open, and when it is overdue. An exception is a door that
 * opens for a reason and a time, and is closed again - never a standing path.
 */
import { RootctlError } from '../errors.js';
import type { AccountId } from '../model/account-id.js';
import { canonicalTask, type TaskName, type TaskPolicyName } from '../model/task-policies.js';

export const EXCEPTION_TASKS = [
  'password-recovery',
  'unlock-s3-bucket-policy',
  'unlock-sqs-queue-policy',
] as const satisfies readonly TaskName[];
export type ExceptionTask = (typeof EXCEPTION_TASKS)[number];

export const EXCEPTION_TASK_POLICY: Record<ExceptionTask, TaskPolicyName> = {
  'password-recovery': 'IAMCreateRootUserPassword',
  'unlock-s3-bucket-policy': 'S3UnlockBucketPolicy',
  'unlock-sqs-queue-policy': 'SQSUnlockQueuePolicy',
};

export const DEFAULT_TTL_MS = 4 * 3_600_000;
/** Longer than a week is not an exception any more. */
export const MAX_TTL_MS = 7 * 86_400_000;
export const MIN_TTL_MS = 60_000;

/** The password-recovery exception targets the root user itself. */
export const ROOT_USER_TARGET = 'root-user';

export interface ExceptionRecord {
  id: number;
  accountId: AccountId;
  /** password-recovery, unlock-s3-bucket-policy or unlock-sqs-queue-policy. */
  task: ExceptionTask;
  /** Bucket name, queue URL, or `root-user`. */
  target: string;
  /** Why it was opened (a ticket id or a sentence). */
  reason: string;
  /** Who opened it. */
  openerArn: string;
  openedAt: string;
  /** When it becomes overdue. */
  expiresAt: string;
  /** null while open. */
  closedAt: string | null;
  closedBy: string | null;
  /** The resource policy as it was before an unlock removed it (to restore a corrected version). */
  savedPolicy: string | null;
  /** Journal runs of the opening change and of the close (`rootctl journal <id>`). */
  openRunId: string | null;
  closeRunId: string | null;
  /** Why it ended without closing normally, e.g. the opening call failed. */
  note: string | null;
}

export type ExceptionState = 'open' | 'overdue' | 'closed';

/** An exception task by its name or an older spelling (`unlock-s3` for unlock-s3-bucket-policy). */
export function parseExceptionTask(value: string): ExceptionTask {
  const v = canonicalTask(value) ?? value.trim();
  if (!(EXCEPTION_TASKS as readonly string[]).includes(v)) {
    throw new RootctlError(
      'UnknownTask',
      `'${value}' is not an exception task (use ${EXCEPTION_TASKS.join(', ')}).`,
      { hint: `Exception tasks: ${EXCEPTION_TASKS.join(', ')}.` },
    );
  }
  return v as ExceptionTask;
}

export function checkTtl(ms: number): number {
  if (ms < MIN_TTL_MS || ms > MAX_TTL_MS) {
    throw new RootctlError(
      'InvalidDuration',
      `An exception's --ttl must be between 1m and 7d (got ${Math.round(ms / 60_000)}m).`,
    );
  }
  return ms;
}

export function checkReason(reason: string | undefined): string {
  const r = (reason ?? '').trim();
  if (r.length === 0)
    throw new RootctlError(
      'InvalidInput',
      'An exception needs --reason "<why>" (a ticket id or a sentence an auditor can read).',
    );
  if (r.length < 3)
    throw new RootctlError(
      'InvalidInput',
      `--reason '${r}' is too short: give at least 3 characters (a ticket id or a sentence an auditor can read).`,
    );
  if (r.length > 1000) throw new RootctlError('InvalidInput', '--reason is limited to 1000 characters.');
  return r;
}

const BUCKET = /^(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const QUEUE_URL = /^https?:\/\/([^/\s]+)\/(\d{12})\/([A-Za-z0-9_-]{1,75}(\.fifo)?)$/;
/** sqs.<region>.amazonaws.com, or the legacy <region>.queue.amazonaws.com (China: .com.cn). */
const QUEUE_HOST_REGION = [
  /^sqs\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?(?::\d+)?$/i,
  /^([a-z]{2}(?:-[a-z]+)+-\d+)\.queue\.amazonaws\.com(?:\.cn)?(?::\d+)?$/i,
];

/** The Region a queue URL's host names, when it names one (a custom endpoint names none). */
export function queueUrlRegion(url: string): string | undefined {
  const host = QUEUE_URL.exec(url.trim())?.[1];
  if (host === undefined) return undefined;
  for (const re of QUEUE_HOST_REGION) {
    const m = re.exec(host);
    if (m) return m[1]!.toLowerCase();
  }
  return undefined;
}

/** The exception's target, checked against the task and the account. */
export function exceptionTarget(
  task: ExceptionTask,
  accountId: AccountId,
  input: { bucket?: string | undefined; queueUrl?: string | undefined },
  /** The Region the root session's calls go to; a queue URL naming another Region is refused. */
  region?: string,
): string {
  const wrong = (flag: string) =>
    new RootctlError('UsageError', `--${flag} does not apply to --task ${task}.`);
  switch (task) {
    case 'password-recovery':
      if (input.bucket !== undefined) throw wrong('bucket');
      if (input.queueUrl !== undefined) throw wrong('queue-url');
      return ROOT_USER_TARGET;
    case 'unlock-s3-bucket-policy': {
      if (input.queueUrl !== undefined) throw wrong('queue-url');
      const b = input.bucket?.trim();
      if (b === undefined)
        throw new RootctlError('UsageError', '--task unlock-s3-bucket-policy needs --bucket NAME.');
      if (!BUCKET.test(b))
        throw new RootctlError(
          'InvalidInput',
          `'${b}' is not an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens).`,
        );
      return b;
    }
    case 'unlock-sqs-queue-policy': {
      if (input.bucket !== undefined) throw wrong('bucket');
      const u = input.queueUrl?.trim();
      if (u === undefined)
        throw new RootctlError('UsageError', '--task unlock-sqs-queue-policy needs --queue-url URL.');
      const m = QUEUE_URL.exec(u);
      if (!m)
        throw new RootctlError(
          'InvalidInput',
          `'${u}' is not an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<queue>).`,
        );
      if (m[2] !== accountId)
        throw new RootctlError(
          'InvalidInput',
          `The queue ${u} belongs to account ${m[2]}, not ${accountId}: a root session can only unlock its own account's queues.`,
        );
      const queueRegion = queueUrlRegion(u);
      if (queueRegion !== undefined && region !== undefined && queueRegion !== region)
        throw new RootctlError(
          'InvalidInput',
          `The queue ${u} is in ${queueRegion}, but rootctl is using ${region}: pass --region ${queueRegion}. Nothing was changed.`,
          { hint: `Run the same command with --region ${queueRegion}.` },
        );
      return u;
    }
  }
}

export function expiryOf(openedAt: Date, ttlMs: number): Date {
  return new Date(openedAt.getTime() + ttlMs);
}

export function exceptionState(
  e: Pick<ExceptionRecord, 'closedAt' | 'expiresAt'>,
  now: Date,
): ExceptionState {
  if (e.closedAt !== null) return 'closed';
  return Date.parse(e.expiresAt) <= now.getTime() ? 'overdue' : 'open';
}

/** Per account, the open exception that went overdue first. */
export function overdueByAccount(
  records: readonly ExceptionRecord[],
  now: Date,
): Map<AccountId, { task: ExceptionTask; expiresAt: string }> {
  const out = new Map<AccountId, { task: ExceptionTask; expiresAt: string }>();
  for (const r of records) {
    if (exceptionState(r, now) !== 'overdue') continue;
    const prev = out.get(r.accountId);
    if (!prev || r.expiresAt < prev.expiresAt) out.set(r.accountId, { task: r.task, expiresAt: r.expiresAt });
  }
  return out;
}
