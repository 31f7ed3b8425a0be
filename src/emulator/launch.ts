/**
 * `launchEmulator`: what `rootctl emulator` does, as a function of the emulator's entry point
 * (`rootctl/emulator`): the scenario generated (or loaded from a file), the server started, AWS profile
 * files written, and the lines that point a shell at it. Also the checks of option combinations and
 * the rate table, so the CLI and a library caller get the same emulator from the same options.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RootctlError } from '../core/errors.js';
import { startEmulator, type RunningEmulator } from './index.js';
import { DEFAULT_RATES, type RateConfig } from './limits.js';
import { loadScenarioFile } from './scenario/load.js';
import { DEFAULT_ACCOUNTS, DEFAULT_SEED } from './scenario/defaults.js';
import { generateScenario } from './scenario/generate.js';
import { profileEnvLines, writeProfiles } from './scenario/profiles.js';
import type { Scenario } from './scenario/schema.js';
import { ALL_SERVICES } from './services/all.js';

/** One --rate: a per-second limit for an operation (AWS's name), or 'default' for the rest. */
export interface RateSpec {
  operation: string;
  perSecond: number;
}

export interface ScenarioChoice {
  /** Load this JSON scenario file instead of generating an organization. */
  scenarioFile?: string | undefined;
  /** Accounts in the generated organization; default 60. */
  accounts?: number | undefined;
  /** Seed of the generated organization (and of injected faults); default 1. */
  seed?: number | undefined;
  blockingScp?: boolean | undefined;
  state?: 'fresh' | 'configured' | undefined;
  featureSet?: 'all' | 'consolidated-billing' | undefined;
  region?: string | undefined;
}

export interface LaunchOptions extends ScenarioChoice {
  host?: string | undefined;
  port?: number | undefined;
  /** Write AWS `config` and `credentials` files with the scenario's profiles here. */
  profilesDir?: string | undefined;
  latencyMs?: number | undefined;
  jitter?: number | undefined;
  rates?: readonly RateSpec[] | undefined;
  /** false: every rate limit off. Default true. */
  throttle?: boolean | undefined;
  /** Probability per call of an injected HTTP 500/503 or dropped connection. */
  faults?: number | undefined;
}

/** What is wrong with a combination of options (the CLI's flag names), or undefined. */
export function launchOptionProblem(o: LaunchOptions): string | undefined {
  const known = new Set(ALL_SERVICES.flatMap((s) => Object.keys(s.operations)));
  const unknownOp = o.rates?.find((r) => r.operation !== 'default' && !known.has(r.operation))?.operation;
  if (unknownOp !== undefined)
    return `--rate: '${unknownOp}' is not an operation the emulator serves (use AWS's names, e.g. AssumeRoot, ListAccounts).`;
  if (o.throttle === false && o.rates?.length) return '--rate and --no-throttle cannot be used together.';
  if (o.featureSet === 'consolidated-billing' && o.state === 'configured')
    return '--state configured needs --feature-set all (trusted access and the root-access features need all features).';
  if (o.featureSet === 'consolidated-billing' && o.blockingScp)
    return '--blocking-scp needs --feature-set all (SCPs need all features).';
  if (o.region !== undefined && !/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(o.region))
    return `--region '${o.region}' is not a Region code such as us-east-1.`;
  return undefined;
}

/** The rate table: AWS-like defaults, then each rate in order; no throttling at all without `throttle`. */
export function rateConfig(specs: readonly RateSpec[] = [], throttle = true): RateConfig {
  if (!throttle) return { operations: {}, defaultPerSecond: 0 };
  const config: RateConfig = {
    operations: { ...DEFAULT_RATES.operations },
    defaultPerSecond: DEFAULT_RATES.defaultPerSecond,
  };
  for (const { operation, perSecond } of specs) {
    if (operation === 'default') config.defaultPerSecond = perSecond;
    else config.operations[operation] = perSecond;
  }
  return config;
}

/** `AssumeRoot=100/s LookupEvents=2/s default=20/s`, for the start-up summary. */
export function describeRates(config: RateConfig): string {
  if (!(config.defaultPerSecond > 0) && Object.values(config.operations).every((r) => !(r > 0))) return 'off';
  const fmt = (n: number) => (n > 0 ? `${Number(n.toFixed(3))}/s` : 'unlimited');
  return [
    ...Object.entries(config.operations).map(([op, r]) => `${op}=${fmt(r)}`),
    `default=${fmt(config.defaultPerSecond)}`,
  ].join(' ');
}

/** `organization o-..., 60 accounts, 3 suspended, seed 1, state fresh` (or `scenario <file>`). */
export function describeScenario(scenario: Scenario, c: ScenarioChoice): string {
  const suspended = scenario.accounts.filter((a) => a.status === 'SUSPENDED').length;
  const org = scenario.organization;
  const from =
    c.scenarioFile === undefined
      ? `seed ${c.seed ?? DEFAULT_SEED}, state ${c.state ?? 'fresh'}`
      : `scenario ${c.scenarioFile}`;
  return `${org ? `organization ${org.id}, ` : 'no organization, '}${scenario.accounts.length} accounts, ${suspended} suspended, ${from}`;
}

