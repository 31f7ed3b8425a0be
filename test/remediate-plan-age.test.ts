/**
 * `rootctl remediate --resume --max-plan-age` (issue 12's PlanStale): a run left unfinished whose plan
 * is older than the limit is refused whole - PlanStale, exit 4, nothing deleted - and the same run
 * within the limit resumes and finishes. The run is left unfinished for real (the emulator drops every
 * DeleteLoginProfile call); the plan is aged by changing its createdAt in the journal, as time would.
 * The CLI runs in-process against the emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, successfulDeletes, type Fixture } from './remediate-support.js';

describe('remediate --resume --max-plan-age', () => {
  let f: Fixture;
  let accountId: string;
  let runId: string;
  beforeAll(async () => {
    f = await fixture({ accounts: 10, seed: 5 });
    const s = await f.state();
    accountId = s.accounts.find(
      (a) =>
        a.status === 'ACTIVE' &&
        a.id !== s.organization.managementAccountId &&
        a.root.password &&
        a.root.accessKeys.every(
          (k) => !k.lastUsed || Date.now() - Date.parse(k.lastUsed.date) > 40 * 86_400_000,
        ),
    )!.id;
    await f.config({
      faults: 1,
      faultKinds: ['drop-before'],
      faultOperations: ['DeleteLoginProfile'],
      seed: 1,
    });
    const first = await f.run(['remediate', '--accounts', accountId, '--yes']);
    expect(first.code, first.stderr).toBe(1);
    await f.config({ faults: 0, faultOperations: [] });
    const [run] = f.query<{ id: string; status: string }>('SELECT id, status FROM journal_runs');
    expect(run!.status).toBe('failed');
    runId = run!.id;
    planMadeHoursAgo(2);
  });
  /** Ages the journaled plan: made `hours` ago. */
  const planMadeHoursAgo = (hours: number) =>
    f.exec(
      `UPDATE journal_plan SET plan = json_set(plan, '$.createdAt', '${new Date(Date.now() - hours * 3_600_000).toISOString()}') WHERE run_id = '${runId}'`,
    );
  afterAll(() => f.close());

  const loginProfile = async () => (await f.state()).accounts.find((a) => a.id === accountId)!.root.password;

  // 2 h is within the default 24 h: the refusal is the flag's.
  it('refuses a plan older than the limit: PlanStale, exit 4, nothing deleted', async () => {
    expect(await loginProfile()).toBe(true);
    const deletesBefore = successfulDeletes(await f.state()).size;
    const r = await f.run(['remediate', '--resume', '--yes', '--max-plan-age', '1h']);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/^rootctl: PlanStale: The plan was made \S+ \(2 h ago\), older than the 1 h/m);
    expect(await loginProfile()).toBe(true);
    expect(successfulDeletes(await f.state()).size).toBe(deletesBefore);
    const [run] = f.query<{ status: string }>('SELECT status FROM journal_runs WHERE id = ?', runId);
    expect(run!.status).toBe('failed'); // still resumable
  });

  // 30 h is over the default 24 h: the resume is the flag's.
  it('resumes the same run when the plan is within the limit', async () => {
    planMadeHoursAgo(30);
    const r = await f.run(['remediate', '--resume', '--yes', '--max-plan-age', '2d']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stderr).toContain(`resuming ${runId}`);
    expect(await loginProfile()).toBe(false);
  });
});
