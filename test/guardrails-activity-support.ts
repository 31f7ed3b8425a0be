/**
 * Shared by the guardrails and activity end-to-end tests: an emulator with the scenario's profiles
 * written to a temporary AWS config; the CLI runs through test/support/cli.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { generateScenario, type GenerateOptions } from '../src/emulator/scenario/generate.js';
import { writeProfiles } from '../src/emulator/scenario/profiles.js';
import type { Scenario } from '../src/emulator/scenario/schema.js';
import { credsOf } from './helpers/emulator-clients.js';

export { runCli, type CliResult } from './support/cli.js';

export interface EmulatorFixture {
  emu: RunningEmulator;
  scenario: Scenario;
  /** Environment selecting the scenario's profiles; pass `--profile <name>` to pick one. */
  env: Record<string, string>;
  credentials(profile: string): { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  state(): Promise<EmulatorState>;
  close(): Promise<void>;
}

export interface EmulatorState {
  organization: { id: string; managementAccountId: string; rootId: string };
  ous: { id: string; name: string; parentId: string }[];
  accounts: {
    id: string;
    name: string;
    status: string;
    parentId: string;
    root: { password: boolean; accessKeys: unknown[] };
  }[];
  policies: { id: string; name: string; content: string; targets: string[] }[];
  delegatedAdministrators: { accountId: string; servicePrincipal: string }[];
  events: Record<string, any>[];
}

export async function emulatorFixture(
  options: GenerateOptions,
  edit?: (s: Scenario) => void,
): Promise<EmulatorFixture> {
  const scenario = generateScenario(options);
  edit?.(scenario);
  const emu = await startEmulator(scenario);
  const dir = mkdtempSync(join(tmpdir(), 'rootctl-guardrails-'));
  const files = writeProfiles(scenario, dir, emu.url);
  return {
    emu,
    scenario,
    env: { AWS_CONFIG_FILE: files.configFile, AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile },
    credentials: (profile) => credsOf(scenario, profile),
    async state() {
      return (await (await fetch(`${emu.url}/_emulator/state`)).json()) as EmulatorState;
    },
    async close() {
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Active member accounts under the OU with this name (directly). */
export function accountsInOu(state: EmulatorState, ouName: string): string[] {
  const ou = state.ous.find((o) => o.name === ouName);
  return state.accounts.filter((a) => a.parentId === ou?.id && a.status === 'ACTIVE').map((a) => a.id);
}
