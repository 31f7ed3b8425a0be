/**
 * Issue 11, fact 9: remediate's plan says out loud that an SCP *may* deny the deletions it is about to
 * try. The SCP below denies the root user's credential deletions outside a corporate network: whether it
 * applies depends on aws:SourceIp, which only the real request has, so the analysis answers 'unknown'.
 * The plan keeps the account (the run tries it and reports a denial) and names the SCP, in the table
 * and in the JSON, instead of dropping the 'unknown'.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { generateScenario } from '../src/emulator/scenario/generate.js';
import type { Scenario } from '../src/emulator/scenario/schema.js';
import { runInProcess } from './helpers/run-in-process.js';
import { addScp, rootOffNetworkScp, stubProfileEnv } from './helpers/scenario-env.js';

const DENY_DELETES_OFF_NETWORK = rootOffNetworkScp('DenyRootCredentialDeletesOffNetwork', [
  'iam:DeleteAccessKey',
  'iam:DeleteLoginProfile',
  'iam:DeactivateMFADevice',
]);

let scenario: Scenario;
let emu: RunningEmulator;
let dir: string;
let target: string;

beforeAll(async () => {
  scenario = generateScenario({ accounts: 12, seed: 5, state: 'configured' });
  const security = scenario.ous.find((o) => o.name === 'Security')!.id;
  const account = scenario.accounts.find(
    (a) =>
      a.status === 'ACTIVE' &&
      a.parentId !== security &&
      a.id !== scenario.organization!.managementAccountId &&
      (a.root.password !== null || a.root.accessKeys.length > 0),
  )!;
  target = account.id;
  addScp(scenario, 'p-offnetwork2', 'DenyRootDeletesOffNetwork', DENY_DELETES_OFF_NETWORK, [target]);
  emu = await startEmulator(scenario);
  dir = mkdtempSync(join(tmpdir(), 'rootctl-possibly-'));
  const init = await runInProcess(['db', 'init', '--db', join(dir, 'rootctl.db')]);
  if (init.code !== 0) throw new Error(init.stderr);
  stubProfileEnv(scenario, 'security');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

const remediate = (extra: string[]) =>
  runInProcess([
    'remediate',
    '--accounts',
    target,
    '--db',
    join(dir, 'rootctl.db'),
    '--endpoint-url',
    emu.url,
    '--region',
    'us-east-1',
    ...extra,
  ]);

it('the plan names the SCP that possibly blocks the deletions, in JSON and in the table', async () => {
  const json = await remediate(['--output', 'json']);
  expect(json.stdout, json.stderr).not.toBe('');
  const plan = JSON.parse(json.stdout) as {
    accounts: { accountId: string; deletions: unknown[]; possiblyBlocked?: string }[];
  };
  const planned = plan.accounts.find((a) => a.accountId === target);
  expect(planned?.deletions.length, json.stderr).toBeGreaterThan(0);
  expect(planned?.possiblyBlocked).toMatch(
    /^possibly blocked by SCP p-offnetwork2 \(DenyRootDeletesOffNetwork\) attached to \d{12}: a Deny whose condition cannot be evaluated before the call \(iam:/,
  );

  const table = await remediate([]);
  expect(table.stdout).toContain(
    'WARNING: an SCP may block root sessions in 1 account (POSSIBLY BLOCKED below)',
  );
  expect(table.stdout).toMatch(
    /Possibly blocked \(1\):\n.*\n\s+\d{12}\s+\S.*possibly blocked by SCP p-offnetwork2/,
  );
  // Nothing was changed: no --yes.
  expect(
    emu.world.accounts.get(target)!.root.password ?? emu.world.accounts.get(target)!.root.accessKeys[0],
  ).toBeTruthy();
});

it('with --all, the SCP analysis reuses the tree the plan audit listed and reads FullAWSAccess per OU', async () => {
  // Answered calls (a throttled one is retried, and counted in both).
  const answered = async () => {
    const stats = (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as {
      calls: Record<string, number>;
      throttledCalls: Record<string, number>;
    };
    return (op: string) =>
      (stats.calls[`organizations:${op}`] ?? 0) - (stats.throttledCalls[`organizations:${op}`] ?? 0);
  };
  const before = await answered();
  const json = await runInProcess([
    'remediate',
    '--all',
    '--db',
    join(dir, 'rootctl.db'),
    '--endpoint-url',
    emu.url,
    '--region',
    'us-east-1',
    '--output',
    'json',
  ]);
  const after = await answered();
  const delta = (op: string) => after(op) - before(op);
  const plan = JSON.parse(json.stdout) as { accounts: { accountId: string; possiblyBlocked?: string }[] };
  // The analysis still ran, on the audit's tree.
  expect(plan.accounts.find((a) => a.accountId === target)?.possiblyBlocked).toMatch(/p-offnetwork2/);
  // The root and every OU listed once, by the audit; a second walk for the analysis would double it.
  expect(delta('ListOrganizationalUnitsForParent')).toBe(scenario.ous.length + 1);
  // FullAWSAccess, attached to every target, is never paged: one ListTargetsForPolicy per customer SCP
  // (each has one page of targets) ...
  const customer = scenario.policies.filter((p) => !p.awsManaged);
  expect(delta('ListTargetsForPolicy')).toBe(customer.length);
  // ... and its attachments are read per target instead: the root, the OUs above the planned accounts
  // and the one account with an SCP of its own; never once per account.
  expect(delta('ListPoliciesForTarget')).toBeGreaterThan(1);
  expect(delta('ListPoliciesForTarget')).toBeLessThanOrEqual(scenario.ous.length + 2);
});
