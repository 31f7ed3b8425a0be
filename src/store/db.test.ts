import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
});
