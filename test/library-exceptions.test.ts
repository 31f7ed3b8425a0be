/**
 * The exception use cases as a library caller runs them (src/app/exceptions.ts, what `rootctl exception
 * open | close | list` call): against the in-process emulator over real HTTP, with a SQLite store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRootTaskExceptions, listExceptions, openRootTaskException } from '../src/index.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { generateScenario } from '../src/emulator/scenario/generate.js';
import type { Scenario } from '../src/emulator/scenario/schema.js';
import { initDb } from '../src/store/db.js';

let scenario: Scenario;
let emu: RunningEmulator;
const dir = mkdtempSync(join(tmpdir(), 'rootctl-lib-exc-'));
const db = join(dir, 'rootctl.db');

function asSecurity() {
  const p = scenario.principals.find((x) => x.profile === 'security')!;
  const credentials = {
    accessKeyId: p.accessKeyId,
    secretAccessKey: p.secretAccessKey,
    ...(p.sessionToken ? { sessionToken: p.sessionToken } : {}),
  };
  return { endpoint: emu.url, region: 'us-east-1', db, credentials };
}

beforeAll(async () => {
  scenario = generateScenario({ accounts: 8, seed: 5, state: 'configured' });
  emu = await startEmulator(scenario);
  await (await initDb(db)).close();
});

afterAll(async () => {
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('exception use cases in the library', () => {
  it('open: declined changes nothing; accepted creates the login profile, recorded and verified; close deletes it', async () => {
    const account = scenario.accounts.find(
      (a) =>
        a.status === 'ACTIVE' &&
        a.id !== scenario.organization!.managementAccountId &&
        !emu.world.accounts.get(a.id)!.root.password,
    )!;
    const request = { ...asSecurity(), account: account.id, task: 'password-recovery', reason: 'INC-42' };
    const warnings: string[] = [];
    const declined = await openRootTaskException({
      ...request,
      onWarning: (w) => warnings.push(w),
      confirm: () => false,
    });
    expect(declined.opened).toBeUndefined();
    expect(declined.preview).toMatchObject({ accountId: account.id, task: 'password-recovery' });
    expect(await listExceptions({ db })).toEqual([]);

    const previews: string[] = [];
    const { opened } = await openRootTaskException({
      ...request,
      onPreview: (p) => previews.push(p.target),
      confirm: () => true,
    });
    expect(previews).toEqual(['root-user']);
    expect(opened).toMatchObject({ accountId: account.id, task: 'password-recovery', verified: true });
    expect(emu.world.accounts.get(account.id)!.root.password).not.toBeNull();
    expect((await listExceptions({ db })).map((e) => [e.accountId, e.task])).toEqual([
      [account.id, 'password-recovery'],
    ]);

    const shown: number[] = [];
    const { result } = await closeRootTaskExceptions({
      ...asSecurity(),
      account: account.id,
      onPlan: (c) => shown.push(c.open.length),
      confirm: () => true,
    });
    expect(shown).toEqual([1]);
    expect(result?.closed.map((e) => e.accountId)).toEqual([account.id]);
    expect(emu.world.accounts.get(account.id)!.root.password).toBeNull();
    expect(await listExceptions({ db })).toEqual([]);
    expect(await listExceptions({ db, all: true })).toHaveLength(1);
    expect(warnings).toEqual([]); // the security account is the delegated admin: no management warning
  });

  it('refuses a bad account id before opening anything', async () => {
    await expect(
      openRootTaskException({ ...asSecurity(), account: '12345', task: 'password-recovery', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'InvalidAccountId' });
  });
});
