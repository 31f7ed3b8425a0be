/**
 * One applying run per journal. `remediate --yes` and `remediate --resume --yes` hold this lock while
 * they change accounts, so a second operator (or a second terminal) cannot start a run against the same
 * journal, nor "resume" a run that another process is still applying and repeat its calls.
 *
 * The lock is an open write transaction on a small side file, `<database>.lock`: SQLite's own file lock,
 * which the operating system drops when the process ends, however it ends. A run killed with `kill -9`
 * therefore never leaves a stale lock behind, and there is nothing to clean up by hand.
 */
import { RootctlError } from '../core/errors.js';
import { openSqlite, type SqliteConnection } from './sqlite.js';

export interface ApplyLock {
  release(): void;
}

/** SQLITE_BUSY, as either driver reports it. */
function isBusy(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { code, errcode, message } = e as { code?: unknown; errcode?: unknown; message?: unknown };
  return (
    code === 'SQLITE_BUSY' ||
    errcode === 5 ||
    (typeof message === 'string' && /database is locked/i.test(message))
  );
}

/**
 * Takes the apply lock of the journal at `dbPath`, or throws JournalBusy at once (no waiting: the other
 * run may take hours). An in-memory database has no other users and needs no lock.
 */
export function lockForApply(dbPath: string): ApplyLock {
  if (dbPath === ':memory:') return { release() {} };
  const path = `${dbPath}.lock`;
  let conn: SqliteConnection | undefined;
  try {
    conn = openSqlite(path);
    conn.exec('PRAGMA busy_timeout = 0');
    conn.exec('BEGIN IMMEDIATE');
  } catch (e) {
    conn?.close();
    if (isBusy(e))
      throw new RootctlError(
        'JournalBusy',
        `Another rootctl process is applying a remediation with the journal at ${dbPath}; nothing was changed.`,
        { cause: e },
      );
    throw new RootctlError(
      'StoreError',
      `Cannot take the journal's lock at ${path}: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
  const held = conn;
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      try {
        held.exec('ROLLBACK');
      } finally {
        held.close();
      }
    },
  };
}
