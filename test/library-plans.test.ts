/**
 * Plans are data, through the library against the emulator: a plan handed to applyPlan (or setup) is
 * validated before anything runs (InvalidPlan, PlanTooNew), a plan past its age limit is refused
 * (PlanStale), an account that no longer holds a credential its plan names is left untouched
 * (PlanStale in its result), and a damaged plan in the journal is one clear refusal on resume.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan, planRemediation, resumeRemediation, setup } from '../src/index.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { generateScenario } from '../src/emulator/scenario/generate.js';
import type { Scenario } from '../src/emulator/scenario/schema.js';
import { connectionAs } from './helpers/scenario-env.js';
import { blockingScp, accountsUnder, hasRootCredentials } from '../src/demo/facts.js';
import { initDb } from '../src/store/db.js';
import { Journal } from '../src/store/journal.js';

let scenario: Scenario;
let emu: RunningEmulator;

const as = (profile: string) => connectionAs(scenario, emu.url, profile);

beforeAll(async () => {
  scenario = generateScenario({ accounts: 40, seed: 5, blockingScp: true, state: 'configured' });
  emu = await startEmulator(scenario);
});

afterAll(async () => {
  await emu?.close();
});

/** Member accounts the delete task can reach that hold root credentials (keys among them). */
function withKeys(): string[] {
  const blocked = new Set(blockingScp(emu.world)!.targets.flatMap((t) => accountsUnder(emu.world, t.id)));
  return [...emu.world.accounts.values()]
    .filter(
      (a) =>
        a.status === 'ACTIVE' &&
        a.id !== emu.world.org!.managementAccountId &&
        !blocked.has(a.id) &&
        a.root.accessKeys.length > 0,
    )
    .map((a) => a.id);
}

async function newDb(): Promise<string> {
  const db = join(mkdtempSync(join(tmpdir(), 'rootctl-plans-')), 'rootctl.db');
  await (await initDb(db)).close();
  return db;
}

const planFor = async (ids: string[]) =>
  (await planRemediation({ ...as('security'), target: { accounts: ids }, includeRecentlyUsed: true })).plan;

describe('plans handed to the library are data', () => {
  it('refuses a damaged plan (InvalidPlan) and a newer one (PlanTooNew) before any change', async () => {
    const [id] = withKeys();
    const plan = await planFor([id!]);
    const db = await newDb();
    const damaged = structuredClone(plan);
    (damaged.accounts[0]!.deletions[0] as { action: string }).action = 'DeleteEverything';
    await expect(applyPlan(damaged, { ...as('security'), db })).rejects.toMatchObject({
      code: 'InvalidPlan',
      exitCode: 2,
      message: expect.stringContaining('accounts.0.deletions.0.action'),
    });
    const newer = { ...plan, schemaVersion: 2 } as unknown as typeof plan;
    await expect(applyPlan(newer, { ...as('security'), db })).rejects.toMatchObject({ code: 'PlanTooNew' });
    const text = JSON.parse('{"accounts": []}') as typeof plan;
    await expect(applyPlan(text, { ...as('security'), db })).rejects.toMatchObject({ code: 'InvalidPlan' });
    expect(hasRootCredentials(emu.world, id!)).toBe(true);
  });

  it('refuses a plan older than the limit (PlanStale), and applies it when the limit allows', async () => {
    const [id] = withKeys();
    const plan = await planFor([id!]);
    const db = await newDb();
    const old = { ...plan, createdAt: new Date(Date.now() - 25 * 3_600_000).toISOString() };
    await expect(applyPlan(old, { ...as('security'), db })).rejects.toMatchObject({
      code: 'PlanStale',
      exitCode: 4,
      message: expect.stringContaining('25 h ago'),
    });
    expect(hasRootCredentials(emu.world, id!)).toBe(true);
    const result = await applyPlan(old, { ...as('security'), db, maxPlanAgeMs: 48 * 3_600_000 });
    expect(result.status).toBe('completed');
    expect(hasRootCredentials(emu.world, id!)).toBe(false);
  });

  it('leaves an account whose credentials changed since the plan untouched (PlanStale), and cleans the others', async () => {
    const [drifted, steady] = withKeys();
    const plan = await planFor([drifted!, steady!]);
    const root = emu.world.accounts.get(drifted!)!.root;
    const gone = root.accessKeys.shift()!; // removed by someone else after the plan was made
    const before = JSON.stringify(root);
    const result = await applyPlan(plan, { ...as('security'), db: await newDb() });
    expect(result.status).toBe('failed');
    const stale = result.accounts.find((a) => a.accountId === drifted)!;
    expect(stale).toMatchObject({ status: 'failed', errorCode: 'PlanStale' });
    expect(stale.diagnosis).toContain(gone.id);
    expect(JSON.stringify(emu.world.accounts.get(drifted!)!.root)).toBe(before);
    expect(hasRootCredentials(emu.world, steady!)).toBe(false);
  });

  it('refuses to resume a run whose journaled plan is damaged, with one InvalidPlan line', async () => {
    const [id] = withKeys();
    const plan = await planFor([id!]);
    const db = await newDb();
    const store = await initDb(db);
    const journal = new Journal(store);
    const runId = await journal.startRun({
      kind: 'remediate',
      callerArn: plan.callerArn,
      scope: plan.scope,
      options: {},
      plan,
    });
    await journal.finishRun(runId, 'interrupted');
    const damaged = JSON.stringify({ ...plan, accounts: [{ accountId: id, deletions: 'all' }] });
    await store.run('UPDATE journal_plan SET plan = ? WHERE run_id = ?', [damaged, runId]);
    await store.close();
    await expect(resumeRemediation({ ...as('security'), db })).rejects.toMatchObject({
      code: 'InvalidPlan',
      message: expect.stringContaining(`The plan journaled for run ${runId}`),
    });
    expect(hasRootCredentials(emu.world, id!)).toBe(true);
  });

  it('validates a saved setup plan handed to setup (PlanTooNew), changing nothing', async () => {
    const { plan } = await setup({ ...as('management'), mode: 'undo' });
    const before = [...emu.world.features].sort();
    await expect(
      setup({ ...as('management'), plan: { ...plan, schemaVersion: 3 }, apply: true }),
    ).rejects.toMatchObject({ code: 'PlanTooNew', exitCode: 2 });
    await expect(
      setup({ ...as('management'), plan: { ...plan, steps: [{ kind: 'drop-org' }] }, apply: true }),
    ).rejects.toMatchObject({ code: 'InvalidPlan' });
    expect([...emu.world.features].sort()).toEqual(before);
  });
});
