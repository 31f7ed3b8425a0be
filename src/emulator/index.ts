/**
 * The rootctl AWS emulator: Organizations, IAM, STS, CloudTrail, S3 and SQS on one port, speaking
 * the real wire protocols so the unmodified AWS SDK and CLI work against it via AWS_ENDPOINT_URL.
 */
import { adminHandler } from './admin.js';
import { DEFAULT_KNOBS, EmulatorCore, type EmulatorKnobs } from './handle.js';
import { listen, type Listening } from './server.js';
import { ALL_SERVICES } from './services/all.js';
import type { Scenario } from './scenario/schema.js';
import { World } from './world.js';

export { World } from './world.js';
export { EmulatorCore, DEFAULT_KNOBS, type EmulatorKnobs } from './handle.js';
export type { Scenario, ScenarioInput } from './scenario/schema.js';
export { parseScenario, ScenarioSchema } from './scenario/schema.js';
export { loadScenarioFile, parseScenarioText, validateScenario } from './scenario/load.js';
export { generateScenario, type GenerateOptions } from './scenario/generate.js';
export { writeProfiles, profileEnvLines, type ProfileFiles } from './scenario/profiles.js';
/** What `rootctl emulator` runs: scenario, server, profiles and export lines from plain options. */
export {
  launchEmulator,
  launchOptionProblem,
  chooseScenario,
  saveScenario,
  scenarioJson,
  rateConfig,
  type LaunchOptions,
  type LaunchedEmulator,
  type ScenarioChoice,
  type RateSpec,
} from './launch.js';

export interface RunningEmulator extends Listening {
  core: EmulatorCore;
  world: World;
}

export function createEmulatorCore(scenario: Scenario, knobs: Partial<EmulatorKnobs> = {}): EmulatorCore {
  const k = { ...DEFAULT_KNOBS, ...knobs };
  return new EmulatorCore(new World(scenario, k.seed), ALL_SERVICES, k, adminHandler);
}

export async function startEmulator(
  scenario: Scenario,
  options: { port?: number; host?: string; knobs?: Partial<EmulatorKnobs> } = {},
): Promise<RunningEmulator> {
  const core = createEmulatorCore(scenario, options.knobs);
  const listening = await listen(core, {
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
  });
  return { ...listening, core, world: core.world };
}
