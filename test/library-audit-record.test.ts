/**
 * One use case, two front doors: the library's `audit()` with a history database returns exactly what
 * `rootctl audit --output json` prints for the same organization - overdue-exception flags, the
 * history id and the diff against the previous audit included. The CLI runs in this process.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { audit, diffHistory, listAudits, showAudit } from '../src/index.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { generateScenario } from '../src/emulator/scenario/generate.js';
import type { Scenario } from '../src/emulator/scenario/schema.js';
import { hasRootCredentials } from '../src/demo/facts.js';
import type { AccountId } from '../src/core/model/account-id.js';
import { openDb } from '../src/store/db.js';
import { ExceptionStore } from '../src/store/exceptions.js';
import { connectionAs, stubProfileEnv } from './helpers/scenario-env.js';
import { runCli, runInProcess } from './support/cli.js';

let scenario: Scenario;
let emu: RunningEmulator;

beforeAll(async () => {
  scenario = generateScenario({ accounts: 12, seed: 5, state: 'configured' });
  emu = await startEmulator(scenario);
  stubProfileEnv(scenario, 'security');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await emu?.close();
});

/** Times differ between two runs; everything else must not. */
function timeless(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) =>
    /At$|^durationMs$/.test(key) && v !== null ? '<time>' : v,
  );
}

/** A database with one overdue root-task exception on `accountId`. */
async function databaseWithOverdueException(accountId: string): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'rootctl-audit-record-')), 'rootctl.db');
  const db = await openDb(path, { create: true });
  await new ExceptionStore(db).insert({
    accountId: accountId as AccountId,
    task: 'password-recovery',
    target: 'root-user',
    reason: 'INC-9',
    openerArn: 'arn:aws:sts::111111111111:assumed-role/RootOps/alice',
    openedAt: new Date(Date.now() - 7_200_000).toISOString(),
    expiresAt: new Date(Date.now() - 3_600_000).toISOString(),
    savedPolicy: null,
    openRunId: null,
  });
  await db.close();
  return path;
}

it("the library's audit equals the CLI's --output json, history id, overdue flags and diff included", async () => {
  const members = [...emu.world.accounts.values()].filter(
    (a) => a.status === 'ACTIVE' && a.id !== emu.world.org!.managementAccountId,
  );
  const changed = members.find((a) => hasRootCredentials(emu.world, a.id))!;
  const flagged = members.find((a) => a.id !== changed.id)!;
  const cliDb = await databaseWithOverdueException(flagged.id);
  const libDb = await databaseWithOverdueException(flagged.id);
  const lib = connectionAs(scenario, emu.url, 'security');
  const cli = (db: string) =>
    runCli(
      ['audit', '--output', 'json', '--diff', '--db', db, '--endpoint-url', emu.url, '--region', 'us-east-1'],
      {
        AWS_ACCESS_KEY_ID: lib.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: lib.credentials.secretAccessKey,
        ...(lib.credentials.sessionToken ? { AWS_SESSION_TOKEN: lib.credentials.sessionToken } : {}),
      },
    );

  const firstCli = await cli(cliDb);
  expect(firstCli.code, firstCli.stderr).toBe(0);
  const firstLib = await audit({ ...lib, db: libDb, diff: true });
  expect(timeless(firstLib)).toEqual(timeless(JSON.parse(firstCli.stdout)));
  expect(firstLib.diff).toBeNull(); // nothing earlier in the history

  // The organization changes between the audits: one account's root loses its credentials.
  const root = emu.world.accounts.get(changed.id)!.root;
  root.password = null;
  root.accessKeys = [];
  root.signingCertificates = [];
  root.mfaDevices = [];

  const secondCli = await cli(cliDb);
  expect(secondCli.code, secondCli.stderr).toBe(0);
  const secondLib = await audit({ ...lib, db: libDb, diff: true });
  const printed = JSON.parse(secondCli.stdout) as typeof secondLib;
  expect(timeless(secondLib)).toEqual(timeless(printed));
  // What the equality covers: the history id, the overdue flag and a diff naming the change.
  expect(secondLib.historyId).toBe(2);
  expect(secondLib.accounts.find((a) => a.accountId === flagged.id)?.overdueException).toBeDefined();
  expect(secondLib.diff?.changes.map((c) => c.accountId)).toEqual([changed.id]);

  // The history use cases equal `rootctl history` (list, --show, --diff) on the same database.
  const history = (...args: string[]) => runInProcess(['history', '--db', cliDb, '-o', 'json', ...args]);
  const listed = await history();
  const shown = await history('--show', '1');
  const diffed = await history('--diff');
  expect(JSON.parse(listed.stdout)).toEqual(await listAudits({ db: cliDb }));
  expect(JSON.parse(shown.stdout)).toEqual(await showAudit(1, { db: cliDb }));
  const libDiff = await diffHistory({ db: cliDb });
  expect(JSON.parse(diffed.stdout)).toEqual(libDiff);
  expect(libDiff.changes.map((c) => c.accountId)).toEqual([changed.id]);
  expect(libDiff.commonAccountsOnly).toBeUndefined(); // both audits cover the organization
  expect(timeless(libDiff)).toEqual(timeless(secondLib.diff));
});
