/**
 * Root-task exceptions in the shared SQLite database: who opened which task in which account, why,
 * until when, and - for unlock tasks - the resource policy exactly as it was before it was removed.
 */
import { RootctlError } from '../core/errors.js';
import type { NewException, ExceptionStorePort } from '../core/exceptions/ports.js';
import { overdueByAccount, type ExceptionRecord, type ExceptionTask } from '../core/exceptions/rules.js';
import type { AccountAudit } from '../core/audit/model.js';
import type { OpenExceptionInfo } from '../core/plan/planner.js';
import type { AccountId } from '../core/model/account-id.js';
import { migrate, type Db } from './db.js';

const MIGRATIONS = [
  `CREATE TABLE exceptions (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     account_id TEXT NOT NULL,
     task TEXT NOT NULL,
     target TEXT NOT NULL,
     reason TEXT NOT NULL,
     opener_arn TEXT NOT NULL,
     opened_at TEXT NOT NULL,
     expires_at TEXT NOT NULL,
     closed_at TEXT,
     closed_by TEXT,
     saved_policy TEXT,
     open_run_id TEXT,
     close_run_id TEXT,
     note TEXT
   );
   CREATE INDEX exceptions_account ON exceptions(account_id, closed_at);`,
];

function toRecord(r: Record<string, unknown>): ExceptionRecord {
  return {
    id: r.id as number,
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
  constructor(private readonly db: Db) {
    migrate(db, 'exceptions', MIGRATIONS);
  }

  insert(e: NewException): number {
    let r: { changes: number | bigint; lastInsertRowid: number | bigint };
    try {
      // One statement, so the "none open yet" check and the insert are atomic: of two processes opening
      // the same exception at once, the second is refused here, before it changes anything.
      r = this.db
        .prepare(
          `INSERT INTO exceptions (account_id, task, target, reason, opener_arn, opened_at, expires_at, saved_policy, open_run_id)
           SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?
           WHERE NOT EXISTS (SELECT 1 FROM exceptions WHERE account_id = ? AND task = ? AND target = ? AND closed_at IS NULL)`,
        )
        .run(
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
        );
    } catch (err) {
      throw new RootctlError(
        'StoreError',
        `Could not record the exception: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    }
    if (Number(r.changes) === 0) {
      const other = this.findOpen(e.accountId, e.task, e.target);
      throw new RootctlError(
        'ExceptionAlreadyOpen',
        `A ${e.task} exception for ${e.accountId} (${e.target}) was opened by another process${other ? ` (${other.openerArn}, ${other.openedAt})` : ''} while this one was preparing; nothing was changed.`,
      );
    }
    return Number(r.lastInsertRowid);
  }

  openFor(accountId: AccountId): ExceptionRecord[] {
    return (
      this.db
        .prepare('SELECT * FROM exceptions WHERE account_id = ? AND closed_at IS NULL ORDER BY id')
        .all(accountId) as Record<string, unknown>[]
    ).map(toRecord);
  }

  findOpen(accountId: AccountId, task: ExceptionTask, target: string): ExceptionRecord | undefined {
    const r = this.db
      .prepare(
        'SELECT * FROM exceptions WHERE account_id = ? AND task = ? AND target = ? AND closed_at IS NULL ORDER BY id DESC LIMIT 1',
      )
      .get(accountId, task, target) as Record<string, unknown> | undefined;
    return r && toRecord(r);
  }

  close(
    ids: readonly number[],
    info: { closedAt: string; closedBy: string; runId?: string | undefined; note?: string | undefined },
  ): void {
    const stmt = this.db.prepare(
      'UPDATE exceptions SET closed_at = ?, closed_by = ?, close_run_id = ?, note = COALESCE(?, note) WHERE id = ? AND closed_at IS NULL',
    );
    this.db.transaction(() => {
      for (const id of ids) stmt.run(info.closedAt, info.closedBy, info.runId ?? null, info.note ?? null, id);
    })();
  }

  list(options: { includeClosed?: boolean } = {}): ExceptionRecord[] {
    const sql = options.includeClosed
      ? 'SELECT * FROM exceptions ORDER BY opened_at DESC, id DESC'
      : 'SELECT * FROM exceptions WHERE closed_at IS NULL ORDER BY expires_at, id';
    return (this.db.prepare(sql).all() as Record<string, unknown>[]).map(toRecord);
  }
}

/** Every open (or overdue) exception, as the planner holds accounts out for them. */
export function openExceptionInfos(db: Db): OpenExceptionInfo[] {
  // Read without migrating: the database may be opened read-only (the library's planRemediation).
  return openExceptions(db).map(({ id, accountId, task, target, openerArn, openedAt, expiresAt }) => ({
    id,
    accountId,
    task,
    target,
    openerArn,
    openedAt,
    expiresAt,
  }));
}

/**
 * For the audit: accounts with an open exception past its expiry, and the one that expired first.
 * Set `AccountAudit.overdueException` from it.
 */
export function overdueExceptions(
  db: Db,
  now: Date = new Date(),
): Map<AccountId, { task: string; expiresAt: string }> {
  return overdueByAccount(openExceptions(db), now);
}

/**
 * The open exceptions, read without migrating anything, so it works on a database opened read-only
 * (an audit with --no-history); none when no exception was ever opened there.
 */
function openExceptions(db: Db): ExceptionRecord[] {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'exceptions'").get();
  if (table === undefined) return [];
  return (
    db.prepare('SELECT * FROM exceptions WHERE closed_at IS NULL').all() as Record<string, unknown>[]
  ).map(toRecord);
}

/** Sets `overdueException` on every audited account that has an open exception past its expiry. */
export function flagOverdueExceptions(db: Db, accounts: AccountAudit[], now: Date = new Date()): void {
  const overdue = overdueExceptions(db, now);
  for (const a of accounts) {
    const x = overdue.get(a.accountId);
    if (x) a.overdueException = x;
  }
}
