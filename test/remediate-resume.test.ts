/**
 * The failures people fear: a process killed mid-run (a real kill -9) and resumed from the journal,
 * and a run through injected faults and throttling. In both, every planned credential ends up gone
 * and no credential is deleted twice (counted in the emulator's CloudTrail).
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  deleteEvents,
  fixture,
  journalTarget,
  rootTargets,
  successfulDeletes,
  waitFor,
  type EmulatorState,
  type Fixture,
} from './remediate-support.js';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

function remediable(s: EmulatorState) {
  return s.accounts.filter((a) => a.status === 'ACTIVE' && a.id !== s.organization.managementAccountId);
}

/** How many deletions the journal has as done so far (0 before the database or its tables exist). */
function deletionsDone(fx: Fixture): number {
  try {
    return fx.query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM journal_steps WHERE outcome = 'done' AND action NOT IN ('AssumeRoot', 'Verify')",
    )[0]!.n;
  } catch {
    return 0;
  }
}

/**
 * Starts `rootctl remediate --all --yes` in its own process and waits until the journal has at least
 * `atLeast` deletions done; `reached` is the count seen then.
 */
async function startRemediation(fx: Fixture, concurrency: number, atLeast: number) {
  const { child, done } = fx.start([
    'remediate',
    '--all',
    '--yes',
    '--include-recently-used',
    '--concurrency',
    String(concurrency),
  ]);
  const reached = await waitFor(
    () => {
      const n = deletionsDone(fx);
      return n >= atLeast ? n : undefined;
    },
    120_000,
    20,
  );
  return { child, done, reached };
}

interface StepRow {
  account_id: string;
  action: string;
  target_id: string;
  outcome: string | null;
}

/** The journal's deletion steps so far: those done (or already gone), and those in flight (intent, no outcome). */
function journalSnapshot(fx: Fixture): { done: Set<string>; inFlight: Set<string> } {
  const rows = fx.query<StepRow>(
    "SELECT account_id, action, target_id, outcome FROM journal_steps WHERE action NOT IN ('AssumeRoot', 'Verify')",
  );
  const pick = (ok: (o: string | null) => boolean) =>
    new Set(rows.filter((r) => ok(r.outcome)).map(journalTarget));
  return {
    done: pick((o) => o === 'done' || o === 'already-gone'),
    inFlight: pick((o) => o === null),
  };
}

/**
 * Every delete call that reached the emulator, failed ones included, counted per credential: each
 * planned credential was deleted exactly once, and no call was ever sent for it again - except
 *  - once more, answered "already gone", for a step that was in flight (intent, no outcome) at a kill;
 *  - with `retriesInStep`, a retry inside the same step (same root session) after a lost answer.
 * A resume that re-sent completed deletions fails here even though every repeat answers NoSuchEntity.
 */
function expectEachDeletedOnce(
  s: EmulatorState,
  before: EmulatorState,
  allow: { inFlight?: ReadonlySet<string>; retriesInStep?: boolean } = {},
) {
  const events = deleteEvents(s);
  const planned = remediable(before).flatMap((a) => [
    ...a.root.accessKeys.map((k) => `key:${k.id}`),
    ...a.root.signingCertificates.map((c) => `cert:${c.id}`),
    ...a.root.mfaDevices.map((d) => `mfa:${d.serialNumber}`),
    ...(a.root.password ? [`login-profile:${a.id}`] : []),
  ]);
  expect([...events.keys()].sort()).toEqual(planned.sort());
  for (const [target, list] of events) {
    const ok = list.filter((e) => e.errorCode === undefined);
    expect(ok, `${target}: successful deletes`).toHaveLength(1);
    const session = ok[0]!.userIdentity.accessKeyId;
    const repeats = list.filter((e) => e !== ok[0]);
    const inStep = repeats.filter((e) => allow.retriesInStep && e.userIdentity.accessKeyId === session);
    const later = repeats.filter((e) => !inStep.includes(e));
    const why = `${target}: calls ${list.map((e) => `${e.eventName}/${e.errorCode ?? 'ok'}/${e.userIdentity.accessKeyId}`).join(', ')}`;
    expect(later.length, why).toBeLessThanOrEqual(allow.inFlight?.has(target) ? 1 : 0);
    for (const e of repeats) expect(e.errorCode, why).toBe('NoSuchEntity');
  }
}

interface ResumeResult {
  status: string;
  resumed: boolean;
  totals: { deleted: number; alreadyGone: number; doneEarlier: number; failedSteps: number };
}

/** The resume did exactly the work left: what the journal had as done counts as done earlier, nothing more. */
function expectResumeTotals(
  r: ResumeResult,
  total: number,
  atStop: { done: ReadonlySet<string>; inFlight: ReadonlySet<string> },
) {
  expect(r).toMatchObject({ status: 'completed', resumed: true });
  expect(r.totals.doneEarlier).toBe(atStop.done.size);
  expect(r.totals.deleted + r.totals.alreadyGone).toBe(total - atStop.done.size);
  expect(r.totals.alreadyGone).toBeLessThanOrEqual(atStop.inFlight.size);
  expect(r.totals.failedSteps).toBe(0);
}

