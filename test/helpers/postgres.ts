/**
 * PostgreSQL for tests: the server test/global-postgres.ts started for the run, and a fresh database
 * of its own per call, so test files running in parallel never see each other's rows. The password
 * comes from PGPASSWORD, as an operator's would; the URLs carry none.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import pg from 'pg';

export function postgresServer(): string | null {
  const url = inject('postgresUrl');
  if (url) process.env.PGPASSWORD = inject('postgresPassword');
  return url;
}

/** Creates an empty database on the test server and returns its URL (no password in it). */
export async function freshPostgresDb(): Promise<string> {
  const admin = postgresServer();
  if (!admin) throw new Error('no PostgreSQL server in this run');
  const name = `rootctl_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The env a spawned CLI needs to reach the test server (the password, as PGPASSWORD). */
export function postgresEnv(): Record<string, string> {
  return { PGPASSWORD: inject('postgresPassword') };
}

export interface StoreBackend {
  name: 'sqlite' | 'postgres';
  /** False only where PostgreSQL is not installed and CI is not set (the global setup said so). */
  available: boolean;
  /** A new, empty location: a file path that does not exist yet, or a new PostgreSQL database. */
  fresh(): Promise<string>;
}

/** The store's contract tests run on each of these. */
export function storeBackends(): StoreBackend[] {
  return [
    {
      name: 'sqlite',
      available: true,
      fresh: async () => join(mkdtempSync(join(tmpdir(), 'rootctl-store-')), 'rootctl.db'),
    },
    { name: 'postgres', available: postgresServer() !== null, fresh: freshPostgresDb },
  ];
}
