/**
 * Issue 14 through the CLI path: `rootctl audit --to securityhub` against the emulator imports the
 * findings with BatchImportFindings; after an account regains a root password a re-run updates the
 * same finding (stable id) to FAILED, and once the account is clean again a third run sets it PASSED
 * and archived. Runs the CLI in this process (main()), the emulator over real HTTP.
 */
import { GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { generateScenario } from '../src/emulator/scenario/generate.js';
import type { Scenario } from '../src/emulator/scenario/schema.js';
import { credsOf } from './helpers/emulator-clients.js';
import { runInProcess } from './helpers/run-in-process.js';
import { stubProfileEnv } from './helpers/scenario-env.js';

let scenario: Scenario;
let emu: RunningEmulator;
let target: string;
let creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

beforeAll(async () => {
  scenario = generateScenario({ accounts: 10, seed: 7, state: 'configured' });
  const p = scenario.principals.find((x) => x.profile === 'security')!;
  p.allow = [...p.allow, 'securityhub:BatchImportFindings', 'securityhub:GetFindings'];
  creds = credsOf(scenario, 'security');
  // An active member account made clean: the test gives it a password and takes it away again.
  const account = scenario.accounts.find(
    (a) =>
      a.status === 'ACTIVE' && a.id !== scenario.organization!.managementAccountId && a.id !== p.accountId,
  )!;
  account.root = { password: null, accessKeys: [], signingCertificates: [], mfaDevices: [] };
  target = account.id;
  emu = await startEmulator(scenario);
  stubProfileEnv(scenario, 'security');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await emu?.close();
});

const audit = () =>
  runInProcess([
    'audit',
    '--to',
    'securityhub',
    '--output',
    'json',
    '--endpoint-url',
    emu.url,
    '--region',
    'us-east-1',
  ]);

async function passwordFinding(): Promise<AwsSecurityFinding[]> {
  const hub = new SecurityHubClient({ region: 'us-east-1', endpoint: emu.url, credentials: creds });
  const out = await hub.send(
    new GetFindingsCommand({
      Filters: {
        ResourceId: [{ Value: `AWS::::Account:${target}`, Comparison: 'EQUALS' }],
        GeneratorId: [{ Value: 'rootctl/root-password-absent', Comparison: 'EQUALS' }],
      },
    }),
  );
  return out.Findings ?? [];
}

async function setPassword(on: boolean): Promise<void> {
  const root = on ? { password: { createDate: '2026-01-01T00:00:00Z' } } : {};
  const r = await fetch(`${emu.url}/_emulator/accounts/${target}/root`, {
    method: 'PUT',
    body: JSON.stringify(root),
  });
  expect(r.status).toBe(200);
}

it('imports the findings, updates the same finding on the next runs (FAILED, then PASSED and archived)', async () => {
  const first = await audit();
  expect(first.code, first.stderr).toBe(0);
  expect(first.stderr).toMatch(/Security Hub: \d+ active finding\(s\) imported/);
  // A clean account that never failed costs no finding.
  expect(await passwordFinding()).toEqual([]);

  await setPassword(true);
  const second = await audit();
  expect(second.code, second.stderr).toBe(0);
  const failed = await passwordFinding();
  expect(failed).toHaveLength(1);
  expect(failed[0]!.Compliance?.Status).toBe('FAILED');
  expect(failed[0]!.RecordState).toBe('ACTIVE');
  const id = failed[0]!.Id;

  await setPassword(false);
  const third = await audit();
  expect(third.code, third.stderr).toBe(0);
  expect(third.stderr).toMatch(/1 resolved/);
  const passed = await passwordFinding();
  expect(passed.map((f) => [f.Id, f.Compliance?.Status, f.RecordState, f.Workflow?.Status])).toEqual([
    [id, 'PASSED', 'ARCHIVED', 'RESOLVED'],
  ]);
});
