import { describe, expect, it } from 'vitest';
import { FakeRootSessions, type FakeRoot } from '../../../test/helpers/fake-root-sessions.js';
import { openDb } from '../../store/db.js';
import { Journal } from '../../store/journal.js';
import type { AccountId } from '../model/account-id.js';
import { planOptions } from '../plan/options.js';
import { buildPlan } from '../plan/planner.js';
import { RetryBudget } from '../concurrency/retry.js';
import { executeDeletions, type ApplyDeps } from './apply.js';

const NOW = new Date('2025-03-01T00:00:00Z');
const ACCOUNTS = ['300000000001', '300000000002', '300000000003'];
const noSleep = { sleep: async () => {}, random: () => 0.5 };

function roots(): Map<string, FakeRoot> {
  return new Map(
    ACCOUNTS.map((a, i) => [
      a,
      {
        password: { createDate: '2023-01-01T00:00:00Z' },
        accessKeys: [
          { id: `AKIAKEY${i}0000000001`, createDate: '2022-01-01T00:00:00Z' },
          { id: `AKIAKEY${i}0000000002`, createDate: '2022-02-01T00:00:00Z' },
        ],
        signingCertificates: [{ id: `CERT${i}00000000000000000000001`, uploadDate: '2022-01-01T00:00:00Z' }],
        mfaDevices: [{ serialNumber: `arn:aws:iam::${a}:mfa/root`, enableDate: '2022-01-01T00:00:00Z' }],
      },
    ]),
  );
}

async function setup() {
  const fake = new FakeRootSessions(roots(), () => NOW);
  const journal = new Journal(await openDb(':memory:'));
  const plan = buildPlan({
    audits: ACCOUNTS.map((a) => fake.auditOf(a)),
    organizationId: 'o-abcdefghij',
    managementAccountId: '100000000000',
    callerArn: 'arn:aws:sts::200000000000:assumed-role/RootOps/t',
    scope: '--all',
    options: planOptions({}),
    now: NOW,
  });
  const deps: ApplyDeps = {
    opener: fake,
    journal,
    verify: async (ids) => ids.map((id) => fake.auditOf(id)),
    now: () => NOW,
  };
  return { fake, journal, plan, deps };
}

/** No credential was deleted twice: each (account, op, target) changed state at most once. */
function expectNoRepeats(fake: FakeRootSessions) {
  const keys = fake.effective.map((e) => `${e.account}|${e.op}|${e.target}`);
  expect(new Set(keys).size).toBe(keys.length);
}

