/**
 * `rootctl journal`: runs and their steps as recorded, matched against the emulator's CloudTrail -
 * who ran it, which root session made each call, which task policy - and never a secret.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RootctlError, listJournalRuns, showJournalRun } from '../src/index.js';
import { fixture, rootTargets, type Fixture } from './remediate-support.js';

interface Step {
  accountId: string;
  action: string;
  targetId: string;
  outcome: string | null;
  sessionAccessKeyId: string | null;
  taskPolicy: string;
  intentAt: string;
  outcomeAt: string | null;
}

describe('rootctl journal', () => {
  let f: Fixture;
  let targets: string[];
  let runId: string;
  beforeAll(async () => {
    f = await fixture({ accounts: 24, seed: 14 });
    const s = await f.state();
    const legacy = s.ous.find((o) => o.name === 'Legacy')!.id;
    targets = s.accounts
      .filter(
        (a) =>
          a.status === 'ACTIVE' &&
          a.id !== s.organization.managementAccountId &&
          a.parentId !== legacy &&
          rootTargets(a).length,
      )
      .slice(0, 3)
      .map((a) => a.id);
    expect(targets).toHaveLength(3);
    const r = await f.run(['remediate', '--accounts', targets.join(','), '--yes', '--include-recently-used']);
    expect(r.code, r.stderr).toBe(0);
    runId = /Run (run-\S+) completed/.exec(r.stdout)![1]!;
  });
  afterAll(() => f.close());

  it('lists runs with who ran them, the scope and step counts', async () => {
    const r = await f.run(['journal', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { schemaVersion: number; kind: string };
    expect(doc).toMatchObject({ schemaVersion: 1, kind: 'rootctl.journal-runs' });
    const { runs } = doc as unknown as {
      runs: {
        id: string;
        kind: string;
        status: string;
        callerArn: string;
        scope: string;
        counts: { done: number; pending: number };
      }[];
    };
    const security = f.scenario.principals.find((p) => p.profile === 'security')!;
    expect(runs).toEqual([
      expect.objectContaining({
        id: runId,
        kind: 'remediate',
        status: 'completed',
        scope: `--accounts ${targets.join(',')}`,
      }),
    ]);
    expect(runs[0]!.callerArn).toMatch(
      new RegExp(`^arn:aws:sts::${security.accountId}:assumed-role/${security.roleName}/`),
    );
    expect(runs[0]!.counts.pending).toBe(0);
    const table = await f.run(['journal']);
    expect(table.stdout).toContain(runId);
  });

  it('shows every step of a run, each linked to the root session CloudTrail saw', async () => {
    const r = await f.run(['journal', runId, '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { schemaVersion: number; kind: string; run: { id: string } };
    expect(doc).toMatchObject({ schemaVersion: 1, kind: 'rootctl.journal-run', run: { id: runId } });
    const { steps, plan } = doc as unknown as {
      steps: Step[];
      plan: { accounts: { accountId: string; deletions: { targetId: string }[] }[] };
    };
    const planned = plan.accounts
      .flatMap((a) => a.deletions.map((d) => `${a.accountId}|${d.targetId}`))
      .sort();
    const deletes = steps.filter((s) => s.action !== 'AssumeRoot' && s.action !== 'Verify');
    expect(deletes.map((s) => `${s.accountId}|${s.targetId}`).sort()).toEqual(planned);
    // The verification is journaled too: one Verify step per changed account, verified.
    const verified = steps.filter((s) => s.action === 'Verify');
    expect(verified.map((s) => s.accountId).sort()).toEqual(
      plan.accounts
        .filter((a) => a.deletions.length)
        .map((a) => a.accountId)
        .sort(),
    );
    for (const v of verified)
      expect(v).toMatchObject({ outcome: 'done', taskPolicy: 'IAMAuditRootUserCredentials' });
    const events = (await f.state()).events;
    for (const s of deletes) {
      expect(s).toMatchObject({ outcome: 'done', taskPolicy: 'IAMDeleteRootUserCredentials' });
      expect(s.intentAt <= s.outcomeAt!).toBe(true);
      const opened = steps.find((x) => x.action === 'AssumeRoot' && x.accountId === s.accountId)!;
      expect(s.sessionAccessKeyId).toBe(opened.sessionAccessKeyId);
      const e = events.find(
        (x) =>
          x.eventName === s.action &&
          x.recipientAccountId === s.accountId &&
          !x.errorCode &&
          (s.action === 'DeleteLoginProfile' ||
            Object.values(x.requestParameters ?? {}).includes(s.targetId)),
      );
      expect(e, `${s.action} ${s.targetId} in CloudTrail`).toBeDefined();
      expect(e!.userIdentity.accessKeyId).toBe(s.sessionAccessKeyId);
    }
    const table = await f.run(['journal', runId]);
    expect(table.stdout).toContain(`Run ${runId} (remediate): completed`);
    expect(table.stdout).toMatch(/DeleteLoginProfile|DeleteAccessKey|DeactivateMFADevice/);
  });

  it('never stores a secret: no secret key or session token of any credential is in the database', () => {
    const bytes = [f.dbFile, `${f.dbFile}-wal`]
      .filter(existsSync)
      .map((p) => readFileSync(p).toString('latin1'))
      .join('');
    expect(bytes).toContain(runId); // the check reads the real content
    let checked = 0;
    for (const c of f.emu.world.credentials.values()) {
      expect(bytes.includes(c.secretAccessKey)).toBe(false);
      if (c.sessionToken) expect(bytes.includes(c.sessionToken)).toBe(false);
      checked++;
    }
    expect(checked).toBeGreaterThan(targets.length); // the root sessions' credentials are among them
  });

  it("the library's listJournalRuns and showJournalRun return what the CLI prints as JSON", async () => {
    const listed = await f.run(['journal', '--output', 'json']);
    expect(listed.code, listed.stderr).toBe(0);
    const runs = await listJournalRuns({ db: f.dbFile });
    expect(runs.runs.map((r) => r.id)).toContain(runId);
    expect(JSON.parse(listed.stdout)).toEqual(JSON.parse(JSON.stringify(runs)));
    const shown = await f.run(['journal', runId, '--output', 'json']);
    expect(shown.code, shown.stderr).toBe(0);
    const run = await showJournalRun(runId, { db: f.dbFile });
    expect(run.steps.length).toBeGreaterThan(0);
    expect(JSON.parse(shown.stdout)).toEqual(JSON.parse(JSON.stringify(run)));
    await expect(showJournalRun('run-19990101-000000-000000', { db: f.dbFile })).rejects.toMatchObject({
      code: 'UnknownRun',
    });
    await expect(listJournalRuns({ db: f.dbFile, limit: 0 })).rejects.toBeInstanceOf(RootctlError);
  });

  it('says so when a run id is unknown', async () => {
    const r = await f.run(['journal', 'run-19990101-000000-000000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('UnknownRun');
  });
});
