import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDb } from './db.js';

describe('store database', () => {
  it('applies each store migration once and keeps data across reopen', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rootctl-db-')), 'nested', 'r.db');
    const db = openDb(path);
    migrate(db, 'demo', ['CREATE TABLE t (x INTEGER)']);
    db.prepare('INSERT INTO t VALUES (1)').run();
    db.close();
    const again = openDb(path);
    migrate(again, 'demo', ['CREATE TABLE t (x INTEGER)', 'ALTER TABLE t ADD COLUMN y TEXT']);
    expect(again.prepare('SELECT x, y FROM t').all()).toEqual([{ x: 1, y: null }]);
    again.close();
  });

  it('reports an unopenable path as a StoreError', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rootctl-db-'));
    writeFileSync(join(dir, 'file'), 'not a directory');
    expect(() => openDb(join(dir, 'file', 'r.db'))).toThrow(expect.objectContaining({ code: 'StoreError' }));
  });

  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const hasNodeSqlite = major > 22 || (major === 22 && minor >= 13);
  afterEach(() => {
    delete process.env.ROOTCTL_SQLITE_DRIVER;
  });

  // Node 20 (CI runs it): forcing the built-in driver there is the "no driver at all" case.
  it.runIf(!hasNodeSqlite)('says how to get a SQLite driver, not to check --db, when there is none', () => {
    process.env.ROOTCTL_SQLITE_DRIVER = 'node:sqlite';
    const path = join(mkdtempSync(join(tmpdir(), 'rootctl-db-')), 'r.db');
    expect(() => openDb(path)).toThrow(
      expect.objectContaining({ code: 'StoreError', hint: expect.stringContaining('Node 22.13 or later') }),
    );
  });
});
