/**
 * Issue 11, fact 9 (partitions): an organization in AWS GovCloud (US) writes its SCPs with
 * arn:aws-us-gov ARNs, and its root sessions run as arn:aws-us-gov:iam::<member>:root. doctor, audit and
 * `guardrails scp --check` must evaluate its deny-root SCPs in that partition; with ARNs built as
 * arn:aws (the old default of the SCP analysis) they called a GovCloud deny-root SCP harmless.
 * The emulator serves the partition of the scenario's Region (us-gov-west-1 here).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { generateScenario } from '../src/emulator/scenario/generate.js';
import type { Scenario } from '../src/emulator/scenario/schema.js';
import { addScp, rootOffNetworkScp, stubProfileEnv } from './helpers/scenario-env.js';
import { runInProcess } from './support/cli.js';

const REGION = 'us-gov-west-1';
/** "Deny the root user outside the corporate network", GovCloud ARNs: it possibly blocks root sessions. */
const OFF_NETWORK_SCP = rootOffNetworkScp('DenyRootOffNetwork', '*', 'aws-us-gov');

let scenario: Scenario;
let emu: RunningEmulator;
let blockingId: string;
let offNetworkAccount: string;

beforeAll(async () => {
  scenario = generateScenario({
    accounts: 14,
    seed: 5,
    state: 'configured',
    blockingScp: true,
    region: REGION,
  });
  blockingId = scenario.policies.find((p) => p.name === 'DenyRootUser')!.id;
  // A workload account (not under Legacy, the deny-root SCP's OU, nor Security).
  const elsewhere = new Set(
    scenario.ous.filter((o) => ['Legacy', 'Security', 'Suspended'].includes(o.name)).map((o) => o.id),
  );
  offNetworkAccount = scenario.accounts.find(
    (a) =>
      a.status === 'ACTIVE' &&
      !elsewhere.has(a.parentId) &&
      a.id !== scenario.organization!.managementAccountId,
  )!.id;
  addScp(scenario, 'p-offnetwork1', 'DenyRootOffNetwork', OFF_NETWORK_SCP, [offNetworkAccount]);
  emu = await startEmulator(scenario);
  stubProfileEnv(scenario, 'management');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await emu?.close();
});

async function rootctl(args: string[]): Promise<{ code: number; json: any; stderr: string }> {
  const r = await runInProcess([...args, '--output', 'json', '--endpoint-url', emu.url, '--region', REGION]);
  return { code: r.code, json: r.stdout.trim() ? JSON.parse(r.stdout) : undefined, stderr: r.stderr };
}

describe('a GovCloud organization (aws-us-gov)', () => {
  it('doctor reports the GovCloud deny-root SCP as blocking and the off-network one as possibly blocking', async () => {
    const r = await rootctl(['doctor']);
    expect(r.json.caller.arn, r.stderr).toMatch(/^arn:aws-us-gov:sts::/); // the emulator's partition
    const blockers = r.json.scps.value.blockers as { policyId: string; kind: string }[];
    expect(blockers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ policyId: blockingId, kind: 'explicit-deny' }),
        expect.objectContaining({ policyId: 'p-offnetwork1', kind: 'possibly-blocking' }),
      ]),
    );
  });

  it('guardrails scp --check reports both', async () => {
    const r = await rootctl(['guardrails', 'scp', '--check']);
    expect(r.code, r.stderr).toBe(1); // exit 1 when an SCP blocks root sessions
    const blocking = (r.json.blocking as { policyId: string; kind: string }[]).map((b) => [
      b.policyId,
      b.kind,
    ]);
    expect(blocking).toEqual(
      expect.arrayContaining([
        [blockingId, 'explicit-deny'],
        ['p-offnetwork1', 'possibly-blocking'],
      ]),
    );
  });

  it('audit names the off-network SCP and says its condition depends on the request', async () => {
    const r = await rootctl(['audit']);
    const record = (
      r.json.accounts as { accountId: string; status: string; error?: { diagnosis: string } }[]
    ).find((a) => a.accountId === offNetworkAccount)!;
    expect(record.status).toBe('error');
    expect(record.error!.diagnosis).toBe(
      `blocked by SCP p-offnetwork1 (DenyRootOffNetwork) attached to account ${offNetworkAccount} (its condition depends on the request: a Deny whose condition cannot be evaluated before the call)`,
    );
  });
});
