/**
 * The library, as a platform team would use it: `import { doctor, setup, audit, planRemediation,
 * applyPlan } from 'rootctl'` against the emulator over real HTTP, each result checked against the
 * emulator's own state, and not a byte written to stdout or stderr.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  applyPlan,
  audit,
  doctor,
  planRemediation,
  resumeRemediation,
  setup,
  type AuditEvent,
  type SetupEvent,
} from '../src/index.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { generateScenario } from '../src/emulator/scenario/generate.js';
import type { Scenario } from '../src/emulator/scenario/schema.js';
import { connectionAs } from './helpers/scenario-env.js';
import { accountsUnder, blockingScp, hasRootCredentials, pickOu } from '../src/demo/facts.js';
import type { AccountId } from '../src/core/model/account-id.js';
import { initDb } from '../src/store/db.js';
import { ExceptionStore } from '../src/store/exceptions.js';
import { Journal } from '../src/store/journal.js';
import type { Plan } from '../src/core/plan/types.js';

let scenario: Scenario;
let emu: RunningEmulator;
const writes: string[] = [];

const as = (profile: string) => connectionAs(scenario, emu.url, profile);

beforeAll(async () => {
  scenario = generateScenario({ accounts: 30, seed: 3, blockingScp: true, state: 'fresh' });
  emu = await startEmulator(scenario);
  // The library prints nothing: every write to the terminal during these tests is collected and checked.
  const collect = (chunk: unknown) => (writes.push(String(chunk)), true);
  vi.spyOn(process.stdout, 'write').mockImplementation(collect);
  vi.spyOn(process.stderr, 'write').mockImplementation(collect);
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const)
    vi.spyOn(console, m).mockImplementation((...a) => void writes.push(a.join(' ')));
});

afterAll(async () => {
  vi.restoreAllMocks();
  await emu?.close();
});

describe('the library against the emulator', () => {
  const security = () => scenario.principals.find((p) => p.profile === 'security')!.accountId;

  it('doctor says not ready on a fresh organization, with the gaps and the blocking SCP named', async () => {
    const report = await doctor(as('management'));
    expect(report.ready).toBe(false);
    expect(report.gaps.map((g) => g.id)).toContain('trusted-access-off');
    const scp = blockingScp(emu.world)!;
    expect(JSON.stringify(report.warnings)).toContain(scp.name);
  });

  it('setup plans without changing anything, then applies with apply: true and reports each step', async () => {
    const { plan, result } = await setup({ ...as('management'), delegatedAdmin: security() });
    expect(result).toBeUndefined();
    expect(plan.steps.length).toBeGreaterThan(0);
    expect(emu.world.serviceAccess.size).toBe(0);

    const events: SetupEvent[] = [];
    const applied = await setup({
      ...as('management'),
      delegatedAdmin: security(),
      apply: true,
      onEvent: (e) => events.push(e),
    });
    expect(applied.result?.steps.map((s) => s.kind)).toEqual(plan.steps.map((s) => s.kind));
    expect([...emu.world.features].sort()).toEqual(['RootCredentialsManagement', 'RootSessions']);
    expect(emu.world.delegatedAdministrators.map((d) => d.accountId)).toEqual([security()]);
    expect(events.filter((e) => e.kind === 'step-done')).toHaveLength(plan.steps.length);
  });

  it('audit matches the emulator: credentials where the state has them, errors under the blocking SCP', async () => {
    const events: AuditEvent[] = [];
    const report = await audit({ ...as('security'), onEvent: (e) => events.push(e) });
    const world = emu.world;
    const blocked = new Set(blockingScp(world)!.targets.flatMap((t) => accountsUnder(world, t.id)));
    for (const a of report.accounts) {
      const state = world.accounts.get(a.accountId)!;
      if (a.accountId === world.org!.managementAccountId || state.status !== 'ACTIVE') {
        expect(a.status).toBe('skipped');
      } else if (blocked.has(a.accountId)) {
        expect(a.status).toBe('error');
        expect(a.error?.diagnosis).toContain('DenyRootUser');
      } else {
        expect(a.status).toBe(hasRootCredentials(world, a.accountId) ? 'non_compliant' : 'compliant');
      }
    }
    expect(report.accounts).toHaveLength(world.accounts.size);
    expect(events[0]?.kind).toBe('started');
    expect(events.at(-1)?.kind).toBe('finished');
  });

  it('planRemediation and applyPlan clean one OU, journaled in the given database', async () => {
    const ou = pickOu(emu.world)!;
    const { plan } = await planRemediation({
      ...as('security'),
      target: { ou: ou.id },
      includeRecentlyUsed: true,
    });
    const planned = plan.accounts.filter((a) => a.deletions.length).map((a) => a.accountId);
    expect(planned.sort()).toEqual([...ou.withCredentials].sort());
    for (const id of planned) expect(hasRootCredentials(emu.world, id)).toBe(true); // nothing changed yet

    const db = join(mkdtempSync(join(tmpdir(), 'rootctl-lib-')), 'rootctl.db');
    // A database the caller names must exist (no silent new database): created as `rootctl db init` does.
    await expect(applyPlan(plan, { ...as('security'), db })).rejects.toMatchObject({ code: 'NoDatabase' });
    await (await initDb(db)).close();
    const applying = applyPlan(plan, { ...as('security'), db });
    // One applying run per journal: a second applyPlan on the same database is refused meanwhile.
    await expect(applyPlan(plan, { ...as('security'), db })).rejects.toMatchObject({
      code: 'JournalBusy',
      exitCode: 4,
    });
    const result = await applying;
    expect(result.status).toBe('completed');
    expect(result.totals.failed).toBe(0);
    for (const id of accountsUnder(emu.world, ou.id)) expect(hasRootCredentials(emu.world, id)).toBe(false);

    // The lock is released after a call that failed while holding it, and after one that succeeded.
    await expect(
      applyPlan(plan, { ...as('security'), db, resumeRunId: 'run-unknown' }),
    ).rejects.toMatchObject({
      code: 'NothingToResume',
    });
    await expect(applyPlan(plan, { ...as('security'), db, region: 'aws-global' })).rejects.toMatchObject({
      code: 'InvalidRegion',
    });
    // The same plan again: its credentials are gone, so every account it names is stale (PlanStale).
    const again = await applyPlan(plan, { ...as('security'), db });
    expect(again.totals.deleted).toBe(0);
    const touched = again.accounts.filter((a) => a.steps.length);
    expect(touched.length).toBeGreaterThan(0);
    for (const a of touched) expect(a.errorCode).toBe('PlanStale');
  });

  it('planRemediation holds an account under an open exception out of the plan, as the CLI does', async () => {
    const account = emu.world.org!.managementAccountId;
    const target = [...emu.world.accounts.values()].find(
      (a) =>
        a.status === 'ACTIVE' &&
        a.id !== account &&
        hasRootCredentials(emu.world, a.id) &&
        !accountsUnder(emu.world, blockingScp(emu.world)!.targets[0]!.id).includes(a.id),
    )!;
    const db = join(mkdtempSync(join(tmpdir(), 'rootctl-lib-exc-')), 'rootctl.db');
    const store = await initDb(db);
    await new ExceptionStore(store).insert({
      accountId: target.id as AccountId,
      task: 'password-recovery',
      target: 'root-user',
      reason: 'INC-7 lost password',
      openerArn: 'arn:aws:sts::111111111111:assumed-role/RootOps/alice',
      openedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      savedPolicy: null,
      openRunId: null,
    });
    await store.close();
    const base = { ...as('security'), target: { accounts: [target.id] }, includeRecentlyUsed: true };
    const without = (await planRemediation(base)).plan;
    expect(without.accounts.map((a) => a.accountId)).toEqual([target.id]);
    const { plan } = await planRemediation({ ...base, db });
    expect(plan.accounts.filter((a) => a.deletions.length)).toEqual([]);
    expect(plan.untouched).toEqual([
      expect.objectContaining({ accountId: target.id, reason: 'open-exception' }),
    ]);
  });

  it('resumes only the latest interrupted run, and only with the plan the journal holds for it', async () => {
    const blocked = accountsUnder(emu.world, blockingScp(emu.world)!.targets[0]!.id);
    const [first, second] = [...emu.world.accounts.values()]
      .filter(
        (a) =>
          a.status === 'ACTIVE' &&
          a.id !== emu.world.org!.managementAccountId &&
          hasRootCredentials(emu.world, a.id) &&
          !blocked.includes(a.id),
      )
      .map((a) => a.id);
    const planFor = async (id: string) =>
      (await planRemediation({ ...as('security'), target: { accounts: [id] }, includeRecentlyUsed: true }))
        .plan;
    const older = await planFor(first!);
    const latest = await planFor(second!);
    // Two runs interrupted before any step, as the journal holds them after Ctrl-C: older, then latest.
    const db = join(mkdtempSync(join(tmpdir(), 'rootctl-lib-resume-')), 'rootctl.db');
    const store = await initDb(db);
    const journal = new Journal(store);
    const interrupted = async (plan: Plan) => {
      const id = await journal.startRun({
        kind: 'remediate',
        callerArn: plan.callerArn,
        scope: plan.scope,
        options: {},
        plan,
      });
      await journal.finishRun(id, 'interrupted');
      return id;
    };
    const olderRun = await interrupted(older);
    const latestRun = await interrupted(latest);
    await store.close();
    const lib = { ...as('security'), db };

    // The older run is stale: refused, with its own plan too.
    await expect(applyPlan(older, { ...lib, resumeRunId: olderRun })).rejects.toMatchObject({
      code: 'PlanStale',
      exitCode: 4,
    });
    // The latest run resumes only with its journaled plan: another plan, or a fresh plan of the same
    // scope (made later), is refused under its id.
    await expect(applyPlan(older, { ...lib, resumeRunId: latestRun })).rejects.toMatchObject({
      code: 'PlanStale',
    });
    const replanned = await planFor(second!);
    expect(replanned.createdAt).not.toBe(latest.createdAt);
    await expect(applyPlan(replanned, { ...lib, resumeRunId: latestRun })).rejects.toMatchObject({
      code: 'PlanStale',
    });
    expect(hasRootCredentials(emu.world, first!)).toBe(true);
    expect(hasRootCredentials(emu.world, second!)).toBe(true);

    // The latest run resumes with the journal's plan: its account is cleaned, the older one's is not.
    const result = await resumeRemediation(lib);
    expect(result).toMatchObject({ runId: latestRun, resumed: true, status: 'completed' });
    expect(result.accounts.filter((a) => a.steps.length).map((a) => a.accountId)).toEqual([second]);
    expect(hasRootCredentials(emu.world, second!)).toBe(false);
    expect(hasRootCredentials(emu.world, first!)).toBe(true);
    // Once the latest run completed, the older one is still never picked up again.
    await expect(applyPlan(older, { ...lib, resumeRunId: olderRun })).rejects.toMatchObject({
      code: 'PlanStale',
    });
    await expect(resumeRemediation(lib)).rejects.toMatchObject({ code: 'NothingToResume' });
    expect(hasRootCredentials(emu.world, first!)).toBe(true);
  });

  it('throws RootctlError with a code and exit code for bad input, before calling AWS', async () => {
    await expect(planRemediation({ ...as('security'), target: { ou: 'not-an-ou' } })).rejects.toMatchObject({
      code: 'InvalidOuId',
      exitCode: 2,
    });
  });

  it('wrote nothing to the terminal', () => {
    expect(writes).toEqual([]);
  });
});
