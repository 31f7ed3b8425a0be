import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { postgresEnv, storeBackends } from '../../test/helpers/postgres.js';
import { isRootctlError } from '../core/errors.js';
import { lockForApply, type ApplyLock } from './apply-lock.js';
import { initDb } from './db.js';

const held: ApplyLock[] = [];
afterEach(async () => {
  for (const l of held.splice(0)) await l.release();
});

async function take(location: string): Promise<ApplyLock> {
  const l = await lockForApply(location);
  held.push(l);
  return l;
}

async function refusal(location: string): Promise<unknown> {
  try {
    await take(location);
  } catch (e) {
    return e;
  }
  return undefined;
}

describe.each(storeBackends())('the apply lock on $name', (backend) => {
  const run = it.runIf(backend.available);
  const location = async () => {
    const l = await backend.fresh();
    await (await initDb(l)).close();
    return l;
  };

  run(
    'refuses a second holder at once with JournalBusy (exit 4), and is free again after release',
    async () => {
      const path = await location();
      const first = await take(path);
      const e = await refusal(path);
      expect(isRootctlError(e) && { code: e.code, exit: e.exitCode }).toEqual({
        code: 'JournalBusy',
        exit: 4,
      });
      expect((e as Error).message).toContain(path);
      await first.release();
      await first.release(); // twice is harmless
      await expect(take(path)).resolves.toBeDefined();
    },
  );

  run('is per journal: another database has its own', async () => {
    await take(await location());
    await expect(take(await location())).resolves.toBeDefined();
  });

  run(
    'is dropped when the holder is killed with SIGKILL (the OS closes its file or its session)',
    async () => {
      const path = await location();
      const lockModule = new URL('../../dist/store/apply-lock.js', import.meta.url).href;
      const script = `
      const { lockForApply } = await import(${JSON.stringify(lockModule)});
      globalThis.held = await lockForApply(${JSON.stringify(path)});
      console.log('locked');
      setInterval(() => {}, 1000);
    `;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, ...postgresEnv() },
      });
      const exited = new Promise<NodeJS.Signals | null>((ok) => child.on('close', (_c, s) => ok(s)));
      await new Promise<void>((ok, fail) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && ok());
        void exited.then(() => fail(new Error('the holder exited before it took the lock')));
      });
      const busy = await refusal(path);
      expect(isRootctlError(busy) ? busy.code : busy).toBe('JournalBusy');
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      // The server notices the closed connection at once, but its backend may take a moment to exit.
      let again: unknown = 'not tried';
      for (let i = 0; i < 100 && again !== undefined; i++) {
        again = await refusal(path);
        if (again !== undefined) await new Promise((r) => setTimeout(r, 50));
      }
      expect(again).toBeUndefined();
    },
  );

  it('needs no lock for an in-memory database', async () => {
    await take(':memory:');
    await expect(take(':memory:')).resolves.toBeDefined();
  });
});
