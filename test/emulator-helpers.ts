/**
 * Shared set-up for the emulator's service tests: a scenario with extra principals (an account outside
 * the organization, a full-permission role in the delegated-admin account), SDK clients over real HTTP,
 * and the emulator's own view of its state to compare answers against.
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { generateScenario, type GenerateOptions } from '../src/emulator/scenario/generate.js';
import type { Scenario } from '../src/emulator/scenario/schema.js';
import { credsOf } from './helpers/emulator-clients.js';

/** An account id no generated organization uses (the generator draws from 100000000000 upward, seeded). */
export const OUTSIDE_ACCOUNT = '999999999999';

export interface TestOrg {
  scenario: Scenario;
  emu: RunningEmulator;
  /** Credentials of a principal by profile name (management, security, security-admin, member, outside, ...). */
  creds(profile: string): { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  org(profile: string, region?: string): OrganizationsClient;
  sts(profile: string, region?: string): STSClient;
  trail(profile: string, region?: string, maxAttempts?: number): CloudTrailClient;
  state(): Promise<EmulatorState>;
  config(body: Record<string, unknown>): Promise<void>;
  /** The emulator's clock, after advancing it by `seconds`. */
  clock(seconds?: number): Promise<Date>;
  close(): Promise<void>;
}

export interface EmulatorState {
  organization: {
    id: string;
    rootId: string;
    managementAccountId: string;
    featureSet: string;
    scpEnabled: boolean;
  } | null;
  ous: { id: string; name: string; parentId: string }[];
  accounts: { id: string; name: string; email: string; status: string; parentId: string }[];
  serviceAccess: { servicePrincipal: string; dateEnabled: string }[];
  delegatedAdministrators: { accountId: string; servicePrincipal: string; delegationEnabledDate: string }[];
  policies: {
    id: string;
    name: string;
    description: string;
    awsManaged: boolean;
    content: string;
    targets: string[];
  }[];
  events: Record<string, any>[];
}

/** No throttling except the per-operation limits (LookupEvents keeps AWS's 2/s unless a test raises it). */
export const FAST_RATES = { operations: { AssumeRoot: 100, LookupEvents: 2 }, defaultPerSecond: 0 };

export async function startTestOrg(
  options: Partial<GenerateOptions> & { mutate?: (s: Scenario) => void; rates?: typeof FAST_RATES } = {},
): Promise<TestOrg> {
  const { mutate, rates, ...gen } = options;
  const scenario = generateScenario({ accounts: 50, seed: 11, state: 'configured', ...gen });
  const security = scenario.principals.find((p) => p.profile === 'security')!;
  scenario.principals.push(
    {
      ...security,
      profile: 'security-admin',
      accessKeyId: 'ASIASECURITYADMIN0001',
      roleName: 'SecurityAdmin',
      sessionName: 'sec-admin',
      allow: ['*'],
    },
    {
      ...security,
      profile: 'outside',
      accessKeyId: 'ASIAOUTSIDEACCOUNT001',
      accountId: OUTSIDE_ACCOUNT,
      roleName: 'Admin',
      sessionName: 'outsider',
      allow: ['*'],
    },
  );
  mutate?.(scenario);
  const emu = await startEmulator(scenario, { knobs: { rates: rates ?? FAST_RATES } });
  const creds = (profile: string) => credsOf(scenario, profile);
  const base = (profile: string, region = 'us-east-1') => ({
    region,
    endpoint: emu.url,
    credentials: creds(profile),
  });
  return {
    scenario,
    emu,
    creds,
    org: (profile, region) => new OrganizationsClient(base(profile, region)),
    sts: (profile, region) => new STSClient(base(profile, region)),
    trail: (profile, region, maxAttempts) =>
      new CloudTrailClient({ ...base(profile, region), ...(maxAttempts ? { maxAttempts } : {}) }),
    async state() {
      const r = await fetch(`${emu.url}/_emulator/state`);
      return (await r.json()) as EmulatorState;
    },
    async config(body) {
      const r = await fetch(`${emu.url}/_emulator/config`, { method: 'POST', body: JSON.stringify(body) });
      if (!r.ok) throw new Error(`config failed: ${r.status}`);
    },
    async clock(seconds = 0) {
      const r = await fetch(`${emu.url}/_emulator/clock`, {
        method: 'POST',
        body: JSON.stringify({ advanceSeconds: seconds }),
      });
      return new Date(((await r.json()) as { now: string }).now);
    },
    close: () => emu.close(),
  };
}

/** The error an SDK call fails with (fails the test if it succeeds). */
export async function failure(
  p: Promise<unknown>,
): Promise<{ name: string; Reason?: string; message: string; $metadata: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (e) {
    return e as { name: string; Reason?: string; message: string; $metadata: { httpStatusCode?: number } };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