describe('remediate --resume after kill -9', () => {
  it('finishes the run from the journal without repeating a completed deletion', async () => {
    f = await fixture({ accounts: 50, seed: 21 });
    const before = await f.state();
    const total = remediable(before).reduce((n, a) => n + rootTargets(a).length, 0);
    expect(total).toBeGreaterThan(20);
    await f.config({ latencyMs: 50 });
    // Kill once the journal shows some deletions done, and well before all of them are.
    const { child, done, reached } = await startRemediation(f, 2, 4);
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.code).toBe(137);
    expect(reached).toBeLessThan(total);

    const runs = f.query<{ id: string; status: string }>('SELECT id, status FROM journal_runs');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe('running'); // the killed process never finished it
    const atKill = journalSnapshot(f);
    expect(atKill.done.size).toBeGreaterThanOrEqual(4);
    expect(atKill.done.size).toBeLessThan(total);

    await f.config({ latencyMs: 0 });
    const r = await f.run(['remediate', '--resume', '--yes', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`resuming ${runs[0]!.id}`);
    expectResumeTotals(JSON.parse(r.stdout) as ResumeResult, total, atKill);

    const after = await f.state();
    for (const a of remediable(after)) expect(rootTargets(a), a.id).toEqual([]);
    expectEachDeletedOnce(after, before, { inFlight: atKill.inFlight });
    expect(
      f.query<{ status: string; resumed_count: number }>('SELECT status, resumed_count FROM journal_runs')[0],
    ).toEqual({ status: 'completed', resumed_count: 1 });
    expect((await f.run(['remediate', '--resume', '--yes'])).code).toBe(4); // nothing left to resume
  });
});

describe('remediate --resume after a lost network', () => {
  it('continues a run that ended failed with steps left, and only those steps', async () => {
    f = await fixture({ accounts: 20, seed: 24 });
    // Most delete calls' connections drop before reaching AWS: retries run out for some steps, and the
    // run ends failed. (The plan's and the verification's reads are spared: their accounts are all planned.)
    await f.config({
      faults: 0.7,
      faultKinds: ['drop-before'],
      faultOperations: [
        'DeactivateMFADevice',
        'DeleteAccessKey',
        'DeleteSigningCertificate',
        'DeleteLoginProfile',
      ],
      seed: 3,
    });
    // One account at a time: the calls come in one order, so the seeded faults hit the same calls every run.
    const first = await f.run([
      'remediate',
      '--all',
      '--yes',
      '--include-recently-used',
      '--concurrency',
      '1',
    ]);
    expect(first.code, first.stderr).toBe(1);
    expect(first.stdout).toMatch(/network failed after retries .*run again with --resume/);
    const [run] = f.query<{ id: string; status: string }>('SELECT id, status FROM journal_runs');
    expect(run!.status).toBe('failed');
    const atStop = journalSnapshot(f);
    const planned = (
      JSON.parse(f.query<{ plan: string }>('SELECT plan FROM journal_plan')[0]!.plan) as {
        accounts: { deletions: unknown[] }[];
      }
    ).accounts.reduce((n, a) => n + a.deletions.length, 0);
    expect(atStop.done.size).toBeLessThan(planned);

    await f.config({ faults: 0, faultOperations: [] });
    const r = await f.run(['remediate', '--resume', '--yes', '--output', 'json']);
    expect(r.stderr).toContain(`resuming ${run!.id}`);
    // The two lines that count the work left agree.
    expect(r.stderr).toContain(`${planned - atStop.done.size} deletion(s) left`);
    expect(r.stderr).toContain(`resuming run ${run!.id}: ${planned - atStop.done.size} deletion(s) in `);
    const result = JSON.parse(r.stdout) as ResumeResult & {
      accounts: { status: string; steps: unknown[] }[];
    };
    expect(result.resumed).toBe(true);
    expect(r.code, r.stderr).toBe(0);
    expect(result.status).toBe('completed');
    expect(result.totals.doneEarlier).toBe(atStop.done.size);
    expect(result.totals.deleted + result.totals.alreadyGone).toBe(planned - atStop.done.size);
    expect(result.totals.failedSteps).toBe(0);
    const after = await f.state();
    const events = deleteEvents(after);
    for (const [target, list] of events)
      expect(
        list.filter((e) => e.errorCode === undefined),
        target,
      ).toHaveLength(1);
    expect(successfulDeletes(after).size).toBe(planned);
    // Completed now: nothing left to resume.
    const again = await f.run(['remediate', '--resume', '--yes']);
    expect(again.code, again.stderr).toBe(4);
    expect(again.stderr).toMatch(/^rootctl: NothingToResume: /m);
  });
});

