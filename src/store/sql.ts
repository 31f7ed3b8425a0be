/**
 * The asynchronous SQL surface every store (history, journal, exceptions) is written against, served
 * by embedded SQLite (src/store/sqlite-db.ts) or a PostgreSQL server (src/store/postgres.ts). SQL uses
 * `?` placeholders; the PostgreSQL adapter numbers them. Operations of one connection run one at a
 * time, and a transaction holds the connection until it ends, so concurrent accounts of an apply never
 * write inside each other's transactions.
 */
import type { SqlValue } from './sqlite.js';

export type { SqlValue };
export type Backend = 'sqlite' | 'postgres';

export interface SqlDb {
  readonly backend: Backend;
  /** Where it is, printable: a file path, or the PostgreSQL URL without its password. */
  readonly location: string;
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /** Runs an INSERT into a table with an `id` column: the new id, or undefined when no row was inserted. */
  insert(sql: string, params?: readonly SqlValue[]): Promise<number | undefined>;
  /** One or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction (ROLLBACK when it throws); `tx` is the connection inside it. */
  transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T>;
  hasTable(name: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Runs tasks one after another, in the order they were queued. */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** A unique-constraint violation, as SQLite (either driver) or PostgreSQL reports it. */
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { code, errcode, message } = e as { code?: unknown; errcode?: unknown; message?: unknown };
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    errcode === 2067 ||
    (typeof message === 'string' && /UNIQUE constraint failed/i.test(message))
  );
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
