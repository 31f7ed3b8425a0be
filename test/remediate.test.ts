/**
 * `rootctl remediate` end to end: the built CLI against the emulator over HTTP. Ground truth is the
 * emulator's state (root credentials by id, CloudTrail events) before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../src/core/plan/types.js';
import {
  fixture,
  ousUnder,
  rootTargets,
  successfulDeletes,
  type EmulatorState,
  type Fixture,
} from './remediate-support.js';

const DAY = 86_400_000;
const recent = (date: string | undefined) => date !== undefined && Date.now() - Date.parse(date) < 30 * DAY;

describe('remediate on a mixed organization', () => {
  let f: Fixture;
  let before: EmulatorState;
  let inScope: Set<string>;
  beforeAll(async () => {
    f = await fixture({ accounts: 40, seed: 5 });
    before = await f.state();
    const workloads = before.ous.find((o) => o.name === 'Workloads')!.id;
    const ous = ousUnder(before, workloads);
    inScope = new Set(before.accounts.filter((a) => ous.has(a.parentId)).map((a) => a.id));
  });
  afterAll(() => f.close());

  it('plans from a fresh audit: JSON lists exactly the credentials the emulator holds, recently used keys held back', async () => {
    const ou = before.ous.find((o) => o.name === 'Workloads')!.id;
    const r = await f.run(['remediate', '--ou', ou, '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('dry run: nothing changed; run again with --yes to apply');
    const plan = JSON.parse(r.stdout) as Plan;
    expect(plan.schemaVersion).toBe(1);
    expect(plan.scope).toBe(`--ou ${ou}`);
    const withCreds = before.accounts.filter(
      (a) => inScope.has(a.id) && a.status === 'ACTIVE' && rootTargets(a).length,
    );
    expect(withCreds.length).toBeGreaterThan(3);
    expect(plan.accounts.map((a) => a.accountId).sort()).toEqual(withCreds.map((a) => a.id).sort());
    for (const a of withCreds) {
      const p = plan.accounts.find((x) => x.accountId === a.id)!;
      expect([...p.deletions, ...p.heldBack].map((d) => d.targetId).sort()).toEqual(rootTargets(a).sort());
      const recentKeys = a.root.accessKeys.filter((k) => recent(k.lastUsed?.date)).map((k) => k.id);
      expect(p.heldBack.map((d) => d.targetId).sort()).toEqual(recentKeys.sort());
    }
    expect((await f.state()).accounts).toEqual(before.accounts); // a plan changes nothing
  });

  it('plan text: counts the accounts already clean, and leaves the line out when there are none', async () => {
    const active = before.accounts.filter(
      (a) => a.status === 'ACTIVE' && a.id !== before.organization.managementAccountId && inScope.has(a.id),
    );
    const dirty = active.filter((a) => rootTargets(a).length).slice(0, 2);
    const clean = active.find((a) => !rootTargets(a).length)!;
    const onlyDirty = await f.run(['remediate', '--accounts', dirty.map((a) => a.id).join(',')]);
    expect(onlyDirty.code, onlyDirty.stderr).toBe(0);
    expect(onlyDirty.stdout).not.toMatch(/\b0 accounts\b|have no root credentials/);
    expect(onlyDirty.stdout).not.toContain('already clean');
    const mixed = await f.run(['remediate', '--accounts', `${dirty[0]!.id},${clean.id}`]);
    expect(mixed.stdout).toContain('1 account in scope is already clean: no root credentials to delete.');
  });

  it('applies with --yes, verifies, and leaves accounts outside the scope untouched', async () => {
    const ou = before.ous.find((o) => o.name === 'Workloads')!.id;
    // Answered calls: a throttled call is retried and counted twice, and throttling depends on timing.
    const orgCalls = async () => {
      const { calls, throttledCalls } = (await (await fetch(`${f.emu.url}/_emulator/stats`)).json()) as {
        calls: Record<string, number>;
        throttledCalls: Record<string, number>;
      };
      const answered = (op: string) => (calls[op] ?? 0) - (throttledCalls[op] ?? 0);
      return answered('organizations:DescribeAccount') + answered('organizations:ListParents');
    };
    const lookupsBefore = await orgCalls();
    const r = await f.run(['remediate', '--ou', ou, '--yes']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/Run run-\S+ completed/);
    // Verification reuses what the plan knows: no account is looked up in Organizations again (the
    // one call is the plan's ListParents placing --ou in the tree).
    expect(await orgCalls()).toBe(lookupsBefore + 1);
    const after = await f.state();
    for (const a of after.accounts) {
      const was = before.accounts.find((x) => x.id === a.id)!;
      if (!inScope.has(a.id)) {
        expect(a, `account ${a.id} outside the scope`).toEqual(was);
        continue;
      }
      // Only recently used keys (held back) remain.
      const held = was.root.accessKeys.filter((k) => recent(k.lastUsed?.date)).map((k) => k.id);
      expect(rootTargets(a).sort(), `account ${a.id}`).toEqual(held.sort());
    }
    const deleted = [...successfulDeletes(after).values()];
    expect(deleted.length).toBeGreaterThan(3);
    expect(deleted.every((n) => n === 1)).toBe(true);
    // Every delete ran in a root session with the delete task policy, recorded in the journal by key id.
    const sessions = new Set(
      f
        .query<{ k: string }>(
          "SELECT DISTINCT session_access_key_id AS k FROM journal_steps WHERE action LIKE 'Delete%' OR action = 'DeactivateMFADevice'",
        )
        .map((x) => x.k),
    );
    const deleteEvents = after.events.filter(
      (e) => /^(Delete|Deactivate)/.test(e.eventName) && e.eventSource === 'iam.amazonaws.com',
    );
    expect(deleteEvents.length).toBe(deleted.length);
    for (const e of deleteEvents) {
      expect(e.userIdentity.type).toBe('Root');
      expect(sessions.has(e.userIdentity.accessKeyId!)).toBe(true);
    }
  });

  it('a second run finds nothing to do and changes nothing', async () => {
    const ou = before.ous.find((o) => o.name === 'Workloads')!.id;
    const mid = await f.state();
    const r = await f.run(['remediate', '--ou', ou, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('nothing to do');
    const after = await f.state();
    expect(after.accounts).toEqual(mid.accounts);
    const changes = (s: EmulatorState) =>
      s.events.filter((e) => /^(Delete|Deactivate)/.test(e.eventName)).length;
    expect(changes(after)).toBe(changes(mid));
    expect(f.query<{ n: number }>('SELECT COUNT(*) AS n FROM journal_runs')[0]!.n).toBe(1); // no empty run journaled
  });

  it('refuses the management account, a suspended account and unknown or malformed ids, changing nothing', async () => {
    const s = await f.state();
    const mgmt = s.organization.managementAccountId;
    const suspended = s.accounts.find((a) => a.status === 'SUSPENDED')!;
    const active =
      s.accounts.find((a) => a.status === 'ACTIVE' && a.id !== mgmt && rootTargets(a).length)?.id ??
      s.accounts.find((a) => a.id !== mgmt && a.status === 'ACTIVE')!.id;
    const cases: [string[], number, RegExp][] = [
      [['--accounts', mgmt], 2, new RegExp(`ManagementAccountTarget: .*${mgmt} \\(Management\\)`)],
      [
        ['--accounts', `${active},${suspended.id}`],
        2,
        new RegExp(`SuspendedAccount: .*${suspended.id} \\(${suspended.name}\\) is SUSPENDED`),
      ],
      [['--accounts', '999999999999'], 2, /UnknownAccount: .*999999999999 is not in organization/],
      [['--accounts', '12345'], 2, /InvalidAccountId: '12345' is not an AWS account id/],
      [['--resume'], 4, /NothingToResume/],
    ];
    for (const [args, code, message] of cases) {
      const r = await f.run(['remediate', ...args, '--yes']);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
      expect(r.stderr).toMatch(message);
    }
    const after = await f.state();
    expect(after.accounts).toEqual(s.accounts);
    expect(after.events.filter((e) => e.eventName === 'AssumeRoot').length).toBe(
      s.events.filter((e) => e.eventName === 'AssumeRoot').length,
    );
  });
});

describe('remediate with a blocking SCP', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture({ accounts: 30, seed: 8, blockingScp: true });
  });
  afterAll(() => f.close());

  it('reports each blocked account with the SCP that blocks it and fails with exit 1, finishing the others', async () => {
    const before = await f.state();
    const legacy = before.ous.find((o) => o.name === 'Legacy')!.id;
    const scp = (await (await fetch(`${f.emu.url}/_emulator/state`)).json()).policies.find(
      (p: { name: string }) => p.name === 'DenyRootUser',
    ) as { id: string };
    const blocked = before.accounts.filter((a) => a.parentId === legacy && a.status === 'ACTIVE');
    expect(blocked.length).toBeGreaterThanOrEqual(4);
    const r = await f.run(['remediate', '--all', '--yes']);
    expect(r.code, r.stderr).toBe(1);
    for (const a of blocked) {
      const line = r.stdout.split('\n').find((l) => l.startsWith(a.id) && l.includes('FAILED'));
      expect(line, `result line for ${a.id}`).toContain(`blocked by SCP ${scp.id} (DenyRootUser)`);
    }
    const after = await f.state();
    for (const a of after.accounts) {
      const was = before.accounts.find((x) => x.id === a.id)!;
      if (a.parentId === legacy || a.status !== 'ACTIVE' || a.id === before.organization.managementAccountId)
        expect(a.root).toEqual(was.root);
      else
        expect(
          rootTargets(a).every((t) =>
            was.root.accessKeys.some((k) => k.id === t && recent(k.lastUsed?.date)),
          ),
        ).toBe(true);
    }
  });
});