describe('one applying run per journal', () => {
  it('refuses --resume and a new run while another process applies, changing nothing (exit 4)', async () => {
    f = await fixture({ accounts: 30, seed: 23 });
    await f.config({ latencyMs: 150 });
    const { child, done } = await startRemediation(f, 1, 1);
    // Frozen, not finished: a stopped process keeps its lock, so the holder is still mid-run while the
    // other two try, however slowly a loaded machine runs them (it used to finish first under load).
    child.kill('SIGSTOP');
    // The running run looks resumable in the journal (status running); resuming it now would repeat
    // its calls, so the lock refuses before anything is changed.
    const resume = await f.run(['remediate', '--resume', '--yes']);
    const again = await f.run(['remediate', '--all', '--yes', '--include-recently-used']);
    const stillRunning = child.exitCode === null;
    child.kill('SIGKILL');
    await done;
    expect(stillRunning).toBe(true);
    for (const r of [resume, again]) {
      expect(r.code, r.stderr).toBe(4);
      expect(r.stderr).toMatch(/^rootctl: JournalBusy: Another rootctl process is applying a remediation/m);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    const runs = f.query<{ status: string; resumed_count: number }>(
      'SELECT status, resumed_count FROM journal_runs',
    );
    expect(runs).toEqual([{ status: 'running', resumed_count: 0 }]); // only the killed one, never resumed

    // The killed holder left no stale lock: the resume now goes through.
    await f.config({ latencyMs: 0 });
    const resumed = await f.run(['remediate', '--resume', '--yes']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const after = await f.state();
    for (const a of remediable(after)) expect(rootTargets(a), a.id).toEqual([]);
  });
});

describe('remediate interrupted with Ctrl-C', () => {
  it('finishes the steps in flight, marks the run interrupted (exit 130), and --resume completes it', async () => {
    f = await fixture({ accounts: 40, seed: 22 });
    const before = await f.state();
    await f.config({ latencyMs: 50 });
    const { child, done } = await startRemediation(f, 2, 3);
    child.kill('SIGINT');
    const r = await done;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('Interrupted');
    const [run] = f.query<{ id: string; status: string }>('SELECT id, status FROM journal_runs');
    expect(run!.status).toBe('interrupted');
    // Every step that started also finished: nothing was left between intent and outcome.
    expect(
      f.query<{ n: number }>('SELECT COUNT(*) AS n FROM journal_steps WHERE outcome IS NULL')[0]!.n,
    ).toBe(0);
    const atStop = journalSnapshot(f);
    await f.config({ latencyMs: 0 });
    const resumed = await f.run(['remediate', '--resume', '--yes', '--output', 'json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const total = remediable(before).reduce((n, a) => n + rootTargets(a).length, 0);
    expectResumeTotals(JSON.parse(resumed.stdout) as ResumeResult, total, atStop);
    const after = await f.state();
    for (const a of remediable(after)) expect(rootTargets(a), a.id).toEqual([]);
    // A lost answer (dropped connection after the call) is retried in the same step and answers
    // "already gone"; a later pass never sends a deletion again.
    expectEachDeletedOnce(after, before, { retriesInStep: true });
  });
});

describe('remediate through faults and throttling', () => {
  it('loses nothing: failures are named, a re-run finishes, and nothing is deleted twice', async () => {
    f = await fixture({
      accounts: 30,
      seed: 33,
      rates: { operations: { AssumeRoot: 8, LookupEvents: 2 }, defaultPerSecond: 6 },
    });
    const before = await f.state();
    await f.config({ faults: 0.05, seed: 7 });
    // Under 5% faults and tight rates a pass may leave accounts failed or unaudited (each named, exit 1);
    // running again picks up exactly what is left.
    const codes: number[] = [];
    for (let pass = 0; pass < 4; pass++) {
      const r = await f.run(['remediate', '--all', '--yes', '--include-recently-used']);
      codes.push(r.code);
      if (r.code === 0) break;
      expect(r.code, r.stderr).toBe(1);
      // Either the run named its failed accounts, or - nothing left to delete where the audit got
      // through - the plan named the accounts it could not audit (listed under "Not touched").
      const failedLines = r.stdout.split('\n').filter((l) => / FAILED /.test(l));
      const unplanned = /nothing to do; \d+ account\(s\) could not be planned/.test(r.stderr);
      expect(failedLines.length > 0 || unplanned, `${r.stdout}\n${r.stderr}`).toBe(true);
      if (unplanned) expect(r.stdout).toMatch(/Not touched \(\d+\):/);
      for (const l of failedLines) expect(l).toMatch(/FAILED .*\S+.*(error|retries|throttl|verify)/i);
    }
    expect(codes.at(-1), `exit codes per pass: ${codes.join(', ')}`).toBe(0);
    const stats = (await (await fetch(`${f.emu.url}/_emulator/stats`)).json()) as {
      throttled: number;
      faults: number;
    };
    expect(stats.throttled).toBeGreaterThan(0);
    expect(stats.faults).toBeGreaterThan(0);
    const after = await f.state();
    for (const a of remediable(after)) expect(rootTargets(a), a.id).toEqual([]);
    // A lost answer (dropped connection after the call) is retried in the same step and answers
    // "already gone"; a later pass never sends a deletion again.
    expectEachDeletedOnce(after, before, { retriesInStep: true });
  });
});
