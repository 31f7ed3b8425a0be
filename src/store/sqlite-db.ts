/**
 * The SQLite backend of SqlDb: a file (created 0600 in a 0700 folder, as it maps every root session
 * of the organization) or ':memory:'. WAL mode and synchronous=FULL make every committed write
 * survive a killed process. The driver is synchronous; this adapter queues operations so that a
 * transaction of one task never takes in the statements of another.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { openSqlite, type SqliteConnection } from './sqlite.js';
import { Serial, type SqlDb, type SqlValue } from './sql.js';

/** Creates the database file (and its folder) readable by its owner only; an existing file is kept. */
export function createPrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

export function openSqliteDb(path: string, options: { readonly?: boolean } = {}): SqlDb {
  const conn = openSqlite(path, options);
  try {
    // busy_timeout first: the WAL switch itself may have to wait for another rootctl process.
    conn.exec('PRAGMA busy_timeout = 5000');
    if (!options.readonly) {
      conn.exec('PRAGMA journal_mode = WAL');
      conn.exec('PRAGMA synchronous = FULL');
    }
    conn.exec('PRAGMA foreign_keys = ON');
  } catch (e) {
    conn.close();
    throw e;
  }
  return sqliteAdapter(conn, path, new Serial(), false);
}

function sqliteAdapter(conn: SqliteConnection, location: string, serial: Serial, inTx: boolean): SqlDb {
  // Outside a transaction every operation waits its turn; inside one, the transaction already holds it.
  const queued = <T>(fn: () => T): Promise<T> =>
    inTx ? new Promise<T>((resolve) => resolve(fn())) : serial.run(async () => fn());
  const params = (p: readonly SqlValue[] | undefined) => (p ?? []) as SqlValue[];
  const self: SqlDb = {
    backend: 'sqlite',
    location,
    all: <T>(sql: string, p?: readonly SqlValue[]) =>
      queued(() => conn.prepare(sql).all(...params(p)) as T[]),
    get: <T>(sql: string, p?: readonly SqlValue[]) =>
      queued(() => conn.prepare(sql).get(...params(p)) as T | undefined),
    run: (sql, p) => queued(() => ({ changes: Number(conn.prepare(sql).run(...params(p)).changes) })),
    insert: (sql, p) =>
      queued(() => {
        const r = conn.prepare(sql).run(...params(p));
        return Number(r.changes) === 0 ? undefined : Number(r.lastInsertRowid);
      }),
    exec: (sql) => queued(() => conn.exec(sql)),
    async transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
      if (inTx) return fn(self);
      return serial.run(async () => {
        conn.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(sqliteAdapter(conn, location, serial, true));
          conn.exec('COMMIT');
          return result;
        } catch (e) {
          try {
            conn.exec('ROLLBACK');
          } catch {
            /* SQLite may have rolled back already; the first error is the one to report */
          }
          throw e;
        }
      });
    },
    hasTable: (name) =>
      queued(
        () =>
          conn.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !==
          undefined,
      ),
    close: () => serial.run(async () => conn.close()),
  };
  return self;
}
