/**
 * Root-task exceptions in the store (SQLite or a shared PostgreSQL database): who opened which task in which account, why,
 * until when, and - for unlock tasks - the resource policy exactly as it was before it was removed.
 */
import { RootctlError } from '../core/errors.js';
import type { NewException, ExceptionStorePort } from '../core/exceptions/ports.js';
import { overdueByAccount, type ExceptionRecord, type ExceptionTask } from '../core/exceptions/rules.js';
import type { AccountAudit } from '../core/audit/model.js';
import type { OpenExceptionInfo } from '../core/plan/planner.js';
import type { AccountId } from '../core/model/account-id.js';
import type { Db } from './db.js';
import { isUniqueViolation } from './sql.js';
import { rejudge, rootTaskExceptionNotOverdue } from '../core/checks/audit/index.js';

function toRecord(r: Record<string, unknown>): ExceptionRecord {
  return {
    id: Number(r.id),
    accountId: r.account_id as AccountId,
    task: r.task as ExceptionTask,
    target: r.target as string,
    reason: r.reason as string,
    openerArn: r.opener_arn as string,
    openedAt: r.opened_at as string,
    expiresAt: r.expires_at as string,
    closedAt: (r.closed_at as string | null) ?? null,
    closedBy: (r.closed_by as string | null) ?? null,
    savedPolicy: (r.saved_policy as string | null) ?? null,
    openRunId: (r.open_run_id as string | null) ?? null,
    closeRunId: (r.close_run_id as string | null) ?? null,
    note: (r.note as string | null) ?? null,
  };
}

export class ExceptionStore implements ExceptionStorePort {
  constructor(private readonly db: Db) {}

  async insert(e: NewException): Promise<number> {
    let id: number | undefined;
    try {
      // One statement, so the "none open yet" check and the insert are atomic; the unique index on open
      // exceptions refuses the second of two processes inserting at the same moment on PostgreSQL.
      id = await this.db.insert(
        `INSERT INTO exceptions (account_id, task, target, reason, opener_arn, opened_at, expires_at, saved_policy, open_run_id)
         SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?
         WHERE NOT EXISTS (SELECT 1 FROM exceptions WHERE account_id = ? AND task = ? AND target = ? AND closed_at IS NULL)`,
        [
          e.accountId,
          e.task,
          e.target,
          e.reason,
          e.openerArn,
          e.openedAt,
          e.expiresAt,
          e.savedPolicy,
          e.openRunId,
          e.accountId,
          e.task,
          e.target,
        ],
      );
    } catch (err) {
      if (!isUniqueViolation(err))
        throw new RootctlError(
          'StoreError',
          `Could not record the exception: ${err instanceof Error ? err.message : String(err)}`,
          { cause: err },
        );
    }
    if (id === undefined) {
      const other = await this.findOpen(e.accountId, e.task, e.target);
      throw new RootctlError(
        'ExceptionAlreadyOpen',
        `A ${e.task} exception for ${e.accountId} (${e.target}) was opened by another process${other ? ` (${other.openerArn}, ${other.openedAt})` : ''} while this one was preparing; nothing was changed.`,
      );
    }
    return id;
  }

  async openFor(accountId: AccountId): Promise<ExceptionRecord[]> {
    return (
      await this.db.all('SELECT * FROM exceptions WHERE account_id = ? AND closed_at IS NULL ORDER BY id', [
        accountId,
      ])
    ).map(toRecord);
  }

  async findOpen(
    accountId: AccountId,
    task: ExceptionTask,
    target: string,
  ): Promise<ExceptionRecord | undefined> {
    const r = await this.db.get(
      'SELECT * FROM exceptions WHERE account_id = ? AND task = ? AND target = ? AND closed_at IS NULL ORDER BY id DESC LIMIT 1',
      [accountId, task, target],
    );
    return r && toRecord(r);
  }

  async close(
    ids: readonly number[],
    info: { closedAt: string; closedBy: string; runId?: string | undefined; note?: string | undefined },
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const id of ids)
        await tx.run(
          'UPDATE exceptions SET closed_at = ?, closed_by = ?, close_run_id = ?, note = COALESCE(?, note) WHERE id = ? AND closed_at IS NULL',
          [info.closedAt, info.closedBy, info.runId ?? null, info.note ?? null, id],
        );
    });
  }

  async list(options: { includeClosed?: boolean } = {}): Promise<ExceptionRecord[]> {
    const sql = options.includeClosed
      ? 'SELECT * FROM exceptions ORDER BY opened_at DESC, id DESC'
      : 'SELECT * FROM exceptions WHERE closed_at IS NULL ORDER BY expires_at, id';
    return (await this.db.all(sql)).map(toRecord);
  }
}

/** Every open (or overdue) exception, as the planner holds accounts out for them. */
export async function openExceptionInfos(db: Db): Promise<OpenExceptionInfo[]> {
  // Read without migrating: the database may be opened read-only (the library's planRemediation).
  return (await openExceptions(db)).map(
    ({ id, accountId, task, target, openerArn, openedAt, expiresAt }) => ({
      id,
      accountId,
      task,
      target,
      openerArn,
      openedAt,
      expiresAt,
    }),
  );
}

/**
 * For the audit: accounts with an open exception past its expiry, and the one that expired first.
 * Set `AccountAudit.overdueException` from it.
 */
export async function overdueExceptions(
  db: Db,
  now: Date = new Date(),
): Promise<Map<AccountId, { task: string; expiresAt: string }>> {
  return overdueByAccount(await openExceptions(db), now);
}

/**
 * The open exceptions, read without migrating anything, so it works on a database opened read-only
 * (an audit with --no-history); none when no exception was ever opened there.
 */
async function openExceptions(db: Db): Promise<ExceptionRecord[]> {
  if (!(await db.hasTable('exceptions'))) return [];
  return (await db.all('SELECT * FROM exceptions WHERE closed_at IS NULL')).map(toRecord);
}

/** Sets `overdueException` on every audited account that has an open exception past its expiry. */
export async function flagOverdueExceptions(
  db: Db,
  accounts: AccountAudit[],
  now: Date = new Date(),
): Promise<void> {
  const overdue = await overdueExceptions(db, now);
  for (const a of accounts) {
    const x = overdue.get(a.accountId);
    if (!x) continue;
    a.overdueException = x;
    rejudge(a, rootTaskExceptionNotOverdue);
  }
}
