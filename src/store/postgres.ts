/**
 * The PostgreSQL backend of SqlDb, on the `pg` driver (loaded only when a postgres:// URL is used).
 * Connection details come from the URL and the usual PG* environment variables; the password from
 * PGPASSWORD or ~/.pgpass (the driver reads both), never from a command-line flag. One connection per
 * store, its operations queued like SQLite's, so a transaction holds the connection until it ends.
 */
import type * as PgTypes from 'pg';
import type { Client, ClientConfig } from 'pg';
import { RootctlError } from '../core/errors.js';
import { Serial, messageOf, type SqlDb, type SqlValue } from './sql.js';

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** The URL as it may be printed: any password replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
}

/** True when the URL itself carries a password (it would land in shell history). */
export function urlHasPassword(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    return /\/\/[^:/@]*:[^@]+@/.test(url);
  }
}

/** `?` placeholders numbered for PostgreSQL: `a = ? AND b = ?` -> `a = $1 AND b = $2`. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

type PgModule = typeof PgTypes;

async function loadPg(): Promise<PgModule> {
  const mod = (await import('pg')) as PgModule & { default?: PgModule };
  return mod.default ?? mod;
}

/** Connects one session; refusals say what is wrong with the URL or server, never print a password. */
export async function connectPostgres(url: string): Promise<Client> {
  const pg = await loadPg();
  const config: ClientConfig = {
    connectionString: url,
    application_name: 'rootctl',
    connectionTimeoutMillis: 15_000,
    // COUNT(*) and BIGINT come back as numbers: no count here comes near 2^53.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as never,
    },
  };
  const client = new pg.Client(config);
  // An error after connecting (the server went away) surfaces on the next query, not as a crash.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw connectError(url, e);
  }
  return client;
}

function connectError(url: string, e: unknown): RootctlError {
  const where = redactUrl(url);
  const code = (e as { code?: unknown }).code;
  if (code === '3D000')
    return new RootctlError('NoDatabase', `There is no PostgreSQL database at ${where}: ${messageOf(e)}.`, {
      cause: e,
      hint: `Create it (\`createdb <name>\`), then its tables with \`rootctl db init --db ${where}\`.`,
    });
  if (code === '28P01' || code === '28000')
    return new RootctlError('StoreError', `PostgreSQL refused the login at ${where}: ${messageOf(e)}.`, {
      cause: e,
      hint: 'Put the password in PGPASSWORD or ~/.pgpass (never in --db), and check the user in the URL or PGUSER.',
    });
  return new RootctlError('StoreError', `Cannot connect to PostgreSQL at ${where}: ${messageOf(e)}.`, {
    cause: e,
    hint: 'Check the host and port in --db (or ROOTCTL_DB, PGHOST, PGPORT) and that the server is running.',
  });
}

export async function openPostgresDb(url: string): Promise<SqlDb> {
  const client = await connectPostgres(url);
  return postgresAdapter(client, redactUrl(url), new Serial(), false);
}

function postgresAdapter(client: Client, location: string, serial: Serial, inTx: boolean): SqlDb {
  const queued = <T>(fn: () => Promise<T>): Promise<T> => (inTx ? fn() : serial.run(fn));
  const query = (sql: string, p?: readonly SqlValue[]) =>
    client.query(numberPlaceholders(sql), (p ?? []) as unknown[]);
  const self: SqlDb = {
    backend: 'postgres',
    location,
    all: <T>(sql: string, p?: readonly SqlValue[]) => queued(async () => (await query(sql, p)).rows as T[]),
    get: <T>(sql: string, p?: readonly SqlValue[]) =>
      queued(async () => (await query(sql, p)).rows[0] as T | undefined),
    run: (sql, p) => queued(async () => ({ changes: (await query(sql, p)).rowCount ?? 0 })),
    insert: (sql, p) =>
      queued(async () => {
        const r = await query(`${sql} RETURNING id`, p);
        const row = r.rows[0] as { id: number | string } | undefined;
        return row === undefined ? undefined : Number(row.id);
      }),
    exec: (sql) => queued(async () => void (await client.query(sql))),
    async transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
      if (inTx) return fn(self);
      return serial.run(async () => {
        await client.query('BEGIN');
        try {
          const result = await fn(postgresAdapter(client, location, serial, true));
          await client.query('COMMIT');
          return result;
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw e;
        }
      });
    },
    hasTable: (name) =>
      queued(
        async () =>
          (await query('SELECT to_regclass(?) IS NOT NULL AS found', [name])).rows[0].found === true,
      ),
    close: () => serial.run(() => client.end()),
  };
  return self;
}
