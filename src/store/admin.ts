/**
 * The database itself as a use case: `rootctl db init | status | migrate | copy`. Library functions
 * with typed results; the CLI (src/cli/commands/db.ts) only renders them.
 */
import { RootctlError } from '../core/errors.js';
import { exceptionState } from '../core/exceptions/rules.js';
import { openDb, type Db } from './db.js';
import { LATEST, TABLES, migrateAll, refuseNewer, schemaState, type StoreName } from './schema.js';
import type { Backend, SqlValue } from './sql.js';

/** Version of the `rootctl db status --output json` document. */
export const DB_STATUS_SCHEMA_VERSION = 1;

export interface DbStatus {
  schemaVersion: typeof DB_STATUS_SCHEMA_VERSION;
  kind: 'rootctl.db-status';
  backend: Backend;
  /** File path, or the PostgreSQL URL without password. */
  location: string;
  /** Each store's schema version in this database, and the version this rootctl writes. */
  schema: Record<StoreName, { version: number; latest: number }>;
  /** True when `rootctl db migrate` has nothing to do. */
  upToDate: boolean;
  counts: {
    audits: number;
    journalRuns: number;
    journalSteps: number;
    exceptionsOpen: number;
    exceptionsOverdue: number;
    exceptionsClosed: number;
  };
}

async function count(db: Db, table: string, where = ''): Promise<number> {
  if (!(await db.hasTable(table))) return 0;
  const r = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} ${where}`);
  return Number(r?.n ?? 0);
}

/** Backend, schema versions and row counts; reads only (an older schema is reported, not migrated). */
export async function dbStatus(location: string, now: Date = new Date()): Promise<DbStatus> {
  const db = await openDb(location, { readonly: true });
  try {
    const state = await schemaState(db);
    const schema = Object.fromEntries(
      (Object.keys(LATEST) as StoreName[]).map((s) => [s, { version: state.versions[s], latest: LATEST[s] }]),
    ) as DbStatus['schema'];
    const open = (await db.hasTable('exceptions'))
      ? await db.all<{ expires_at: string }>('SELECT expires_at FROM exceptions WHERE closed_at IS NULL')
      : [];
    const overdue = open.filter(
      (e) => exceptionState({ closedAt: null, expiresAt: e.expires_at }, now) === 'overdue',
    ).length;
    return {
      schemaVersion: DB_STATUS_SCHEMA_VERSION,
      kind: 'rootctl.db-status',
      backend: db.backend,
      location: db.location,
      schema,
      upToDate: Object.values(schema).every((s) => s.version === s.latest),
      counts: {
        audits: await count(db, 'audits'),
        journalRuns: await count(db, 'journal_runs'),
        journalSteps: await count(db, 'journal_steps'),
        exceptionsOpen: open.length - overdue,
        exceptionsOverdue: overdue,
        exceptionsClosed: await count(db, 'exceptions', 'WHERE closed_at IS NOT NULL'),
      },
    };
  } finally {
    await db.close();
  }
}

/** `rootctl db init`: a new database (SQLite file 0600, or the tables of an existing PostgreSQL database). */
export async function initDatabase(location: string): Promise<DbStatus> {
  await (await openDb(location, { create: true })).close();
  return dbStatus(location);
}

/** `rootctl db migrate`: applies what this rootctl adds to an older database; returns how many migrations ran. */
export async function migrateDatabase(location: string): Promise<{ applied: number; status: DbStatus }> {
  const db = await openDb(location, { noMigrate: true });
  let applied: number;
  try {
    applied = await migrateAll(db);
  } finally {
    await db.close();
  }
  return { applied, status: await dbStatus(location) };
}

/** Rows copied per table by `db copy`. */
export type CopyCounts = Record<(typeof TABLES)[number], number>;

const ORDER: Record<(typeof TABLES)[number], (b: Backend) => string> = {
  audits: () => 'id',
  audit_accounts: () => 'audit_id, account_id',
  // Same-instant runs keep their order: SQLite's rowid, PostgreSQL's seq.
  journal_runs: (b) => (b === 'sqlite' ? 'rowid' : 'seq'),
  journal_plan: () => 'run_id',
  journal_steps: () => 'id',
  exceptions: () => 'id',
};

/**
 * `rootctl db copy --from ... --to ...`: every audit, run, step and exception of one database into
 * another that has none yet (ids kept, so `rootctl journal <id>` and `history --show <id>` still
 * work), in one transaction on the target. The source is only read; it must be at this rootctl's
 * schema (`rootctl db migrate --db <from>` first).
 */
export async function copyDatabase(from: string, to: string): Promise<CopyCounts> {
  const source = await openDb(from, { readonly: true });
  try {
    const state = await schemaState(source);
    refuseNewer(state, source.location);
    const behind = (Object.keys(LATEST) as StoreName[]).filter((s) => state.versions[s] !== LATEST[s]);
    if (behind.length)
      throw new RootctlError(
        'InvalidInput',
        `The database at ${source.location} is at an older schema (${behind.join(', ')}).`,
        {
          hint: `Upgrade it first: rootctl db migrate --db ${source.location}`,
        },
      );
    const target = await openDb(to, { create: true });
    try {
      return await copyRows(source, target);
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

async function copyRows(source: Db, target: Db): Promise<CopyCounts> {
  for (const table of TABLES)
    if ((await count(target, table)) > 0)
      throw new RootctlError(
        'InvalidInput',
        `The database at ${target.location} already has rows in ${table}; nothing was copied.`,
        {
          hint: 'Copy into a new, empty database (rootctl db init --db <url>), so no history is mixed or overwritten.',
        },
      );
  const counts = {} as CopyCounts;
  await target.transaction(async (tx) => {
    for (const table of TABLES) {
      const rows = await source.all(`SELECT * FROM ${table} ORDER BY ${ORDER[table](source.backend)}`);
      counts[table] = rows.length;
      await insertRows(tx, table, rows);
    }
    if (target.backend === 'postgres')
      for (const table of ['audits', 'journal_steps', 'exceptions'])
        await tx.get(
          `SELECT setval(pg_get_serial_sequence('${table}', 'id'), COALESCE((SELECT MAX(id) FROM ${table}), 0) + 1, false)`,
        );
  });
  return counts;
}

const BATCH = 50;

async function insertRows(tx: Db, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return;
  // `seq` (PostgreSQL's run order) is made again by the target, in the order the rows arrive.
  const columns = Object.keys(rows[0]!).filter((c) => c !== 'seq' && c !== 'rowid');
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const values = batch.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
    const params = batch.flatMap((r) => columns.map((c) => (r[c] ?? null) as SqlValue));
    await tx.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`, params);
  }
}
