/**
 * Test helpers: start an emulator on a generated scenario and build real AWS SDK v3 clients for
 * its profiles and for root sessions, plus the emulator's admin endpoints (ground truth).
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRootCommand, STSClient } from '@aws-sdk/client-sts';
import type { TaskPolicyName } from '../../src/core/model/task-policies.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { generateScenario, type GenerateOptions } from '../../src/emulator/scenario/generate.js';
import type { Scenario, ScenarioAccount } from '../../src/emulator/scenario/schema.js';

export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface TestEmulator {
  emu: RunningEmulator;
  scenario: Scenario;
  url: string;
  close(): Promise<void>;
}

/** Starts an emulator; throttling is off unless `throttle` is set, so rule tests never see Throttling. */
export async function startTestEmulator(
  options: GenerateOptions,
  edit?: (s: Scenario) => void,
  throttle = false,
): Promise<TestEmulator> {
  const scenario = generateScenario(options);
  edit?.(scenario);
  const emu = await startEmulator(
    scenario,
    throttle ? {} : { knobs: { rates: { operations: {}, defaultPerSecond: 0 } } },
  );
  return { emu, scenario, url: emu.url, close: () => emu.close() };
}

export function credsOf(scenario: Scenario, profile: string): Creds {
  const p = scenario.principals.find((x) => x.profile === profile);
  if (!p) throw new Error(`no profile ${profile}`);
  return {
    accessKeyId: p.accessKeyId,
    secretAccessKey: p.secretAccessKey,
    ...(p.sessionToken ? { sessionToken: p.sessionToken } : {}),
  };
}

const base = (url: string, credentials: Creds, maxAttempts: number) => ({
  region: 'us-east-1',
  endpoint: url,
  credentials,
  maxAttempts,
});

export function stsClient(url: string, credentials: Creds, maxAttempts = 1): STSClient {
  return new STSClient(base(url, credentials, maxAttempts));
}
export function iamClient(url: string, credentials: Creds, maxAttempts = 1): IAMClient {
  return new IAMClient(base(url, credentials, maxAttempts));
}
export function orgClient(url: string, credentials: Creds, maxAttempts = 1): OrganizationsClient {
  return new OrganizationsClient(base(url, credentials, maxAttempts));
}
export function s3Client(url: string, credentials: Creds, maxAttempts = 1): S3Client {
  return new S3Client({ ...base(url, credentials, maxAttempts), forcePathStyle: true });
}
export function sqsClient(url: string, credentials: Creds, maxAttempts = 1): SQSClient {
  return new SQSClient(base(url, credentials, maxAttempts));
}

/** Opens a root session and returns its credentials. */
export async function assumeRoot(
  url: string,
  caller: Creds,
  target: string,
  task: TaskPolicyName,
  durationSeconds?: number,
): Promise<Creds> {
  const out = await stsClient(url, caller).send(
    new AssumeRootCommand({
      TargetPrincipal: target,
      TaskPolicyArn: { arn: `arn:aws:iam::aws:policy/root-task/${task}` },
      ...(durationSeconds === undefined ? {} : { DurationSeconds: durationSeconds }),
    }),
  );
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

/** The error a call fails with (fails the test if it succeeds). */
export async function errorOf(
  p: Promise<unknown>,
): Promise<
  Error & { name: string; message: string; $metadata?: { httpStatusCode?: number; attempts?: number } }
> {
  try {
    await p;
  } catch (e) {
    return e as Error & { $metadata?: { httpStatusCode?: number } };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export interface StateAccount {
  id: string;
  name: string;
  status: string;
  parentId: string;
  root: {
    password: boolean;
    accessKeys: { id: string; status: string }[];
    signingCertificates: { id: string }[];
    mfaDevices: { serialNumber: string; virtual: boolean }[];
  };
  buckets: { name: string; policy?: string }[];
  queues: { name: string; policy?: string }[];
}

export interface EmulatorState {
  features: string[];
  accounts: StateAccount[];
  events: {
    eventName: string;
    eventSource: string;
    errorCode?: string;
    userIdentity: { type: string; arn: string; accessKeyId: string };
    recipientAccountId: string;
    requestParameters: Record<string, unknown> | null;
  }[];
}

export async function emulatorState(url: string): Promise<EmulatorState> {
  const r = await fetch(`${url}/_emulator/state`);
  return (await r.json()) as EmulatorState;
}

export async function stateAccount(url: string, id: string): Promise<StateAccount> {
  const a = (await emulatorState(url)).accounts.find((x) => x.id === id);
  if (!a) throw new Error(`no account ${id} in state`);
  return a;
}

export async function adminPost(url: string, path: 'clock' | 'config', body: unknown): Promise<unknown> {
  const r = await fetch(`${url}/_emulator/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`admin ${path} failed: ${r.status}`);
  return r.json();
}

/** Active member accounts (not the management account) that match a predicate on the scenario data. */
export function members(
  scenario: Scenario,
  predicate: (a: ScenarioAccount) => boolean = () => true,
): ScenarioAccount[] {
  const mgmt = scenario.organization!.managementAccountId;
  return scenario.accounts.filter((a) => a.id !== mgmt && a.status === 'ACTIVE' && predicate(a));
}

/** Ids of the scenario's OU named `name`. */
export function ouId(scenario: Scenario, name: string): string {
  const ou = scenario.ous.find((o) => o.name === name);
  if (!ou) throw new Error(`no OU ${name}`);
  return ou.id;
}
