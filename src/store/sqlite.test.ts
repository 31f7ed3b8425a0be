import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseDriver, openSqlite, type SqliteDriverName } from './sqlite.js';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const hasNodeSqlite = major > 22 || (major === 22 && minor >= 13);
/** better-sqlite3 12 aborts on Node 24 when a statement is garbage-collected (the reason for sqlite.ts). */
const betterSqliteSafe = major < 24;

const drivers: SqliteDriverName[] = [
  ...(hasNodeSqlite ? (['node:sqlite'] as const) : []),
  ...(betterSqliteSafe ? (['better-sqlite3'] as const) : []),
];

afterEach(() => {
  delete process.env.ROOTCTL_SQLITE_DRIVER;
});

describe('sqlite driver choice', () => {
  it('uses node:sqlite where this Node has it, better-sqlite3 otherwise', () => {
    expect(chooseDriver()).toBe(hasNodeSqlite ? 'node:sqlite' : 'better-sqlite3');
  });

  it('rejects an unknown forced driver by name', () => {
    process.env.ROOTCTL_SQLITE_DRIVER = 'postgres';
    expect(() => chooseDriver()).toThrow(/ROOTCTL_SQLITE_DRIVER must be node:sqlite or better-sqlite3/);
  });

  it('a process that prepares statements while it allocates and waits ends with code 0', () => {
    // The Node 24 abort came from statements collected by a garbage collection that ran outside
    // JavaScript (an allocation-driven or idle one). Allocate and wait between writes, in a child
    // process (of the build `npm test` makes first), as the CLI does. With better-sqlite3 forced on
    // Node 24 this exits 134.
    const db = join(mkdtempSync(join(tmpdir(), 'rootctl-sqlite-')), 'gc.db');
    const script = `
      const { openSqlite } = await import(${JSON.stringify(new URL('../../dist/store/sqlite.js', import.meta.url).href)});
      const db = openSqlite(${JSON.stringify(db)});
      db.exec('CREATE TABLE t (x INTEGER, s TEXT)');
      let junk = [];
      for (let round = 0; round < 200; round++) {
        db.exec('BEGIN');
        for (let i = 0; i < 50; i++) db.prepare('INSERT INTO t VALUES (?, ?)').run(i, 'x'.repeat(100));
        db.exec('COMMIT');
        for (let i = 0; i < 20000; i++) junk.push({ a: i, b: 'y' + i });
        if (junk.length > 200000) junk = [];
        await new Promise((r) => setTimeout(r, 1));
      }
      console.log(db.prepare('SELECT count(*) AS n FROM t').get().n);
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).not.toContain('Assertion failed');
    expect({ status: r.status, out: r.stdout.trim() }).toEqual({ status: 0, out: '10000' });
  });
});

describe.each(drivers)('sqlite connection (%s)', (driver) => {
  const open = () => {
    process.env.ROOTCTL_SQLITE_DRIVER = driver;
    const db = openSqlite(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
    return db;
  };
  const names = (db: ReturnType<typeof open>) =>
    (db.prepare('SELECT name FROM t ORDER BY id').all() as { name: string }[]).map((r) => r.name);

  it('runs, gets and lists plain rows', () => {
    const db = open();
    expect(db.driver).toBe(driver);
    const r = db.prepare('INSERT INTO t (name) VALUES (?)').run('a');
    expect(Number(r.lastInsertRowid)).toBe(1);
    expect(Number(r.changes)).toBe(1);
    const row = db.prepare('SELECT * FROM t WHERE id = ?').get(1);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(row).toEqual({ id: 1, name: 'a' });
    expect(db.prepare('SELECT * FROM t WHERE id = ?').get(2)).toBeUndefined();
    db.close();
  });

  it('commits a transaction, rolls back one that throws, and nests with savepoints', () => {
    const db = open();
    const insert = db.prepare('INSERT INTO t (name) VALUES (?)');
    db.transaction(() => {
      insert.run('kept');
    })();
    expect(() =>
      db.transaction(() => {
        insert.run('lost');
        throw new Error('boom');
      })(),
    ).toThrow('boom');
    db.transaction(() => {
      insert.run('outer');
      try {
        db.transaction(() => {
          insert.run('inner-lost');
          throw new Error('inner');
        })();
      } catch {
        /* the outer transaction goes on */
      }
      insert.run('outer-2');
    })();
    expect(names(db)).toEqual(['kept', 'outer', 'outer-2']);
    db.close();
  });

  it('opens an existing file read-only and refuses to create one', () => {
    process.env.ROOTCTL_SQLITE_DRIVER = driver;
    const path = join(mkdtempSync(join(tmpdir(), 'rootctl-sqlite-')), 'r.db');
    expect(() => openSqlite(path, { readonly: true })).toThrow();
    const w = openSqlite(path);
    w.exec('CREATE TABLE t (x INTEGER)');
    w.close();
    const r = openSqlite(path, { readonly: true });
    expect(r.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
    expect(() => r.exec('INSERT INTO t VALUES (1)')).toThrow();
    r.close();
  });
});
