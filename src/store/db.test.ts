import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockForApply } from './apply-lock.js';
import { builtinDbPath, initDb, openDb, openExistingDb, sqlitePath } from './db.js';
import { numberPlaceholders, redactUrl, urlHasPassword } from './postgres.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'rootctl-db-'));
const mode = (path: string) => statSync(path).mode & 0o777;

describe('the SQLite database', () => {
  const saved = { HOME: process.env.HOME, ROOTCTL_DB: process.env.ROOTCTL_DB };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    delete process.env.ROOTCTL_SQLITE_DRIVER;
  });

  it('is created by db init, in a new folder, readable by its owner only (and its WAL and lock files)', async () => {
    const dir = tempDir();
    const path = join(dir, 'nested', 'r.db');
    const db = await initDb(path);
    await db.run(
      'INSERT INTO exceptions (account_id, task, target, reason, opener_arn, opened_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ['1', 't', 'x', 'r', 'a', 'o', 'e'],
    );
    const lock = await lockForApply(path);
    expect(mode(path)).toBe(0o600);
    expect(mode(`${path}-wal`)).toBe(0o600);
    expect(mode(`${path}.lock`)).toBe(0o600);
    expect(mode(join(dir, 'nested'))).toBe(0o700);
    await lock.release();
    await db.close();
    // Reopened, nothing is migrated twice and the row is there.
    const again = await openDb(path);
    expect(await again.all('SELECT account_id FROM exceptions')).toEqual([{ account_id: '1' }]);
    await again.close();
  });

  it('refuses a --db or ROOTCTL_DB that does not exist, and creates only the default file on first use', async () => {
    const dir = tempDir();
    const typo = join(dir, 'typo', 'r.db');
    await expect(openDb(typo)).rejects.toMatchObject({
      code: 'NoDatabase',
      message: expect.stringContaining(typo),
      hint: expect.stringContaining(`rootctl db init --db ${typo}`),
    });
    process.env.ROOTCTL_DB = typo;
    await expect(openDb()).rejects.toMatchObject({ code: 'NoDatabase' });
    await expect(openExistingDb(undefined)).rejects.toMatchObject({ code: 'NoDatabase' });
    delete process.env.ROOTCTL_DB;
    process.env.HOME = dir;
    // Read-only commands on a fresh machine: nothing recorded yet, nothing created.
    const empty = await openExistingDb(undefined);
    expect(empty.location).toBe(':memory:');
    await empty.close();
    expect(() => statSync(builtinDbPath())).toThrow();
    const db = await openDb();
    expect(db.location).toBe(join(dir, '.rootctl', 'rootctl.db'));
    expect(mode(builtinDbPath())).toBe(0o600);
    await db.close();
    expect(() => statSync(typo)).toThrow();
  });

  it('reports an unopenable path as a StoreError', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'not a directory');
    await expect(initDb(join(dir, 'file', 'r.db'))).rejects.toMatchObject({ code: 'StoreError' });
  });

  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const hasNodeSqlite = major > 22 || (major === 22 && minor >= 13);
  // Node 20 (CI runs it): forcing the built-in driver there is the "no driver at all" case.
  it.runIf(!hasNodeSqlite)(
    'says how to get a SQLite driver, not to check --db, when there is none',
    async () => {
      process.env.ROOTCTL_SQLITE_DRIVER = 'node:sqlite';
      await expect(initDb(join(tempDir(), 'r.db'))).rejects.toMatchObject({
        code: 'StoreError',
        hint: expect.stringContaining('Node 22.13 or later'),
      });
    },
  );
});

describe('store locations', () => {
  it('tells SQLite paths from PostgreSQL URLs, never prints a password, numbers placeholders', () => {
    expect(sqlitePath('sqlite:/tmp/x.db')).toBe('/tmp/x.db');
    expect(sqlitePath('sqlite:rel.db')).toBe('rel.db');
    expect(sqlitePath('/tmp/y.db')).toBe('/tmp/y.db');
    expect(redactUrl('postgres://u:secret@h:5/db')).toBe('postgres://u:***@h:5/db');
    expect(urlHasPassword('postgres://u:secret@h/db')).toBe(true);
    expect(urlHasPassword('postgres://u@h/db')).toBe(false);
    expect(numberPlaceholders('a = ? AND b IN (?, ?)')).toBe('a = $1 AND b IN ($2, $3)');
  });
});