describe('executeDeletions', () => {
  it('deletes every planned credential, journals intent and outcome with the session, and verifies', async () => {
    const { fake, journal, plan, deps } = await setup();
    const r = await executeDeletions(plan, deps, { callerArn: plan.callerArn });
    expect(r.status).toBe('completed');
    expect(r.totals).toMatchObject({ accounts: 3, done: 3, failed: 0, deleted: 15, alreadyGone: 0 });
    expect(r.accounts.every((a) => a.verified === true)).toBe(true);
    for (const a of ACCOUNTS) expect(fake.auditOf(a).status).toBe('compliant');
    const steps = await journal.steps(r.runId);
    expect(steps.filter((s) => s.action === 'AssumeRoot')).toHaveLength(3);
    const deletes = steps.filter((s) => s.action !== 'AssumeRoot');
    expect(deletes).toHaveLength(15);
    for (const s of deletes) {
      expect(s.outcome).toBe('done');
      expect(s.taskPolicy).toBe('IAMDeleteRootUserCredentials');
      expect(s.sessionAccessKeyId).toMatch(/^ASIAFAKE/);
      expect(s.intentAt <= s.outcomeAt!).toBe(true);
    }
    expect(await journal.getRun(r.runId)).toMatchObject({
      status: 'completed',
      callerArn: plan.callerArn,
      scope: '--all',
    });
    expect(await journal.planOf(r.runId)).toEqual(plan);
    expectNoRepeats(fake);
  });

  it('counts "already gone" as done when a credential goes between the re-read and its delete', async () => {
    const { fake, plan, deps } = await setup();
    const root = fake.roots.get('300000000002')!;
    // Someone else removes two credentials while the run is in the account (after the drift re-read).
    fake.fault = (op, account) => {
      if (account !== '300000000002' || !op.startsWith('iam:Deactivate')) return undefined;
      return () => {
        root.accessKeys.shift();
        root.password = null;
      };
    };
    const r = await executeDeletions(plan, deps, { callerArn: 'x' });
    expect(r.status).toBe('completed');
    expect(r.accounts.find((a) => a.accountId === '300000000002')).toMatchObject({
      status: 'done',
      verified: true,
    });
    expect(r.totals.alreadyGone).toBe(2);
  });

  it('refuses (PlanStale) an account that no longer holds a credential the plan names, deleting nothing in it', async () => {
    const { fake, plan, deps } = await setup();
    const gone = fake.roots.get('300000000002')!.accessKeys.shift()!;
    const r = await executeDeletions(plan, deps, { callerArn: 'x' });
    expect(r.status).toBe('failed');
    const stale = r.accounts.find((a) => a.accountId === '300000000002')!;
    expect(stale).toMatchObject({ status: 'failed', errorCode: 'PlanStale' });
    expect(stale.diagnosis).toContain(gone.id);
    expect(stale.steps.every((s) => s.outcome === 'not-run')).toBe(true);
    expect(fake.effective.filter((e) => e.account === '300000000002')).toEqual([]);
    // The other accounts' deletions were reviewed as they still stand: they go ahead.
    for (const a of ['300000000001', '300000000003']) expect(fake.auditOf(a).status).toBe('compliant');
  });

  it('retries throttling and lost responses without deleting anything twice', async () => {
    const { fake, plan, deps } = await setup();
    let n = 0;
    fake.fault = (op) =>
      op.startsWith('iam:')
        ? ++n % 3 === 0
          ? 'drop-after'
          : n % 3 === 1
            ? 'throttle'
            : undefined
        : undefined;
    const r = await executeDeletions(plan, deps, { callerArn: 'x', retry: noSleep });
    expect(r.status).toBe('completed');
    expect(r.totals.retries).toBeGreaterThan(10);
    expect(r.totals.deleted + r.totals.alreadyGone).toBe(15);
    expect(r.totals.alreadyGone).toBeGreaterThan(0); // the lost responses, answered "already gone" on retry
    for (const a of ACCOUNTS) expect(fake.auditOf(a).status).toBe('compliant');
    expectNoRepeats(fake);
  });

  it('fails an account when the retry budget runs out, and --resume finishes it', async () => {
    const { fake, journal, plan, deps } = await setup();
    fake.fault = (op, account) =>
      account === '300000000003' && op === 'iam:DeleteAccessKey' ? 'throttle' : undefined;
    const first = await executeDeletions(plan, deps, {
      callerArn: 'x',
      retry: { ...noSleep, budget: new RetryBudget(3) },
    });
    expect(first.status).toBe('failed');
    const failed = first.accounts.find((a) => a.accountId === '300000000003')!;
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'Throttling' });
    expect(failed.diagnosis).toMatch(/throttling after retries/);
    fake.fault = () => undefined;
    const again = await executeDeletions((await journal.planOf(first.runId))!, deps, {
      callerArn: 'y',
      resumeRunId: first.runId,
      retry: noSleep,
    });
    expect(again.status).toBe('completed');
    expect(again.totals.doneEarlier).toBe(11); // two accounts' five steps, and the MFA of the third
    expect(await journal.getRun(first.runId)).toMatchObject({
      status: 'completed',
      resumedCount: 1,
      lastResumedBy: 'y',
    });
    expectNoRepeats(fake);
  });

  it('names the SCP when AssumeRoot is denied', async () => {
    const { fake, plan, deps } = await setup();
    fake.denied.add('300000000002');
    const r = await executeDeletions(
      plan,
      {
        ...deps,
        blockerOf: (id) =>
          id === '300000000002' ? 'blocked by SCP p-abcd1234 (DenyRootUser) attached to ou-x' : undefined,
      },
      { callerArn: 'x' },
    );
    expect(r.status).toBe('failed');
    expect(r.accounts.find((a) => a.accountId === '300000000002')).toMatchObject({
      status: 'failed',
      errorCode: 'AccessDenied',
      diagnosis: expect.stringContaining('blocked by SCP p-abcd1234 (DenyRootUser)'),
    });
    expect(r.totals).toMatchObject({ done: 2, failed: 1 });
  });

  it('stops between steps when aborted, marks the run interrupted, and resumes without repeating', async () => {
    const { fake, journal, plan, deps } = await setup();
    const ac = new AbortController();
    let deletes = 0;
    fake.fault = (op) => (op.startsWith('iam:Delete') && ++deletes === 4 ? () => ac.abort() : undefined);
    const first = await executeDeletions(plan, deps, { callerArn: 'x', signal: ac.signal });
    expect(first.status).toBe('interrupted');
    expect((await journal.getRun(first.runId))!.status).toBe('interrupted');
    expect((await journal.latestResumable())?.id).toBe(first.runId);
    // The step that was running when the signal came finished and was journaled as done.
    expect((await journal.steps(first.runId)).filter((s) => s.outcome === null)).toEqual([]);
    const again = await executeDeletions(plan, deps, { callerArn: 'x', resumeRunId: first.runId });
    expect(again.status).toBe('completed');
    expect(again.totals.doneEarlier).toBeGreaterThan(0);
    for (const a of ACCOUNTS) expect(fake.auditOf(a).status).toBe('compliant');
    expectNoRepeats(fake);
    expect(await journal.latestResumable()).toBeUndefined();
  });

  it('never resumes an older interrupted run once a newer run has been made (its plan is stale)', async () => {
    const { fake, journal, plan, deps } = await setup();
    const ac = new AbortController();
    let deletes = 0;
    fake.fault = (op) => (op.startsWith('iam:Delete') && ++deletes === 2 ? () => ac.abort() : undefined);
    const first = await executeDeletions(plan, deps, { callerArn: 'x', signal: ac.signal });
    expect((await journal.latestResumable())?.id).toBe(first.runId);
    fake.fault = () => undefined;
    // A newer run, from a plan of the organization as it now is.
    const replanned = buildPlan({
      audits: ACCOUNTS.map((a) => fake.auditOf(a)),
      organizationId: 'o-abcdefghij',
      managementAccountId: '100000000000',
      callerArn: 'arn:aws:sts::200000000000:assumed-role/RootOps/t',
      scope: '--all',
      options: planOptions({}),
      now: NOW,
    });
    const fresh = await executeDeletions(replanned, deps, { callerArn: 'x' });
    expect(fresh.status).toBe('completed');
    expect((await journal.getRun(first.runId))!.status).toBe('interrupted');
    expect(await journal.latestResumable()).toBeUndefined();
  });

  it('re-runs an intent that has no outcome (killed mid-call) safely', async () => {
    const { fake, journal, plan, deps } = await setup();
    const runId = await journal.startRun({
      kind: 'remediate',
      callerArn: 'x',
      scope: '--all',
      options: {},
      plan,
    });
    // The process died after the delete reached AWS but before the outcome was written.
    await journal.recordIntent({
      runId,
      accountId: '300000000001' as AccountId,
      action: 'DeleteAccessKey',
      targetId: 'AKIAKEY00000000001',
      taskPolicy: 'IAMDeleteRootUserCredentials',
    });
    fake.roots.get('300000000001')!.accessKeys.shift();
    const r = await executeDeletions(plan, deps, { callerArn: 'x', resumeRunId: runId });
    expect(r.status).toBe('completed');
    const step = (await journal.steps(runId)).filter((s) => s.targetId === 'AKIAKEY00000000001');
    expect(step.map((s) => s.outcome)).toEqual([null, 'already-gone']);
  });

  it('fails verification when a planned credential is still there', async () => {
    const { fake, plan, deps } = await setup();
    const r = await executeDeletions(
      plan,
      {
        ...deps,
        verify: async (ids) =>
          ids.map((id) => ({
            ...fake.auditOf(id),
            ...(id === '300000000001'
              ? { root: { ...fake.auditOf(id).root!, password: { present: true } } }
              : {}),
          })),
      },
      { callerArn: 'x' },
    );
    expect(r.accounts.find((a) => a.accountId === '300000000001')).toMatchObject({
      status: 'failed',
      verified: false,
      remaining: ['login-profile'],
      errorCode: 'NotVerified',
    });
    expect(r.status).toBe('failed');
  });
});

