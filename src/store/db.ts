/**
 * Opening the store: embedded SQLite (a file, the default) or a shared PostgreSQL database
 * (`postgres://...`). The only module that decides which; every store (history.ts, journal.ts,
 * exceptions.ts) works on the SqlDb it returns. Before anything is written the schema is checked as a
 * whole: a database from a newer rootctl is refused untouched, an older one is migrated.
 *
 * No silent new database: a location the user named (--db, ROOTCTL_DB) that does not exist is
 * refused with the way to create it (`rootctl db init --db ...`); only the default file
 * (~/.rootctl/rootctl.db) is created on first use.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RootctlError } from '../core/errors.js';
import { isPostgresUrl, openPostgresDb } from './postgres.js';
import { migrateAll, refuseNewer, schemaState } from './schema.js';
import type { SqlDb } from './sql.js';
import { SqliteDriverMissing } from './sqlite.js';
import { createPrivateFile, openSqliteDb } from './sqlite-db.js';

export type Db = SqlDb;

/** The built-in location, created on first use: ~/.rootctl/rootctl.db. */
export function builtinDbPath(): string {
  return join(homedir(), '.rootctl', 'rootctl.db');
}

/** `--db`, else ROOTCTL_DB, else ~/.rootctl/rootctl.db. */
export function defaultDbPath(): string {
  return process.env.ROOTCTL_DB || builtinDbPath();
}

export interface OpenDbOptions {
  /** Opens an existing database without creating or migrating anything (inspection, read-only reads). */
  readonly?: boolean;
  /** Creates the database (file) or its tables (PostgreSQL) when missing: `rootctl db init`. */
  create?: boolean;
  /** Writable, but no migration on opening (`rootctl db migrate` runs them itself and reports). */
  noMigrate?: boolean;
}

/** A SQLite location without its optional `sqlite:` prefix (`sqlite:/path/r.db`, `sqlite:r.db`). */
export function sqlitePath(location: string): string {
  return location.replace(/^sqlite:(\/\/(?=\/))?/i, '');
}

export function backendOf(location: string): 'sqlite' | 'postgres' {
  return isPostgresUrl(location) ? 'postgres' : 'sqlite';
}

function initHint(location: string): string {
  return `Check --db (or ROOTCTL_DB); to start a new database there: rootctl db init --db ${location}`;
}

/** Opens the store at `location` (default: defaultDbPath()), checked and migrated unless readonly. */
export async function openDb(location: string = defaultDbPath(), options: OpenDbOptions = {}): Promise<Db> {
  const db = isPostgresUrl(location) ? await openPostgresDb(location) : openSqliteFile(location, options);
  try {
    const state = await schemaState(db);
    refuseNewer(state, db.location);
    if (state.empty && !options.create && db.backend === 'postgres')
      throw new RootctlError(
        'NoDatabase',
        `The PostgreSQL database at ${db.location} has no rootctl tables.`,
        {
          hint: initHint(db.location),
        },
      );
    if (!options.readonly && !options.noMigrate) await migrateAll(db);
    return db;
  } catch (e) {
    await db.close().catch(() => undefined);
    if (e instanceof RootctlError) throw e;
    throw new RootctlError('StoreError', `Cannot use the database at ${db.location}: ${message(e)}`, {
      cause: e,
    });
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function openSqliteFile(location: string, options: OpenDbOptions): Db {
  const path = sqlitePath(location);
  if (path !== ':memory:' && !existsSync(path)) {
    if (!options.create && !(path === builtinDbPath() && !options.readonly))
      throw new RootctlError('NoDatabase', `There is no database at ${path}.`, { hint: initHint(path) });
  }
  try {
    if (path !== ':memory:' && !options.readonly) createPrivateFile(path);
    return openSqliteDb(path, { readonly: options.readonly === true });
  } catch (e) {
    throw new RootctlError(
      'StoreError',
      `Cannot open the database at ${path}: ${message(e)}`,
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
 * For read-only commands: the database at `location` if it exists. A location the user named (--db,
 * ROOTCTL_DB) that does not exist is refused, so a typo never reads as "no history"; the default file
 * not existing yet just means nothing has been recorded, so an empty in-memory store stands in.
 */
export async function openExistingDb(location: string | undefined): Promise<Db> {
  if (location === undefined && !process.env.ROOTCTL_DB && !existsSync(builtinDbPath()))
    return openDb(':memory:');
  return openDb(location ?? defaultDbPath());
}

/** Opens the existing database at `location` (as `openExistingDb`), hands it to `use`, and closes it. */
export async function withExistingDb<T>(
  location: string | undefined,
  use: (db: Db) => Promise<T>,
): Promise<T> {
  const db = await openExistingDb(location);
  try {
    return await use(db);
  } finally {
    await db.close();
  }
}

/** `rootctl db init`: creates the database (SQLite file, 0600) or its tables (PostgreSQL). */
export async function initDb(location: string): Promise<Db> {
  return openDb(location, { create: true });
}
