import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isRootctlError } from '../core/errors.js';
import { lockForApply, type ApplyLock } from './apply-lock.js';

const held: ApplyLock[] = [];
afterEach(() => {
  for (const l of held.splice(0)) l.release();
});

function dbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'rootctl-lock-')), 'rootctl.db');
}

function take(path: string): ApplyLock {
  const l = lockForApply(path);
  held.push(l);
  return l;
}

function refusal(path: string): unknown {
  try {
    take(path);
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('the apply lock', () => {
  it('refuses a second holder at once with JournalBusy (exit 4), and is free again after release', () => {
    const path = dbPath();
    const first = take(path);
    const e = refusal(path);
    expect(isRootctlError(e) && { code: e.code, exit: e.exitCode }).toEqual({ code: 'JournalBusy', exit: 4 });
    expect((e as Error).message).toContain(path);
    first.release();
    first.release(); // twice is harmless
    expect(() => take(path)).not.toThrow();
  });

  it('is per journal: another database has its own', () => {
    take(dbPath());
    expect(() => take(dbPath())).not.toThrow();
  });

  it('is dropped by the operating system when the holder is killed with SIGKILL', async () => {
    const path = dbPath();
    const lockModule = new URL('../../dist/store/apply-lock.js', import.meta.url).href;
    const script = `
      const { lockForApply } = await import(${JSON.stringify(lockModule)});
      globalThis.held = lockForApply(${JSON.stringify(path)});
      console.log('locked');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((ok) => child.on('close', (_c, s) => ok(s)));
    await new Promise<void>((ok, fail) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && ok());
      void exited.then(() => fail(new Error('the holder exited before it took the lock')));
    });
    const busy = refusal(path);
    expect(isRootctlError(busy) ? busy.code : busy).toBe('JournalBusy');
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(() => take(path)).not.toThrow();
  });

  it('needs no lock for an in-memory database', () => {
    take(':memory:');
    expect(() => take(':memory:')).not.toThrow();
  });
});
