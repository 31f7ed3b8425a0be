/**
 * One applying run per journal. `remediate --yes`, `remediate --resume --yes` and `exception enforce`
 * hold this lock while they change accounts, so a second operator (or a second terminal, or a scheduled
 * job) cannot start a run against the same journal, nor "resume" a run that another process is still
 * applying and repeat its calls.
 *
 * SQLite: an open write transaction on a small side file, `<database>.lock` - SQLite's own file lock,
 * which the operating system drops when the process ends, however it ends.
 * PostgreSQL: a session-level advisory lock taken on a connection of its own and held for the run; the
 * server drops it when that session ends, so a holder killed with `kill -9` on any machine frees it as
 * soon as its connection closes. Either way there is never a stale lock to clean up by hand.
 */
import type { Client } from 'pg';
import { RootctlError } from '../core/errors.js';
import { isPostgresUrl, connectPostgres, redactUrl } from './postgres.js';
import { openSqlite, type SqliteConnection } from './sqlite.js';
import { createPrivateFile } from './sqlite-db.js';
import { sqlitePath } from './db.js';

export interface ApplyLock {
  release(): Promise<void>;
}

/** The advisory lock key: one per PostgreSQL database, the same for every rootctl ('rootctl' as ASCII). */
export const APPLY_LOCK_KEY = 0x726f6f74_63746cn;

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

function busy(location: string, cause?: unknown): RootctlError {
  return new RootctlError(
    'JournalBusy',
    `Another rootctl process is applying a remediation with the journal at ${location}; nothing was changed.`,
    cause === undefined ? {} : { cause },
  );
}

/**
 * Takes the apply lock of the journal at `location`, or throws JournalBusy at once (no waiting: the
 * other run may take hours). An in-memory database has no other users and needs no lock.
 */
export async function lockForApply(location: string): Promise<ApplyLock> {
  if (isPostgresUrl(location)) return lockPostgres(location);
  const path = sqlitePath(location);
  if (path === ':memory:') return { release: async () => undefined };
  return lockSqlite(path);
}

function lockSqlite(dbPath: string): ApplyLock {
  const path = `${dbPath}.lock`;
  let conn: SqliteConnection | undefined;
  try {
    createPrivateFile(path);
    conn = openSqlite(path);
    conn.exec('PRAGMA busy_timeout = 0');
    conn.exec('BEGIN IMMEDIATE');
  } catch (e) {
    conn?.close();
    if (isBusy(e)) throw busy(dbPath, e);
    throw new RootctlError(
      'StoreError',
      `Cannot take the journal's lock at ${path}: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
  const held = conn;
  let released = false;
  return {
    async release() {
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

async function lockPostgres(url: string): Promise<ApplyLock> {
  const client: Client = await connectPostgres(url);
  let got: boolean;
  try {
    const r = await client.query('SELECT pg_try_advisory_lock($1) AS got', [APPLY_LOCK_KEY.toString()]);
    got = (r.rows[0] as { got: boolean }).got;
  } catch (e) {
    await client.end().catch(() => undefined);
    throw new RootctlError(
      'StoreError',
      `Cannot take the journal's lock at ${redactUrl(url)}: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
  if (!got) {
    await client.end().catch(() => undefined);
    throw busy(redactUrl(url));
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      // Ending the session releases the lock; the explicit unlock only makes it immediate.
      await client.query('SELECT pg_advisory_unlock($1)', [APPLY_LOCK_KEY.toString()]).catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}