describe('executeDeletions: what a run leaves is named, never DONE', () => {
  it('an account keeping a held-back recently used key is PARTIAL, and the totals count what is left', async () => {
    const r0 = roots();
    const recent = { date: '2025-02-20T00:00:00Z', service: 's3', region: 'us-east-1' };
    r0.get(ACCOUNTS[0]!)!.accessKeys[0]!.lastUsed = recent;
    // The third account holds nothing but a recently used key: the run has nothing to delete there.
    r0.set(ACCOUNTS[2]!, {
      password: null,
      accessKeys: [{ id: 'AKIAONLYRECENT000001', createDate: '2022-01-01T00:00:00Z', lastUsed: recent }],
      signingCertificates: [],
      mfaDevices: [],
    });
    const fake = new FakeRootSessions(r0, () => NOW);
    const plan = buildPlan({
      audits: ACCOUNTS.map((a) => fake.auditOf(a)),
      organizationId: 'o-abcdefghij',
      managementAccountId: '100000000000',
      callerArn: 'arn:aws:sts::200000000000:assumed-role/RootOps/t',
      scope: '--all',
      options: planOptions({}),
      now: NOW,
    });
    const deps: ApplyDeps = {
      opener: fake,
      journal: new Journal(await openDb(':memory:')),
      verify: async (ids) => ids.map((id) => fake.auditOf(id)),
      now: () => NOW,
    };
    const r = await executeDeletions(plan, deps, { callerArn: plan.callerArn });
    const byId = new Map(r.accounts.map((a) => [a.accountId, a]));
    expect(byId.get(ACCOUNTS[0]! as AccountId)?.status).toBe('partial');
    expect(byId.get(ACCOUNTS[0]! as AccountId)?.left).toEqual([
      { targetId: 'AKIAKEY00000000001', kind: 'access-keys', reason: 'held-back' },
    ]);
    expect(byId.get(ACCOUNTS[1]! as AccountId)?.status).toBe('done');
    expect(byId.get(ACCOUNTS[2]! as AccountId)?.status).toBe('partial');
    expect(r.totals).toMatchObject({ done: 1, partial: 2, left: 2, leftByReason: { 'held-back': 2 } });
  });
});
