/**
 * A team, not a laptop (issue 13): two operators' CLI processes on one PostgreSQL store, and
 * exceptions that expire on their own. The emulator's state is the ground truth.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enforceExceptions } from '../src/app/enforce.js';
import { freshPostgresDb, postgresServer } from './helpers/postgres.js';
import { fixture, rootTargets, type EmulatorState, type Fixture } from './remediate-support.js';

const hasPostgres = postgresServer() !== null;

function usable(s: EmulatorState) {
  return s.accounts.filter(
    (a) =>
      a.status === 'ACTIVE' &&
      a.id !== s.organization.managementAccountId &&
      !s.ous.some((o) => o.name === 'Legacy' && o.id === a.parentId),
  );
}

const openRecovery = (account: string, db: string[], ttl = '4h') => [
  'exception',
  'open',
  '--account',
  account,
  '--task',
  'password-recovery',
  '--reason',
  'INC-13 lost MFA',
  '--ttl',
  ttl,
  '--yes',
  ...db,
];

describe.runIf(hasPostgres)('two operators on one PostgreSQL store', () => {
  let f: Fixture;
  let url: string;
  beforeAll(async () => {
    f = await fixture({ accounts: 20, seed: 13 });
    url = await freshPostgresDb();
    const init = await f.run(['db', 'init', '--db', url]);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('PostgreSQL');
  });
  afterAll(() => f?.close());

  it("B's remediate holds out the account under A's password-recovery exception (the incident)", async () => {
    const before = await f.state();
    const account = usable(before).find((a) => rootTargets(a).length === 0)!;
    // Operator A opens the exception: a login profile is created for the incident.
    const a = await f.run(openRecovery(account.id, ['--db', url]));
    expect(a.code, a.stderr).toBe(0);
    expect((await f.state()).accounts.find((x) => x.id === account.id)!.root.password).toBe(true);
    // Operator B, another process with the same URL, remediates that account.
    const b = await f.run([
      'remediate',
      '--accounts',
      account.id,
      '--yes',
      '--include-recently-used',
      '--db',
      url,
    ]);
    expect(b.code, b.stderr).toBe(0);
    expect(`${b.stdout}${b.stderr}`).toContain(`rootctl exception close --account ${account.id}`);
    expect(
      (await f.state()).accounts.find((x) => x.id === account.id)!.root.password,
      'login profile kept',
    ).toBe(true);
    const listed = await f.run(['exception', 'list', '--db', url, '--output', 'json']);
    expect(JSON.parse(listed.stdout).exceptions).toEqual([
      expect.objectContaining({ accountId: account.id, task: 'password-recovery', state: 'open' }),
    ]);
    // The same remediate against a database of its own (what each operator had before) deletes it:
    // the shared store is what holds the account out.
    const own = `${f.dir}/operator-b.db`;
    expect((await f.run(['db', 'init', '--db', own])).code).toBe(0);
    const alone = await f.run([
      'remediate',
      '--accounts',
      account.id,
      '--yes',
      '--include-recently-used',
      '--db',
      own,
    ]);
    expect(alone.code, alone.stderr).toBe(0);
    expect((await f.state()).accounts.find((x) => x.id === account.id)!.root.password).toBe(false);
  });

  it('refuses a second remediate --yes anywhere with JournalBusy while one applies; kill -9 frees the lock', async () => {
    await f.config({ latencyMs: 150 });
    const first = f.start([
      'remediate',
      '--all',
      '--yes',
      '--include-recently-used',
      '--concurrency',
      '1',
      '--db',
      url,
    ]);
    // Wait until the first process holds the lock: its run is in the shared journal.
    for (let i = 0; i < 600; i++) {
      const runs = await f.run(['journal', '--db', url, '--output', 'json']);
      const doc = JSON.parse(runs.stdout) as { runs: { status: string; counts: { steps: number } }[] };
      if (doc.runs.some((r) => r.status === 'running' && r.counts.steps > 0)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const second = await f.run(['remediate', '--resume', '--yes', '--db', url]);
    const stillRunning = first.child.exitCode === null;
    first.child.kill('SIGKILL');
    await first.done;
    expect(stillRunning).toBe(true);
    expect(second.code, second.stderr).toBe(4);
    expect(second.stderr).toMatch(/^rootctl: JournalBusy: Another rootctl process is applying/m);
    expect(second.stderr).not.toContain('rootctl-test-password');
    // The killed holder's session is gone, and with it the lock: the resume goes through.
    await f.config({ latencyMs: 0 });
    let resumed = await f.run(['remediate', '--resume', '--yes', '--db', url]);
    for (let i = 0; i < 50 && resumed.code === 4; i++) {
      await new Promise((r) => setTimeout(r, 100));
      resumed = await f.run(['remediate', '--resume', '--yes', '--db', url]);
    }
    expect(resumed.code, resumed.stderr).toBe(0);
  });
});

describe('exceptions that expire on their own', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture({ accounts: 12, seed: 31 });
  });
  afterAll(() => f?.close());

  it('exception enforce closes an expired password recovery: the login profile is gone', async () => {
    const before = await f.state();
    const account = usable(before).find((a) => rootTargets(a).length === 0)!;
    const opened = await f.run(openRecovery(account.id, [], '1m'));
    expect(opened.code, opened.stderr).toBe(0);
    expect((await f.run(['exception', 'list', '--fail-on', 'overdue'])).code, 'not overdue yet').toBe(0);
    const notYet = await f.run(['exception', 'enforce', '--yes']);
    expect(notYet.stdout).toContain('No overdue exceptions');

    // Two minutes pass on the emulator's clock; rootctl judges "overdue" by that same clock.
    const r = await fetch(`${f.emu.url}/_emulator/clock`, { method: 'POST', body: '{"advanceSeconds":120}' });
    const emulatorNow = new Date(((await r.json()) as { now: string }).now);
    const offset = emulatorNow.getTime() - Date.now();
    const scenario = f.scenario.principals.find((p) => p.profile === 'security')!;
    const result = await enforceExceptions({
      endpoint: f.emu.url,
      region: 'us-east-1',
      credentials: {
        accessKeyId: scenario.accessKeyId,
        secretAccessKey: scenario.secretAccessKey,
        ...(scenario.sessionToken ? { sessionToken: scenario.sessionToken } : {}),
      },
      db: f.dbFile,
      now: () => new Date(Date.now() + offset),
    });
    expect(result.totals).toEqual({ overdue: 1, closed: 1, left: 0, policiesNotRestored: 0 });
    expect(result.accounts[0]).toMatchObject({ accountId: account.id, closed: true, deleted: 1 });
    const after = (await f.state()).accounts.find((x) => x.id === account.id)!;
    expect(after.root.password, 'login profile deleted again').toBe(false);
    // Journaled like remediate, with the delete task, and the record says why it closed.
    const steps = f.query<{ action: string; task_policy: string; outcome: string }>(
      'SELECT action, task_policy, outcome FROM journal_steps WHERE run_id = ? ORDER BY id',
      result.accounts[0]!.runId!,
    );
    expect(steps).toContainEqual({
      action: 'DeleteLoginProfile',
      task_policy: 'IAMDeleteRootUserCredentials',
      outcome: 'done',
    });
    // Its verification too, as `exception close` records it (evidence), with the audit in the history.
    expect(steps.filter((x) => x.action === 'Verify')).toEqual([
      { action: 'Verify', task_policy: 'IAMAuditRootUserCredentials', outcome: 'done' },
    ]);
    expect(
      f.query<{ n: number }>(
        "SELECT COUNT(*) AS n FROM audits WHERE report_json LIKE '%' || ? || '%'",
        result.accounts[0]!.runId!,
      )[0]!.n,
    ).toBe(1);
    const all = await f.run(['exception', 'list', '--all', '--output', 'json']);
    expect(JSON.parse(all.stdout).exceptions[0]).toMatchObject({
      state: 'closed',
      note: expect.stringContaining('closed by exception enforce'),
    });
  });

  it('exception list --fail-on overdue exits 1; exception enforce closes an unlock and says the policy was not restored', async () => {
    const s = await f.state();
    const withPolicy = usable(s).find((a) => a.buckets.some((b) => b.policy))!;
    const bucket = withPolicy.buckets.find((b) => b.policy)!.name;
    const opened = await f.run([
      'exception',
      'open',
      '--account',
      withPolicy.id,
      '--task',
      'unlock-s3-bucket-policy',
      '--bucket',
      bucket,
      '--reason',
      'CHG-13',
      '--ttl',
      '1m',
      '--yes',
    ]);
    expect(opened.code, opened.stderr).toBe(0);
    // Expired as far as the store knows (the CLI runs on the system clock): moved into the past.
    f.exec("UPDATE exceptions SET expires_at = '2020-01-01T00:00:00.000Z' WHERE closed_at IS NULL");
    const listed = await f.run(['exception', 'list', '--fail-on', 'overdue']);
    expect(listed.code).toBe(1);
    expect(listed.stdout).toContain('OVERDUE');
    const dry = await f.run(['exception', 'enforce']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('dry run');
    const enforced = await f.run(['exception', 'enforce', '--yes', '--output', 'json']);
    expect(enforced.code, enforced.stderr).toBe(0);
    const doc = JSON.parse(enforced.stdout) as {
      totals: Record<string, number>;
      accounts: { policiesNotRestored: { note: string }[] }[];
    };
    expect(doc.totals).toMatchObject({ overdue: 1, closed: 1, left: 0, policiesNotRestored: 1 });
    expect(doc.accounts[0]!.policiesNotRestored[0]!.note).toContain(
      `resource policy of ${bucket} was NOT restored`,
    );
    expect((await f.run(['exception', 'list', '--fail-on', 'overdue'])).code).toBe(0);
    const bucketAfter = (await f.state()).accounts
      .find((a) => a.id === withPolicy.id)!
      .buckets.find((b) => b.name === bucket)!;
    expect(bucketAfter.policy).toBeUndefined(); // not restored, as it says
  });
});
