/**
 * The local SQLite database (history, journal, exceptions). The only module that opens it; each store
 * (history.ts, journal.ts, exceptions.ts) creates its own tables with `migrate`. WAL mode and
 * synchronous=FULL make every committed write survive a killed process.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { RootctlError } from '../core/errors.js';
import { SqliteDriverMissing, openSqlite, type OpenOptions, type SqliteConnection } from './sqlite.js';

export type Db = SqliteConnection;

/** `--db`, else ROOTCTL_DB, else ~/.rootctl/rootctl.db. */
export function defaultDbPath(): string {
  return process.env.ROOTCTL_DB || join(homedir(), '.rootctl', 'rootctl.db');
}

/** `readonly` opens an existing file without creating or migrating anything (inspection, tests). */
export function openDb(path: string = defaultDbPath(), options: OpenOptions = {}): Db {
  try {
    if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const db = openSqlite(path, options);
    // busy_timeout first: the WAL switch itself may have to wait for another rootctl process.
    db.exec('PRAGMA busy_timeout = 5000');
    if (!options.readonly) {
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = FULL');
    }
    db.exec('PRAGMA foreign_keys = ON');
    return db;
  } catch (e) {
    throw new RootctlError(
      'StoreError',
      `Cannot open the database at ${path}: ${e instanceof Error ? e.message : String(e)}`,
      e instanceof SqliteDriverMissing
        ? {
            cause: e,
            hint: 'Use Node 22.13 or later (SQLite is built in), or reinstall so npm builds better-sqlite3 (it needs python3, make and a C++ compiler where no prebuilt binary fits).',
          }
        : { cause: e },
    );
  }
}

/**
 * For read-only commands (history, journal): opens the database only if it exists, so a mistyped
 * --db is refused instead of creating a directory and an empty database.
 */
/**
 * For read-only commands: the database at `path` if it exists. A path the user named (--db,
 * ROOTCTL_DB) that does not exist is refused, so a typo never reads as "no history"; the default path
 * not existing yet just means nothing has been recorded, so an empty in-memory store stands in.
 */
export function openExistingDb(path: string | undefined): Db {
  if (path === undefined) {
    const fallback = defaultDbPath();
    return !process.env.ROOTCTL_DB && !existsSync(fallback) ? openDb(':memory:') : openExistingDb(fallback);
  }
  if (path !== ':memory:' && !existsSync(path))
    throw new RootctlError('StoreError', `There is no database at ${path}.`, {
      hint: 'Check --db (or ROOTCTL_DB); the database is created by the first `rootctl audit`.',
    });
  return openDb(path);
}

/**
 * Applies numbered migrations for one store, once each, recorded in `schema_migrations`.
 * `name` keeps stores independent: the journal's migration 1 is not the history's.
 */
export function migrate(db: Db, name: string, migrations: string[]): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (store TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (store, version))',
  );
  const applied = new Set(
    (
      db.prepare('SELECT version FROM schema_migrations WHERE store = ?').all(name) as { version: number }[]
    ).map((r) => r.version),
  );
  migrations.forEach((sql, i) => {
    const version = i + 1;
    if (applied.has(version)) return;
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (store, version) VALUES (?, ?)').run(name, version);
    })();
  });
}
