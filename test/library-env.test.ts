/**
 * The library never changes its host's process environment: not even the switch that silences the
 * AWS SDK's Node end-of-support notice (only the CLI entry, src/cli/bin.ts, sets that one), since it
 * would silence the host's own SDK clients too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit, doctor } from '../src/index.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { generateScenario } from '../src/emulator/scenario/generate.js';
import type { Scenario } from '../src/emulator/scenario/schema.js';
import { connectionAs } from './helpers/scenario-env.js';

const SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
let scenario: Scenario;
let emu: RunningEmulator;
const before = process.env[SWITCH];

const as = (profile: string) => connectionAs(scenario, emu.url, profile);

beforeAll(async () => {
  scenario = generateScenario({ accounts: 5, seed: 12, state: 'configured' });
  emu = await startEmulator(scenario);
  // vitest.config.ts sets the switch for every test; this one needs a host that has not.
  delete process.env[SWITCH];
});

afterAll(async () => {
  if (before !== undefined) process.env[SWITCH] = before;
  await emu?.close();
});

describe('the library and process.env', () => {
  it('doctor() and audit() leave every environment variable as they found it', async () => {
    const snapshot = { ...process.env };
    const report = await doctor(as('management'));
    expect(report.checks.length).toBeGreaterThan(0);
    const audited = await audit(as('security'));
    expect(audited.accounts.length).toBeGreaterThan(0);
    expect(process.env[SWITCH]).toBeUndefined();
    expect({ ...process.env }).toEqual(snapshot);
  });
});
