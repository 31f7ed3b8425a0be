/**
 * `rootctl emulator`: the local AWS emulator as a server. Generates a deterministic organization
 * (or loads a scenario file), listens on 127.0.0.1, optionally writes AWS profile files, prints the
 * URL and the `export` lines to stdout, and runs until SIGINT/SIGTERM (then closes and exits 0).
 * The emulator modules are imported when the command runs, so other commands start without them.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { CommandSpec } from '../main.js';
import type { CliIo } from '../io.js';
import { untilStopped } from '../interrupt.js';
import { RootctlError } from '../../core/errors.js';
import type { Scenario } from '../../emulator/scenario/schema.js';
import {
  DEFAULT_ACCOUNTS,
  DEFAULT_PORT,
  collectRate,
  describeRates,
  parseAccounts,
  parseFraction,
  parseLatency,
  parsePort,
  parseSeed,
  rateConfig,
  unknownRateOperation,
  type RateSpec,
} from './emulator-options.js';

interface EmulatorOpts {
  host: string;
  port: number;
  accounts?: number;
  seed?: number;
  blockingScp?: boolean;
  state?: 'fresh' | 'configured';
  featureSet?: 'all' | 'consolidated-billing';
  region?: string;
  scenario?: string;
  dumpScenario?: string;
  profilesDir?: string;
  latencyMs: number;
  jitter: number;
  rate: RateSpec[];
  throttle: boolean;
  faults: number;
}

const EXAMPLES = `
Examples:
  rootctl emulator --profiles-dir ./emu          # 60 accounts, seed 1, on http://127.0.0.1:${DEFAULT_PORT}
  rootctl emulator --port 0 --accounts 500 --seed 7 --state configured --blocking-scp
  rootctl emulator --dump-scenario org.json      # write the generated organization, edit it, then:
  rootctl emulator --scenario org.json --profiles-dir ./emu
  rootctl emulator --latency-ms 80 --rate AssumeRoot=10/s --faults 0.01

The scenario format is documented in docs/scenario.md; the emulated services in docs/emulator.md.`;

export const emulatorCommand: CommandSpec = {
  register(program, io) {
    program
      .command('emulator')
      .description(
        'Run the local AWS emulator: a sandbox organization that speaks the real AWS wire protocols',
      )
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .option('--port <port>', `port to listen on (0 picks a free one)`, parsePort, DEFAULT_PORT)
      .option(
        '--accounts <n>',
        `accounts in the generated organization (default ${DEFAULT_ACCOUNTS})`,
        parseAccounts,
      )
      .option('--seed <n>', 'seed of the generated organization and of --faults (default 1)', parseSeed)
      .option(
        '--blocking-scp',
        'attach the classic "deny the root user" SCP (no aws:AssumedRoot exemption) to the Legacy OU',
      )
      .addOption(
        new Option(
          '--state <state>',
          'whether IAM trusted access, both root-access features and the delegated admin are set up (default fresh)',
        ).choices(['fresh', 'configured']),
      )
      .addOption(
        new Option('--feature-set <set>', "the organization's feature set (default all)").choices([
          'all',
          'consolidated-billing',
        ]),
      )
      .option('--region <region>', 'Region written to the profiles (default us-east-1)')
      .addOption(
        new Option(
          '--scenario <file>',
          'load the organization from a JSON scenario file instead of generating one',
        ).conflicts(['accounts', 'blockingScp', 'state', 'featureSet', 'region']),
      )
      .option(
        '--dump-scenario <file>',
        'write the scenario as JSON ("-" for stdout) and exit without serving',
      )
      .option(
        '--profiles-dir <dir>',
        'write AWS `config` and `credentials` files with profiles management, security, ... here',
      )
      .option('--latency-ms <ms>', 'added to every AWS call', parseLatency, 0)
      .option('--jitter <fraction>', 'latency jitter, plus or minus this fraction', parseFraction, 0.2)
      .option(
        '--rate <Op=N/s>',
        'token-bucket limit per calling account, repeatable; default=N/s for the rest (defaults: AssumeRoot=100/s LookupEvents=2/s default=20/s)',
        collectRate,
        [],
      )
      .option('--no-throttle', 'turn every rate limit off')
      .option(
        '--faults <p>',
        'probability per call of an injected HTTP 500/503 or dropped connection (seeded by --seed)',
        parseFraction,
        0,
      )
      .addHelpText('after', EXAMPLES)
      .action(async (opts: EmulatorOpts, cmd: Command) => run(io, opts, cmd));
  },
};

async function run(io: CliIo, opts: EmulatorOpts, cmd: Command): Promise<void> {
  const { ALL_SERVICES } = await import('../../emulator/services/all.js');
  const unknownOp = unknownRateOperation(opts.rate, ALL_SERVICES);
  if (unknownOp !== undefined)
    cmd.error(
      `error: --rate: '${unknownOp}' is not an operation the emulator serves (use AWS's names, e.g. AssumeRoot, ListAccounts).`,
    );
  if (!opts.throttle && opts.rate.length)
    cmd.error('error: --rate and --no-throttle cannot be used together.');
  if (opts.featureSet === 'consolidated-billing' && opts.state === 'configured')
    cmd.error(
      'error: --state configured needs --feature-set all (trusted access and the root-access features need all features).',
    );
  if (opts.featureSet === 'consolidated-billing' && opts.blockingScp)
    cmd.error('error: --blocking-scp needs --feature-set all (SCPs need all features).');
  if (opts.region !== undefined && !/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(opts.region))
    cmd.error(`error: --region '${opts.region}' is not a Region code such as us-east-1.`);

  const scenario = await buildScenario(opts);
  if (opts.dumpScenario !== undefined) {
    dumpScenario(io, scenario, opts.dumpScenario);
    return;
  }
  const { startEmulator } = await import('../../emulator/index.js');
  const seed = opts.seed ?? 1;
  const rates = rateConfig(opts.rate, opts.throttle);
  const emu = await startEmulator(scenario, {
    host: opts.host,
    port: opts.port,
    knobs: { latencyMs: opts.latencyMs, jitter: opts.jitter, faults: opts.faults, rates, seed },
  }).catch((e: unknown) => {
    throw listenError(e, opts);
  });
  try {
    const env = await exportLines(scenario, emu.url, opts.profilesDir);
    const suspended = scenario.accounts.filter((a) => a.status === 'SUSPENDED').length;
    const org = scenario.organization;
    io.out(
      `rootctl emulator listening on ${emu.url} (${org ? `organization ${org.id}, ` : 'no organization, '}${scenario.accounts.length} accounts, ${suspended} suspended` +
        `${opts.scenario === undefined ? `, seed ${seed}, state ${opts.state ?? 'fresh'}` : `, scenario ${opts.scenario}`})`,
    );
    for (const line of env.lines) io.out(line);
    io.err(
      `rootctl emulator: profiles ${env.profiles.join(', ') || '(none)'}; throttling ${describeRates(rates)}` +
        `${opts.latencyMs > 0 ? `; latency ${opts.latencyMs} ms ±${Math.round(opts.jitter * 100)}%` : ''}${opts.faults > 0 ? `; faults ${opts.faults}` : ''}`,
    );
    io.err(`rootctl emulator: state at ${emu.url}/_emulator/state; stop with Ctrl-C`);
    const signal = await untilStopped();
    io.err(`rootctl emulator: ${signal}, stopping`);
  } finally {
    await emu.close();
  }
}

async function buildScenario(opts: EmulatorOpts): Promise<Scenario> {
  if (opts.scenario !== undefined) {
    const { loadScenarioFile } = await import('../../emulator/scenario/load.js');
    return loadScenarioFile(opts.scenario);
  }
  const { generateScenario } = await import('../../emulator/scenario/generate.js');
  return generateScenario({
    accounts: opts.accounts ?? DEFAULT_ACCOUNTS,
    seed: opts.seed ?? 1,
    blockingScp: opts.blockingScp === true,
    state: opts.state ?? 'fresh',
    featureSet: opts.featureSet === 'consolidated-billing' ? 'CONSOLIDATED_BILLING' : 'ALL',
    ...(opts.region === undefined ? {} : { region: opts.region }),
  });
}

function dumpScenario(io: CliIo, scenario: Scenario, file: string): void {
  const text = `${JSON.stringify(scenario, null, 2)}\n`;
  if (file === '-') {
    io.out(text);
    return;
  }
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new RootctlError(
      'InvalidInput',
      `--dump-scenario: cannot write ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)}).`,
    );
  }
  io.err(
    `rootctl emulator: wrote the scenario (${scenario.accounts.length} accounts) to ${file}; load it with --scenario ${file}`,
  );
}

/** With --profiles-dir: the profile files' variables; without: endpoint and the security principal's keys. */
async function exportLines(
  scenario: Scenario,
  url: string,
  profilesDir: string | undefined,
): Promise<{ lines: string[]; profiles: string[] }> {
  const named = scenario.principals.filter((p) => p.profile !== undefined);
  const main = named.find((p) => p.profile === 'security') ?? named[0];
  if (profilesDir !== undefined) {
    const { writeProfiles, profileEnvLines } = await import('../../emulator/scenario/profiles.js');
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
  // Sandbox keys only this emulator accepts; printing them is how a user without --profiles-dir connects.
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

function listenError(e: unknown, opts: EmulatorOpts): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return new RootctlError('PortInUse', `Port ${opts.port} on ${opts.host} is already in use.`);
  if (code === 'EACCES')
    return new RootctlError(
      'PortInUse',
      `Not allowed to listen on port ${opts.port} on ${opts.host} (ports below 1024 need privileges).`,
    );
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new RootctlError('InvalidInput', `--host '${opts.host}' is not an address of this machine.`);
  }
  return e;
}
