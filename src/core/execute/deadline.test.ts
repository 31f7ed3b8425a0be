/**
 * The account deadline of remediate's apply (issue 15: a hung endpoint fails within a bounded time), on
 * a virtual clock: a call to an endpoint that never answers "takes" the request timeout and the waits
 * between attempts move the clock too, so nothing really waits and nothing depends on the machine's speed.
 */
import { describe, expect, it } from 'vitest';
import { FakeRootSessions, type FakeRoot } from '../../../test/helpers/fake-root-sessions.js';
import { openDb } from '../../store/db.js';
import { Journal } from '../../store/journal.js';
import { AwsCallError } from '../aws-call-error.js';
import { AdaptiveLimiter } from '../concurrency/adaptive-limiter.js';
import { planOptions } from '../plan/options.js';
import { buildPlan } from '../plan/planner.js';
import { executeDeletions, type ApplyDeps } from './apply.js';

const NOW = new Date('2025-03-01T00:00:00Z');
const ACCOUNT = '300000000001';
const HUNG_KEY = 'AKIAKEY00000000000001';

function root(): FakeRoot {
  return {
    password: null,
    accessKeys: [
      { id: HUNG_KEY, createDate: '2022-01-01T00:00:00Z' },
      { id: 'AKIAKEY00000000000002', createDate: '2022-02-01T00:00:00Z' },
    ],
    signingCertificates: [],
    mfaDevices: [],
  };
}

async function setup() {
  const fake = new FakeRootSessions(new Map([[ACCOUNT, root()]]), () => NOW);
  const journal = new Journal(await openDb(':memory:'));
  const plan = buildPlan({
    audits: [fake.auditOf(ACCOUNT)],
    organizationId: 'o-abcdefghij',
    managementAccountId: '100000000000',
    callerArn: 'arn:aws:sts::200000000000:assumed-role/RootOps/t',
    scope: '--all',
    options: planOptions({}),
    now: NOW,
  });
  let virtualMs = 0;
  // The endpoint of one DeleteAccessKey never answers: each attempt "takes" the 30 s request timeout
  // (its timer fires a moment after it).
  let hung = true;
  fake.fault = (op, _account, target) =>
    hung && op === 'iam:DeleteAccessKey' && target === HUNG_KEY
      ? () => {
          virtualMs += 30_001;
          throw new AwsCallError(
            'NetworkError',
            'no answer from http://127.0.0.1:9 within 30 s',
            op,
            'network',
          );
        }
      : undefined;
  const deps: ApplyDeps = {
    opener: fake,
    journal,
    now: () => NOW,
    // The adapters' request timeout: the default account deadline is derived from it (60 s).
    requestTimeoutMs: 30_000,
    limiter: new AdaptiveLimiter({ max: 1, now: () => virtualMs }),
  };
  const retry = {
    sleep: async (ms: number) => void (virtualMs += ms),
    random: () => 0.5,
  };
  const attemptsOfHung = () =>
    fake.calls.filter((c) => c.op === 'iam:DeleteAccessKey' && c.target === HUNG_KEY).length;
  return { fake, journal, plan, deps, retry, attemptsOfHung, heal: () => (hung = false) };
}

describe("remediate's apply: the account deadline", () => {
  it('gives a step whose endpoint never answers one request timeout, journals it failed, and resume retries it', async () => {
    const { journal, plan, deps, retry, attemptsOfHung, heal } = await setup();
    const first = await executeDeletions(plan, deps, { callerArn: plan.callerArn, retry });
    // One attempt (without the deadline: four, 120 s).
    expect(attemptsOfHung()).toBe(1);
    expect(first.status).toBe('failed');
    const account = first.accounts.find((a) => a.accountId === ACCOUNT)!;
    expect(account).toMatchObject({ status: 'failed', errorCode: 'NetworkError' });
    // One line naming the endpoint and the operation.
    expect(account.diagnosis).toMatch(
      /no answer from http:\/\/127\.0\.0\.1:9 within 30 s \(iam:DeleteAccessKey, 1 attempt; stopped at the account's deadline\)/,
    );
    const step = (await journal.steps(first.runId)).find((s) => s.targetId === HUNG_KEY)!;
    expect(step).toMatchObject({ outcome: 'failed', errorCode: 'NetworkError' });
    expect(step.errorMessage).toMatch(/127\.0\.0\.1:9.*iam:DeleteAccessKey/);

    // The endpoint answers again: the resume runs the failed step, never counting it done before.
    heal();
    const again = await executeDeletions(plan, deps, {
      callerArn: plan.callerArn,
      resumeRunId: first.runId,
      retry,
    });
    expect(again.status).toBe('completed');
    expect(attemptsOfHung()).toBe(2);
    const steps = (await journal.steps(first.runId)).filter((s) => s.targetId === HUNG_KEY);
    expect(steps.map((s) => s.outcome)).toEqual(['failed', 'done']);
  });

  it('still retries a call that fails fast within the deadline (a blip is not a failure)', async () => {
    const { fake, plan, deps, retry } = await setup();
    let faults = 0;
    fake.fault = (op) =>
      op === 'iam:DeleteAccessKey' && faults++ < 2
        ? () => {
            throw new AwsCallError('NetworkError', 'socket hang up', op, 'network');
          }
        : undefined;
    const r = await executeDeletions(plan, deps, { callerArn: plan.callerArn, retry });
    expect(r.status).toBe('completed');
    expect(faults).toBeGreaterThanOrEqual(3);
  });
});
