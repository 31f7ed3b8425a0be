/**
 * `rootctl exception open|list|close` end to end against the emulator: each task opens (the change is
 * visible in the emulator's state, the policy saved before it was removed) and closes (root credentials
 * deleted again and verified); refusals change nothing.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountId } from '../src/core/model/account-id.js';
import type { AuditReport } from '../src/core/audit/model.js';
import { openDb } from '../src/store/db.js';
import { ExceptionStore } from '../src/store/exceptions.js';
import { fixture, rootTargets, type EmulatorState, type Fixture } from './remediate-support.js';

interface ListedException {
  id: number;
  accountId: string;
  task: string;
  target: string;
  state: string;
  savedPolicy: string | null;
  expiresAt: string;
  openedAt: string;
  closedAt: string | null;
  reason: string;
  openerArn: string;
}

describe('root-task exceptions', () => {
  let f: Fixture;
  let before: EmulatorState;
  const usable = (s: EmulatorState) => {
    const legacy = s.ous.find((o) => o.name === 'Legacy')?.id;
    return s.accounts.filter(
      (a) => a.status === 'ACTIVE' && a.id !== s.organization.managementAccountId && a.parentId !== legacy,
    );
  };
  const list = async (all = false) => {
    const r = await f.run(['exception', 'list', '--output', 'json', ...(all ? ['--all'] : [])]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      schemaVersion: number;
      kind: string;
      exceptions: ListedException[];
    };
    expect(doc).toMatchObject({ schemaVersion: 1, kind: 'rootctl.exceptions' });
    return doc.exceptions;
  };
  const steps = (runId: string) =>
    f.query<{
      id: number;
      action: string;
      outcome: string;
      detail: string | null;
      task_policy: string;
      session_access_key_id: string;
    }>('SELECT * FROM journal_steps WHERE run_id = ? ORDER BY id', runId);

  beforeAll(async () => {
    f = await fixture({ accounts: 40, seed: 5 });
    before = await f.state();
  });
  afterAll(() => f.close());

  it('unlock-s3-bucket-policy: shows the policy, saves it before removing it, and closes', async () => {
    const account = usable(before).find((a) => a.buckets.some((b) => b.policy))!;
    const bucket = account.buckets.find((b) => b.policy)!;
    const args = [
      'exception',
      'open',
      '--account',
      account.id,
      '--task',
      'unlock-s3-bucket-policy',
      '--bucket',
      bucket.name,
      '--reason',
      'CHG-101 bucket lockout',
      '--ttl',
      '2h',
    ];
    const dry = await f.run(args);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(bucket.policy!);
    expect(dry.stdout).toContain('dry run: nothing changed; run again with --yes to apply');
    expect((await f.state()).accounts.find((a) => a.id === account.id)).toEqual(account);

    const r = await f.run([...args, '--yes', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const opened = JSON.parse(r.stdout) as {
      runId: string;
      exceptionId: number;
      savedPolicy: string;
      verified: boolean;
      expiresAt: string;
    };
    expect(opened).toMatchObject({
      schemaVersion: 1,
      kind: 'rootctl.exception-opened',
      savedPolicy: bucket.policy,
      verified: true,
    });
    expect(Date.parse(opened.expiresAt) - Date.now()).toBeGreaterThan(119 * 60_000);
    const now = (await f.state()).accounts.find((a) => a.id === account.id)!;
    expect(now.buckets.find((b) => b.name === bucket.name)!.policy).toBeUndefined();
    const s = steps(opened.runId);
    expect(s.map((x) => x.action)).toEqual(['AssumeRoot', 'GetBucketPolicy', 'DeleteBucketPolicy', 'Verify']);
    expect(JSON.parse(s[1]!.detail!)).toEqual({ policy: bucket.policy });
    expect(JSON.parse(s[2]!.detail!)).toEqual({ savedPolicy: bucket.policy });
    expect(s.every((x) => x.task_policy === 'S3UnlockBucketPolicy' && x.outcome === 'done')).toBe(true);
    // The CloudTrail record of the removal was made by the session the journal names.
    const del = (await f.state()).events.find((e) => e.eventName === 'DeleteBucketPolicy' && !e.errorCode)!;
    expect(del.userIdentity.accessKeyId).toBe(s[2]!.session_access_key_id);

    const open = await list();
    expect(open).toEqual([
      expect.objectContaining({
        id: opened.exceptionId,
        accountId: account.id,
        task: 'unlock-s3-bucket-policy',
        target: bucket.name,
        state: 'open',
        savedPolicy: bucket.policy,
        reason: 'CHG-101 bucket lockout',
        openerArn: expect.stringContaining('RootOps'),
      }),
    ]);

    const again = await f.run([...args, '--yes']);
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('ExceptionAlreadyOpen');

    const closed = await f.run(['exception', 'close', '--account', account.id, '--yes']);
    expect(closed.code, closed.stderr + closed.stdout).toBe(0);
    expect(closed.stdout).toContain(`Closed exception ${opened.exceptionId} (unlock-s3-bucket-policy)`);
    // An unlock's close says the policy was not restored, never that the unlock deleted root credentials.
    expect(closed.stdout).toMatch(/the resource policy of \S+ was NOT restored/);
    expect(closed.stdout).not.toContain('root credentials deleted and verified');
    expect(rootTargets((await f.state()).accounts.find((a) => a.id === account.id)!)).toEqual([]);
    expect(await list()).toEqual([]);
    expect((await list(true)).find((e) => e.id === opened.exceptionId)).toMatchObject({
      state: 'closed',
      closedAt: expect.any(String),
    });
  });

  it('unlock-sqs-queue-policy: removes the queue policy, saved in the journal first, and closes', async () => {
    const account = usable(before).find((a) => a.queues.some((q) => q.policy))!;
    const queue = account.queues.find((q) => q.policy)!;
    const url = `${f.emu.url}/${account.id}/${queue.name}`;
    const r = await f.run([
      'exception',
      'open',
      '--account',
      account.id,
      '--task',
      'unlock-sqs-queue-policy',
      '--queue-url',
      url,
      '--reason',
      'INC-9 queue lockout',
      '--yes',
      '--output',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const opened = JSON.parse(r.stdout) as {
      runId: string;
      exceptionId: number;
      savedPolicy: string;
      verified: boolean;
    };
    expect(opened).toMatchObject({ savedPolicy: queue.policy, verified: true });
    expect(
      (await f.state()).accounts.find((a) => a.id === account.id)!.queues.find((q) => q.name === queue.name)!
        .policy ?? undefined,
    ).toBeUndefined();
    expect(steps(opened.runId).map((x) => [x.action, x.task_policy])).toEqual([
      ['AssumeRoot', 'SQSUnlockQueuePolicy'],
      ['GetQueuePolicy', 'SQSUnlockQueuePolicy'],
      ['DeleteQueuePolicy', 'SQSUnlockQueuePolicy'],
      ['Verify', 'SQSUnlockQueuePolicy'],
    ]);
    const closed = await f.run(['exception', 'close', '--account', account.id, '--yes', '--output', 'json']);
    expect(closed.code, closed.stderr).toBe(0);
    const result = JSON.parse(closed.stdout) as { schemaVersion: number; kind: string; runId: string };
    expect(result).toMatchObject({
      schemaVersion: 1,
      kind: 'rootctl.exception-closed',
      status: 'completed',
      closed: [opened.exceptionId],
      plan: expect.objectContaining({ scope: expect.stringContaining(account.id) }),
    });
    // The runId is the journal's close run (the account may have no credentials left to delete: the
    // S3 test before this one can have closed an exception on the same account).
    expect(
      f.query<{ kind: string; status: string }>(
        'SELECT kind, status FROM journal_runs WHERE id = ?',
        result.runId,
      ),
    ).toEqual([{ kind: 'exception-close', status: 'completed' }]);
    expect(await list()).toEqual([]);
  });

  it('password-recovery: creates a password-less login profile, and closing deletes it again', async () => {
    const account = usable(before).find((a) => rootTargets(a).length === 0)!;
    const r = await f.run([
      'exception',
      'open',
      '--account',
      account.id,
      '--task',
      'password-recovery',
      '--reason',
      'INC-42 lost MFA',
      '--ttl',
      '4h',
      '--yes',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Verified: the root user has a login profile');
    expect((await f.state()).accounts.find((a) => a.id === account.id)!.root.password).toBe(true);
    expect((await list()).map((e) => [e.accountId, e.task, e.state])).toEqual([
      [account.id, 'password-recovery', 'open'],
    ]);

    const closed = await f.run(['exception', 'close', '--account', account.id, '--yes']);
    expect(closed.code, closed.stderr).toBe(0);
    const s = await f.state();
    expect(s.accounts.find((a) => a.id === account.id)!.root.password).toBe(false);
    const names = s.events
      .filter((e) => e.recipientAccountId === account.id && !e.errorCode)
      .map((e) => e.eventName);
    expect(names.indexOf('CreateLoginProfile')).toBeLessThan(names.lastIndexOf('DeleteLoginProfile'));
    expect(await list()).toEqual([]);
    const runs = f.query<{ kind: string; status: string }>(
      "SELECT kind, status FROM journal_runs WHERE kind LIKE 'exception-%' ORDER BY started_at",
    );
    expect(runs.every((x) => x.status === 'completed')).toBe(true);
    expect(runs.filter((x) => x.kind === 'exception-close')).toHaveLength(3);
    // The verification is journaled, and its audit saved to the history, as for a remediation (evidence).
    const closeRun = f.query<{ id: string }>(
      "SELECT id FROM journal_runs WHERE kind = 'exception-close' ORDER BY started_at DESC LIMIT 1",
    )[0]!.id;
    const verify = steps(closeRun).filter((x) => x.action === 'Verify');
    expect(verify.map((x) => [x.outcome, x.task_policy])).toEqual([['done', 'IAMAuditRootUserCredentials']]);
    const saved = f
      .query<{ report_json: string }>('SELECT report_json FROM audits')
      .map((r) => JSON.parse(r.report_json) as AuditReport)
      .filter((r) => r.remediation?.runId === closeRun);
    expect(saved.map((r) => [r.remediation?.phase, r.accounts.map((a) => [a.accountId, a.status])])).toEqual([
      ['verification', [[account.id, 'compliant']]],
    ]);
    expect(JSON.parse(verify[0]!.detail!)).toMatchObject({ remaining: [], status: 'compliant' });
  });

  it('refuses the management account, a bucket with no policy, and closing with nothing open, changing nothing', async () => {
    const s = await f.state();
    const account = usable(s)[0]!;
    const cases: [string[], number, string][] = [
      [
        [
          'open',
          '--account',
          s.organization.managementAccountId,
          '--task',
          'password-recovery',
          '--reason',
          'nope',
        ],
        2,
        'ManagementAccountTarget',
      ],
      [
        [
          'open',
          '--account',
          account.id,
          '--task',
          'unlock-s3-bucket-policy',
          '--bucket',
          'no-such-policy-bucket',
          '--reason',
          'nope',
        ],
        3,
        'NoSuchBucket',
      ],
      [
        ['open', '--account', account.id, '--task', 'password-recovery', '--reason', 'nope', '--ttl', '30d'],
        2,
        'InvalidDuration',
      ],
      [['open', '--account', account.id, '--task', 'unlock-ec2', '--reason', 'nope'], 2, 'UnknownTask'],
      // The older spellings guardrails used are read as the task names (the messages say the names).
      [
        ['open', '--account', account.id, '--task', 'unlock-s3', '--reason', 'nope'],
        2,
        '--task unlock-s3-bucket-policy needs --bucket',
      ],
      [
        ['open', '--account', account.id, '--task', 'unlock-sqs', '--reason', 'nope'],
        2,
        '--task unlock-sqs-queue-policy needs --queue-url',
      ],
      [
        ['open', '--account', account.id, '--task', 'password-recovery', '--reason', 'x'],
        2,
        "--reason 'x' is too short",
      ],
      [
        ['open', '--account', account.id, '--task', 'password-recovery', '--reason', ' '],
        2,
        'needs --reason',
      ],
      [['close', '--account', account.id], 4, 'NoOpenException'],
    ];
    // The first test left its bucket without a policy: nothing to unlock there.
    const unlocked = usable(s).find((a) => a.buckets.some((b) => !b.policy));
    if (unlocked)
      for (const task of ['unlock-s3-bucket-policy', 'unlock-s3'])
        cases.push([
          [
            'open',
            '--account',
            unlocked.id,
            '--task',
            task,
            '--bucket',
            unlocked.buckets.find((b) => !b.policy)!.name,
            '--reason',
            'nope',
          ],
          4,
          'NoResourcePolicy',
        ]);
    for (const [args, code, text] of cases) {
      const r = await f.run(['exception', ...args, '--yes']);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
      expect(r.stderr).toContain(text);
    }
    const after = await f.state();
    expect(after.accounts).toEqual(s.accounts);
  });

  it('audit flags an account whose exception is overdue, and list shows it as overdue', async () => {
    const account = usable(before)[1]!;
    const db = await openDb(f.dbFile);
    try {
      await new ExceptionStore(db).insert({
        accountId: account.id as AccountId,
        task: 'password-recovery',
        target: 'root-user',
        reason: 'INC-77',
        openerArn: 'arn:aws:sts::111111111111:assumed-role/RootOps/bob',
        openedAt: '2020-01-01T00:00:00.000Z',
        expiresAt: '2020-01-01T04:00:00.000Z',
        savedPolicy: null,
        openRunId: null,
      });
    } finally {
      await db.close();
    }
    expect((await list()).find((e) => e.accountId === account.id)).toMatchObject({ state: 'overdue' });
    const audits = () => f.query<{ n: number }>('SELECT COUNT(*) AS n FROM audits')[0]!.n;
    let saved = 0;
    // With and without saving to the history: the exceptions are read either way.
    for (const extra of [[], ['--no-history']]) {
      const r = await f.run(['audit', '--accounts', account.id, '--output', 'json', ...extra]);
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as {
        accounts: { accountId: string; overdueException?: { task: string; expiresAt: string } }[];
      };
      const flagged = report.accounts.find((a) => a.accountId === account.id)!.overdueException;
      expect(flagged, extra.join(' ')).toEqual({
        task: 'password-recovery',
        expiresAt: '2020-01-01T04:00:00.000Z',
      });
      if (!extra.length) saved = audits();
    }
    expect(audits(), '--no-history saved nothing').toBe(saved);
  });

  it('audit --no-history does not create a database that does not exist', async () => {
    const account = usable(before)[1]!;
    const missing = join(f.dir, 'nowhere', 'rootctl.db');
    const r = await f.run(['audit', '--accounts', account.id, '-q', '--no-history', '--db', missing]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(dirname(missing))).toBe(false);
  });
});

describe('remediate while an exception is open', () => {
  let f: Fixture;
  afterAll(() => f.close());

  it('holds the account out of the plan, names the exception and the way forward, and leaves it alone', async () => {
    f = await fixture({ accounts: 16, seed: 5 });
    const s = await f.state();
    const ok = s.accounts.filter(
      (a) =>
        a.status === 'ACTIVE' &&
        a.id !== s.organization.managementAccountId &&
        !s.ous.some((o) => o.name === 'Legacy' && o.id === a.parentId),
    );
    const recovering = ok.find((a) => rootTargets(a).length === 0)!;
    const withCreds = ok.find((a) => rootTargets(a).length > 1 && a.buckets.some((b) => b.policy))!;
    expect(recovering).toBeDefined();
    expect(withCreds).toBeDefined();
    const opened = await f.run([
      'exception',
      'open',
      '--account',
      recovering.id,
      '--task',
      'password-recovery',
      '--reason',
      'INC-42 lost MFA',
      '--yes',
    ]);
    expect(opened.code, opened.stderr).toBe(0);
    const bucket = withCreds.buckets.find((b) => b.policy)!.name;
    const unlocked = await f.run([
      'exception',
      'open',
      '--account',
      withCreds.id,
      '--task',
      'unlock-s3-bucket-policy',
      '--bucket',
      bucket,
      '--reason',
      'CHG-7 bucket lockout',
      '--yes',
    ]);
    expect(unlocked.code, unlocked.stderr).toBe(0);

    const plan = await f.run(['remediate', '--all', '--include-recently-used', '--output', 'json']);
    expect(plan.code, plan.stderr).toBe(0);
    const p = JSON.parse(plan.stdout) as {
      accounts: { accountId: string }[];
      clean: string[];
      untouched: { accountId: string; reason: string; detail: string; exceptions?: { task: string }[] }[];
    };
    for (const a of [recovering, withCreds]) {
      expect(p.accounts.map((x) => x.accountId)).not.toContain(a.id);
      expect(p.clean).not.toContain(a.id);
      const u = p.untouched.find((x) => x.accountId === a.id)!;
      expect(u).toMatchObject({ reason: 'open-exception' });
      expect(u.detail).toContain(`rootctl exception close --account ${a.id}`);
      expect(u.detail).toContain('opened by arn:');
      expect(u.detail).toMatch(/expires \d{4}-/);
    }
    expect(p.untouched.find((x) => x.accountId === recovering.id)!.exceptions).toEqual([
      expect.objectContaining({ task: 'password-recovery', overdue: false }),
    ]);
    const table = await f.run(['remediate', '--accounts', recovering.id]);
    expect(table.stdout).toMatch(new RegExp(`${recovering.id} .*open password-recovery exception`));

    const applied = await f.run(['remediate', '--all', '--yes', '--include-recently-used']);
    expect(applied.code, applied.stderr).toBe(0);
    const after = await f.state();
    // The login profile the exception created is still there, and so are the other account's credentials.
    expect(after.accounts.find((a) => a.id === recovering.id)!.root.password).toBe(true);
    expect(rootTargets(after.accounts.find((a) => a.id === withCreds.id)!)).toEqual(rootTargets(withCreds));
    expect(
      after.events
        .filter(
          (e) =>
            [recovering.id, withCreds.id].includes(e.recipientAccountId) && e.eventName.startsWith('Delete'),
        )
        .filter((e) => e.eventName !== 'DeleteBucketPolicy'),
    ).toEqual([]);
    const listed = await f.run(['exception', 'list', '--output', 'json']);
    expect(
      (JSON.parse(listed.stdout) as { exceptions: ListedException[] }).exceptions.map((e) => [
        e.accountId,
        e.state,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [recovering.id, 'open'],
        [withCreds.id, 'open'],
      ]),
    );

    // The way forward: close deletes the credentials again and closes the exception.
    const closed = await f.run(['exception', 'close', '--account', recovering.id, '--yes']);
    expect(closed.code, closed.stderr).toBe(0);
    expect((await f.state()).accounts.find((a) => a.id === recovering.id)!.root.password).toBe(false);
  });
});

describe('exception open through faults, throttling and SCPs', () => {
  let f: Fixture;
  let s: EmulatorState;
  let clean: EmulatorState['accounts'];
  beforeAll(async () => {
    f = await fixture({ accounts: 16, seed: 5, blockingScp: true });
    s = await f.state();
    const legacy = s.ous.find((o) => o.name === 'Legacy')?.id;
    clean = s.accounts.filter(
      (a) =>
        a.status === 'ACTIVE' &&
        a.id !== s.organization.managementAccountId &&
        a.parentId !== legacy &&
        rootTargets(a).length === 0,
    );
  });
  afterAll(() => f.close());
  const open = (account: string, ...extra: string[]) =>
    f.run([
      'exception',
      'open',
      '--account',
      account,
      '--task',
      'password-recovery',
      '--reason',
      'INC-42 lost MFA',
      '--yes',
      ...extra,
    ]);
  const listed = async () =>
    (
      JSON.parse((await f.run(['exception', 'list', '--all', '--output', 'json'])).stdout) as {
        exceptions: (ListedException & { note: string | null })[];
      }
    ).exceptions;

  it('retries the preview and the change as remediate does: a 5xx is not a reason to give up', async () => {
    // About every other AssumeRoot and read fails with a 5xx: each is retried, and the exception opens.
    await f.config({
      faults: 0.5,
      faultKinds: ['unavailable', 'internal'],
      faultOperations: ['AssumeRoot', 'GetLoginProfile', 'CreateLoginProfile'],
      seed: 12, // the preview's first AssumeRoot fails, no call fails 4 times in a row
    });
    const r = await open(clean[0]!.id);
    await f.config({ faults: 0, faultOperations: [] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Verified: the root user has a login profile');
    const stats = (await (await fetch(`${f.emu.url}/_emulator/stats`)).json()) as { faults: number };
    expect(stats.faults).toBeGreaterThan(1);
  });

  it('when the retries run out, says to open it again (no --resume) and records nothing', async () => {
    await f.config({ faults: 1, faultKinds: ['unavailable'], faultOperations: ['AssumeRoot'] });
    const r = await open(clean[1]!.id);
    await f.config({ faults: 0, faultOperations: [] });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^rootctl: AwsError: .*after retries; run the same `rootctl exception open` again/m,
    );
    expect(r.stderr).not.toContain('--resume');
    expect((await listed()).filter((e) => e.accountId === clean[1]!.id)).toEqual([]);
  });

  it('a change whose answers were all lost is read back: it went through, so the exception stays open', async () => {
    // CreateLoginProfile is made every time, but every answer is lost (the connection drops after it).
    await f.config({ faults: 1, faultKinds: ['drop-after'], faultOperations: ['CreateLoginProfile'] });
    const r = await open(clean[2]!.id);
    await f.config({ faults: 0, faultOperations: [] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('reading back shows it went through');
    expect((await f.state()).accounts.find((a) => a.id === clean[2]!.id)!.root.password).toBe(true);
    expect((await listed()).find((e) => e.accountId === clean[2]!.id)).toMatchObject({
      state: 'open',
      closedAt: null,
    });
  });

  it('refuses a queue URL in another Region before any call, naming the --region to pass (exit 2)', async () => {
    const account = s.accounts.find((a) => a.queues.some((q) => q.policy))!;
    const queue = account.queues.find((q) => q.policy)!;
    const region = f.scenario.region === 'eu-west-1' ? 'eu-central-1' : 'eu-west-1';
    const calls = (await (await fetch(`${f.emu.url}/_emulator/stats`)).json()) as {
      calls: Record<string, number>;
    };
    const r = await f.run([
      'exception',
      'open',
      '--account',
      account.id,
      '--task',
      'unlock-sqs-queue-policy',
      '--queue-url',
      `https://sqs.${region}.amazonaws.com/${account.id}/${queue.name}`,
      '--reason',
      'INC-9 queue lockout',
      '--yes',
    ]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')[0]).toBe(
      `rootctl: InvalidInput: The queue https://sqs.${region}.amazonaws.com/${account.id}/${queue.name} is in ${region}, but rootctl is using ${f.scenario.region}: pass --region ${region}. Nothing was changed.`,
    );
    expect(r.stderr).toContain(`hint: Run the same command with --region ${region}.`);
    expect(r.stderr).not.toMatch(/\n\s+at |WARN|Warning/);
    // Refused before any AWS call: the emulator saw nothing.
    expect((await (await fetch(`${f.emu.url}/_emulator/stats`)).json()).calls).toEqual(calls.calls);
    expect((await f.state()).accounts.find((a) => a.id === account.id)).toEqual(account);
  });

  it('names the SCP that blocks the task, and says exception (not remediate) when refusing', async () => {
    const legacy = s.ous.find((o) => o.name === 'Legacy')!.id;
    const blocked = s.accounts.find((a) => a.parentId === legacy && a.status === 'ACTIVE')!;
    const scp = (s as unknown as { policies: { id: string; name: string }[] }).policies?.find(
      (p) => p.name === 'DenyRootUser',
    );
    const r = await open(blocked.id);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^rootctl: AccessDenied: .*blocked by SCP p-\S+ \(DenyRootUser\) attached to /m);
    if (scp) expect(r.stderr).toContain(`blocked by SCP ${scp.id} (DenyRootUser) attached to ${legacy}`);
    const unknown = await open('999999999999');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^rootctl: UnknownAccount: Refusing to open an exception: 999999999999 is not in/m,
    );
    expect((await f.state()).accounts.find((a) => a.id === blocked.id)).toEqual(blocked);
    expect((await listed()).filter((e) => [blocked.id, '999999999999'].includes(e.accountId))).toEqual([]);
  });
});
