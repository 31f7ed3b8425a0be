/**
 * `rootctl activity` after a real `rootctl remediate --yes` run against the emulator: it lists exactly
 * the AssumeRoot calls that run made - one audit session per account in scope for the plan, one delete
 * session per account with deletions (the session key ids the journal recorded), one audit session per
 * touched account for the verification - each with its task policy, and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, rootTargets, type EmulatorState, type Fixture } from './remediate-support.js';

interface Session {
  eventId: string;
  principalArn: string;
  targetAccountId: string;
  taskPolicy: string;
  taskPolicyArn: string;
  outcome: string;
  sessionAccessKeyId: string | null;
}
interface Report {
  sessions: Session[];
  summary: { total: number; byTaskPolicy: Record<string, number> };
}
type Event = EmulatorState['events'][number] & { eventID: string; awsRegion: string; eventTime: string };

let f: Fixture;
let before: EmulatorState;
let security: string;
let inScope: string[];
let withCreds: string[];

const ousUnder = (s: EmulatorState, root: string): Set<string> => {
  const out = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const o of s.ous)
      if (out.has(o.parentId) && !out.has(o.id)) {
        out.add(o.id);
        grew = true;
      }
  }
  return out;
};
const assumeRootEvents = (s: EmulatorState) =>
  (s.events as Event[]).filter(
    (e) => e.eventName === 'AssumeRoot' && e.recipientAccountId === security && e.awsRegion === 'us-east-1',
  );
const activity = async (): Promise<Report> => {
  const r = await f.run(['activity', '--output', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
};

beforeAll(async () => {
  f = await fixture({ accounts: 30, seed: 21 });
  before = await f.state();
  const state = before as EmulatorState & {
    delegatedAdministrators: { accountId: string; servicePrincipal: string }[];
  };
  security = state.delegatedAdministrators.find((d) => d.servicePrincipal === 'iam.amazonaws.com')!.accountId;
  const workloads = before.ous.find((o) => o.name === 'Workloads')!.id;
  const ous = ousUnder(before, workloads);
  inScope = before.accounts
    .filter(
      (a) => ous.has(a.parentId) && a.status === 'ACTIVE' && a.id !== before.organization.managementAccountId,
    )
    .map((a) => a.id);
  withCreds = before.accounts.filter((a) => inScope.includes(a.id) && rootTargets(a).length).map((a) => a.id);
});
afterAll(() => f.close());

describe('rootctl activity after rootctl remediate --yes', () => {
  it('lists exactly the AssumeRoot calls the remediation run made, with the right task policies', async () => {
    const earlier = new Set((await activity()).sessions.map((s) => s.eventId));
    const ou = before.ous.find((o) => o.name === 'Workloads')!.id;
    const run = await f.run(['remediate', '--ou', ou, '--yes']);
    expect(run.code, run.stderr).toBe(0);
    expect(withCreds.length).toBeGreaterThan(2);

    const sessions = (await activity()).sessions.filter((s) => !earlier.has(s.eventId));

    // Ground truth 1: the emulator's CloudTrail record of AssumeRoot calls made since.
    const truth = assumeRootEvents(await f.state()).filter((e) => !earlier.has(e.eventID));
    expect(sessions.map((s) => s.eventId).sort()).toEqual(truth.map((e) => e.eventID).sort());

    // Ground truth 2: what the run had to do. Delete sessions are the ones the journal recorded.
    const journal = f.query<{ account_id: string; k: string }>(
      'SELECT DISTINCT account_id, session_access_key_id AS k FROM journal_steps WHERE session_access_key_id IS NOT NULL',
    );
    const deletes = sessions.filter((s) => s.taskPolicy === 'IAMDeleteRootUserCredentials');
    expect(deletes.map((s) => `${s.targetAccountId} ${s.sessionAccessKeyId}`).sort()).toEqual(
      journal.map((j) => `${j.account_id} ${j.k}`).sort(),
    );
    expect(deletes.map((s) => s.targetAccountId).sort()).toEqual([...withCreds].sort());

    // Audits: every account in scope once for the plan, and every touched account again to verify.
    const audits = sessions.filter((s) => s.taskPolicy === 'IAMAuditRootUserCredentials');
    expect(audits.map((s) => s.targetAccountId).sort()).toEqual([...inScope, ...withCreds].sort());

    expect(sessions).toHaveLength(deletes.length + audits.length);
    for (const s of sessions) {
      expect(s.outcome).toBe('success');
      expect(s.principalArn).toBe(`arn:aws:sts::${security}:assumed-role/RootOps/rootctl`);
      expect(s.taskPolicyArn).toBe(`arn:aws:iam::aws:policy/root-task/${s.taskPolicy}`);
      expect(inScope).toContain(s.targetAccountId);
    }
  });
});
