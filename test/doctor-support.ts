/**
 * Shared by the doctor and setup end-to-end tests: an emulated organization over real HTTP, its
 * profiles in a temporary AWS config, the CLI run in-process against it (test/support/cli.ts), and
 * the emulator's ground truth (GET /_emulator/state) to compare with.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { generateScenario, type GenerateOptions } from '../src/emulator/scenario/generate.js';
import { writeProfiles } from '../src/emulator/scenario/profiles.js';
import type { Scenario } from '../src/emulator/scenario/schema.js';
import { runCli, type CliResult } from './support/cli.js';

export { runCli, type CliResult } from './support/cli.js';

export interface State {
  organization: { id: string; managementAccountId: string; rootId: string; featureSet: string } | null;
  ous: { id: string; name: string; parentId: string }[];
  accounts: { id: string; name: string; status: string; parentId: string }[];
  serviceAccess: { servicePrincipal: string }[];
  features: string[];
  delegatedAdministrators: { accountId: string; servicePrincipal: string }[];
  policies: { id: string; name: string; content: string; targets: string[] }[];
  events: { eventName: string; errorCode?: string }[];
}

export interface Org {
  emu: RunningEmulator;
  scenario: Scenario;
  url: string;
  /** AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE for the scenario's profiles. */
  env: Record<string, string>;
  /** Runs the CLI as `profile`; the SDK reads a profile's endpoint_url only for AWS_PROFILE, so pass --endpoint-url. */
  as(profile: string, args: string[]): Promise<CliResult>;
  state(): Promise<State>;
  accountId(name: string): string;
  close(): Promise<void>;
}

/** An account outside any organization, for the "not in an organization" cases. */
export const OUTSIDE = '999999999999';

export async function startOrg(
  options: Partial<GenerateOptions> & { mutate?: (s: Scenario) => void } = {},
): Promise<Org> {
  const { mutate, ...gen } = options;
  const scenario = generateScenario({ accounts: 30, seed: 21, ...gen });
  const management = scenario.principals.find((p) => p.profile === 'management')!;
  scenario.principals.push({
    ...management,
    profile: 'outside',
    accessKeyId: 'ASIAOUTSIDEDOCTOR001',
    accountId: OUTSIDE,
  });
  mutate?.(scenario);
  const emu = await startEmulator(scenario);
  const dir = mkdtempSync(join(tmpdir(), 'rootctl-doctor-'));
  const files = writeProfiles(scenario, dir, emu.url);
  const env = { AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile };
  return {
    emu,
    scenario,
    url: emu.url,
    env,
    as: (profile, args) => runCli([...args, '--profile', profile, '--endpoint-url', emu.url], env),
    async state() {
      return (await (await fetch(`${emu.url}/_emulator/state`)).json()) as State;
    },
    accountId(name) {
      const a = scenario.accounts.find((x) => x.name === name);
      if (!a) throw new Error(`no account named ${name}`);
      return a.id;
    },
    async close() {
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A principal in `accountId` whose identity policy allows only `allow`. */
export function addPrincipal(s: Scenario, profile: string, accountId: string, allow: string[]): void {
  const base = s.principals.find((p) => p.profile === 'management')!;
  const suffix = profile
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .padEnd(16, 'X')
    .slice(0, 16);
  s.principals.push({
    ...base,
    profile,
    accessKeyId: `ASIA${suffix}`,
    accountId,
    roleName: 'Limited',
    allow,
  });
}

const WRITES = [
  'EnableAWSServiceAccess',
  'DisableAWSServiceAccess',
  'RegisterDelegatedAdministrator',
  'DeregisterDelegatedAdministrator',
  'EnableOrganizationsRootCredentialsManagement',
  'EnableOrganizationsRootSessions',
  'DisableOrganizationsRootCredentialsManagement',
  'DisableOrganizationsRootSessions',
];

/** Successful setup writes recorded in the emulator's trail. */
export function writesIn(state: State): string[] {
  return state.events.filter((e) => WRITES.includes(e.eventName) && !e.errorCode).map((e) => e.eventName);
}

/** Asserts the organization is exactly as before: same state, no successful write. */
export function expectUnchanged(before: State, after: State): void {
  const { events: _b, ...b } = before;
  const { events: _a, ...a } = after;
  expect(a).toEqual(b);
  expect(writesIn(after)).toEqual(writesIn(before));
}

/** Exactly one `rootctl: <Code>: ...` line plus its hint on stderr, no stack trace. */
export function expectOneError(r: CliResult, code: string, exit: number, mentions: string | RegExp): string {
  expect(r.code, r.stderr).toBe(exit);
  const lines = r.stderr.trim().split('\n');
  const errors = lines.filter((l) => l.startsWith('rootctl: ') && !l.startsWith('rootctl: warning:'));
  expect(errors, r.stderr).toHaveLength(1);
  expect(errors[0]).toMatch(new RegExp(`^rootctl: ${code}: `));
  expect(errors[0]).toMatch(mentions);
  expect(lines.some((l) => l.startsWith('  hint: '))).toBe(true);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines.find((l) => l.startsWith('  hint: '))!;
}

/** ACTIVE member accounts under any of the targets (root, OU recursively, or an account). */
export function activeMembersUnder(state: State, targets: string[]): number {
  const org = state.organization!;
  const ouParent = new Map(state.ous.map((o) => [o.id, o.parentId]));
  const under = (parentId: string): boolean => {
    for (let id: string | undefined = parentId; id !== undefined; id = ouParent.get(id))
      if (targets.includes(id)) return true;
    return false;
  };
  return state.accounts.filter(
    (a) =>
      a.id !== org.managementAccountId &&
      a.status === 'ACTIVE' &&
      (targets.includes(a.id) || under(a.parentId)),
  ).length;
}

export const IAM = 'iam.amazonaws.com';
