/**
 * The SQLite driver behind the store: the small synchronous surface the stores use (prepare, run, get,
 * all, exec, transaction, close), served by Node's built-in `node:sqlite` where the running Node has it
 * (22.13 and later) and by better-sqlite3 elsewhere (Node 20).
 *
 * Why two: better-sqlite3 12 wraps its statements in node::ObjectWrap, and from Node 24.19 the
 * destructor of an ObjectWrap asserts that a JavaScript context is entered. A statement collected by
 * an idle garbage collection, or at exit, then aborts the whole process (exit 134, "Assertion failed:
 * (env) != nullptr" in RemoveEnvironmentCleanupHook). better-sqlite3 13 fixes that but needs Node 22
 * and crashes on Node 20. `node:sqlite` has no such destructor and needs no native build.
 * ROOTCTL_SQLITE_DRIVER=better-sqlite3 or node:sqlite forces one (for tests and bug reports).
 */
import { createRequire } from 'node:module';

export type SqlValue = string | number | bigint | null | Uint8Array;

export interface SqlStatement {
  run(...params: SqlValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  /** The first row as a plain object, or undefined. */
  get(...params: SqlValue[]): unknown;
  /** Every row as plain objects. */
  all(...params: SqlValue[]): unknown[];
}

export type SqliteDriverName = 'node:sqlite' | 'better-sqlite3';

export interface SqliteConnection {
  readonly driver: SqliteDriverName;
  prepare(sql: string): SqlStatement;
  exec(sql: string): void;
  /**
   * Wraps `fn` so that calling the result runs it in one transaction (BEGIN ... COMMIT, ROLLBACK when it
   * throws); nested calls use savepoints. The same shape as better-sqlite3's `db.transaction(fn)`.
   */
  transaction<T>(fn: () => T): () => T;
  close(): void;
}

export interface OpenOptions {
  readonly?: boolean;
}

const require = createRequire(import.meta.url);

/** The minimal surface of node:sqlite used here (typed locally: @types/node 20 does not declare it). */
interface NodeSqliteModule {
  DatabaseSync: new (
    path: string,
    options?: { readOnly?: boolean },
  ) => {
    prepare(sql: string): {
      run(...p: SqlValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
      get(...p: SqlValue[]): unknown;
      all(...p: SqlValue[]): unknown[];
    };
    exec(sql: string): void;
    close(): void;
  };
}

interface BetterSqliteDatabase {
  prepare(sql: string): {
    run(...p: SqlValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
    get(...p: SqlValue[]): unknown;
    all(...p: SqlValue[]): unknown[];
  };
  exec(sql: string): void;
  transaction<T>(fn: () => T): () => T;
  close(): void;
}
type BetterSqliteCtor = new (
  path: string,
  options?: { readonly?: boolean; fileMustExist?: boolean },
) => BetterSqliteDatabase;

let nodeSqlite: NodeSqliteModule | null | undefined;

/** node:sqlite if this Node has it unflagged, else null. Its one-time ExperimentalWarning is not shown. */
function loadNodeSqlite(): NodeSqliteModule | null {
  if (nodeSqlite !== undefined) return nodeSqlite;
  const emitWarning = process.emitWarning.bind(process) as (...a: unknown[]) => void;
  const original = Object.getOwnPropertyDescriptor(process, 'emitWarning');
  process.emitWarning = (warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/SQLite is an experimental feature/i.test(text)) return;
    emitWarning(warning, ...rest);
  };
  try {
    nodeSqlite = require('node:sqlite') as NodeSqliteModule;
  } catch {
    nodeSqlite = null;
  } finally {
    if (original) Object.defineProperty(process, 'emitWarning', original);
    else delete (process as { emitWarning?: unknown }).emitWarning; // it was inherited
  }
  return nodeSqlite;
}

/** No SQLite driver on this Node: the fix is the Node version or the native build, not --db. */
export class SqliteDriverMissing extends Error {
  override readonly name = 'SqliteDriverMissing';
}

function loadBetterSqlite(): BetterSqliteCtor {
  try {
    return require('better-sqlite3') as BetterSqliteCtor;
  } catch (e) {
    throw new SqliteDriverMissing(
      `this Node (${process.version}) has no node:sqlite and better-sqlite3 did not load (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); run npm install again, or use Node 22.13 or later`,
      { cause: e },
    );
  }
}

export function chooseDriver(): SqliteDriverName {
  const forced = process.env.ROOTCTL_SQLITE_DRIVER;
  if (forced === 'node:sqlite' || forced === 'better-sqlite3') return forced;
  if (forced) throw new Error(`ROOTCTL_SQLITE_DRIVER must be node:sqlite or better-sqlite3, not "${forced}"`);
  return loadNodeSqlite() ? 'node:sqlite' : 'better-sqlite3';
}

/** Opens (creating unless readonly) the database file at `path`, or ':memory:'. */
export function openSqlite(path: string, options: OpenOptions = {}): SqliteConnection {
  const driver = chooseDriver();
  if (driver === 'better-sqlite3') {
    const Better = loadBetterSqlite();
    const db = new Better(path, options.readonly ? { readonly: true, fileMustExist: true } : {});
    return {
      driver,
      prepare: (sql) => db.prepare(sql),
      exec: (sql) => db.exec(sql),
      transaction: (fn) => db.transaction(fn),
      close: () => db.close(),
    };
  }
  const mod = loadNodeSqlite();
  if (!mod)
    throw new SqliteDriverMissing(
      `this Node (${process.version}) has no node:sqlite; use Node 22.13 or later`,
    );
  const db = new mod.DatabaseSync(path, options.readonly ? { readOnly: true } : {});
  let depth = 0;
  /** A rollback after an error: SQLite may already have rolled back, and the first error is the one to report. */
  const quietly = (sql: string): void => {
    try {
      db.exec(sql);
    } catch {
      /* keep the original error */
    }
  };
  return {
    driver,
    prepare(sql) {
      const st = db.prepare(sql);
      return {
        run: (...p) => st.run(...p),
        // node:sqlite rows have a null prototype; callers and tests expect plain objects.
        get: (...p) => {
          const row = st.get(...p);
          return row === undefined ? undefined : { ...(row as object) };
        },
        all: (...p) => st.all(...p).map((row) => ({ ...(row as object) })),
      };
    },
    exec: (sql) => db.exec(sql),
    transaction<T>(fn: () => T): () => T {
      return () => {
        const savepoint = `rootctl_sp_${depth}`;
        db.exec(depth === 0 ? 'BEGIN' : `SAVEPOINT ${savepoint}`);
        depth++;
        let result: T;
        try {
          result = fn();
        } catch (e) {
          depth--;
          quietly(depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
          throw e;
        }
        depth--;
        try {
          db.exec(depth === 0 ? 'COMMIT' : `RELEASE ${savepoint}`);
        } catch (e) {
          if (depth === 0) quietly('ROLLBACK');
          throw e;
        }
        return result;
      };
    },
    close: () => db.close(),
  };
}