/** The rate limits, then latency and faults when set: `AssumeRoot=100/s ... ; latency 80 ms ±20%`. */
export function describeKnobs(rates: RateConfig, o: LaunchOptions): string {
  const latencyMs = o.latencyMs ?? 0;
  const latency = latencyMs > 0 ? `; latency ${latencyMs} ms ±${Math.round((o.jitter ?? 0.2) * 100)}%` : '';
  return `${describeRates(rates)}${latency}${o.faults ? `; faults ${o.faults}` : ''}`;
}

/** The scenario file, or a generated organization. */
export async function chooseScenario(c: ScenarioChoice): Promise<Scenario> {
  if (c.scenarioFile !== undefined) return loadScenarioFile(c.scenarioFile);
  return generateScenario({
    accounts: c.accounts ?? DEFAULT_ACCOUNTS,
    seed: c.seed ?? DEFAULT_SEED,
    blockingScp: c.blockingScp === true,
    state: c.state ?? 'fresh',
    featureSet: c.featureSet === 'consolidated-billing' ? 'CONSOLIDATED_BILLING' : 'ALL',
    ...(c.region === undefined ? {} : { region: c.region }),
  });
}

/** The scenario as JSON, as `--dump-scenario` writes it (load it back with `scenarioFile`). */
export function scenarioJson(scenario: Scenario): string {
  return `${JSON.stringify(scenario, null, 2)}\n`;
}

/** Writes the scenario to a file; a file that cannot be written is one clear error. */
export function saveScenario(scenario: Scenario, file: string): void {
  try {
    writeFileSync(file, scenarioJson(scenario));
  } catch (e) {
    throw new RootctlError(
      'InvalidInput',
      `--dump-scenario: cannot write ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)}).`,
    );
  }
}

export interface LaunchedEmulator {
  emulator: RunningEmulator;
  scenario: Scenario;
  rates: RateConfig;
  /** `export AWS_...=...` lines that point a shell at the emulator. */
  exportLines: string[];
  /** The profile names a client can use. */
  profiles: string[];
}

/** Starts the emulator on a scenario, writes the profiles; close it with `emulator.close()`. */
export async function launchEmulator(options: LaunchOptions = {}): Promise<LaunchedEmulator> {
  const problem = launchOptionProblem(options);
  if (problem !== undefined) throw new RootctlError('UsageError', problem);
  const scenario = await chooseScenario(options);
  const rates = rateConfig(options.rates, options.throttle !== false);
  const knobs = {
    latencyMs: options.latencyMs ?? 0,
    jitter: options.jitter ?? 0.2,
    faults: options.faults ?? 0,
    rates,
    seed: options.seed ?? DEFAULT_SEED,
  };
  const emulator = await startEmulator(scenario, {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    knobs,
  }).catch((e: unknown) => {
    throw listenError(e, options.host ?? '127.0.0.1', options.port ?? 0);
  });
  try {
    const env = exportLines(scenario, emulator.url, options.profilesDir);
    return { emulator, scenario, rates, exportLines: env.lines, profiles: env.profiles };
  } catch (e) {
    await emulator.close();
    throw e;
  }
}

/** With a profiles directory: the profile files' variables; without: endpoint and the security principal's keys. */
function exportLines(
  scenario: Scenario,
  url: string,
  profilesDir: string | undefined,
): { lines: string[]; profiles: string[] } {
  const named = scenario.principals.filter((p) => p.profile !== undefined);
  const main = named.find((p) => p.profile === 'security') ?? named[0];
  if (profilesDir !== undefined) {
    let files;
    try {
      // Absolute, so the printed export lines work from any directory.
      files = writeProfiles(scenario, resolve(profilesDir), url);
    } catch (e) {
      throw new RootctlError(
        'InvalidInput',
        `--profiles-dir: cannot write profiles to ${profilesDir} (${(e as NodeJS.ErrnoException).code ?? String(e)}).`,
      );
    }
    return { lines: profileEnvLines(files, main?.profile ?? 'default'), profiles: files.profiles };
  }
  // Sandbox keys only this emulator accepts; printing them is how a user without profiles connects.
  const lines = [`export AWS_ENDPOINT_URL=${url}`, `export AWS_REGION=${scenario.region}`];
  if (main) {
    lines.push(
      `export AWS_ACCESS_KEY_ID=${main.accessKeyId}`,
      `export AWS_SECRET_ACCESS_KEY=${main.secretAccessKey}`,
    );
    if (main.sessionToken !== undefined) lines.push(`export AWS_SESSION_TOKEN=${main.sessionToken}`);
  }
  return { lines, profiles: named.map((p) => p.profile!) };
}

function listenError(e: unknown, host: string, port: number): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return new RootctlError('PortInUse', `Port ${port} on ${host} is already in use.`);
  if (code === 'EACCES')
    return new RootctlError(
      'PortInUse',
      `Not allowed to listen on port ${port} on ${host} (ports below 1024 need privileges).`,
    );
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new RootctlError('InvalidInput', `--host '${host}' is not an address of this machine.`);
  }
  return e;
}
