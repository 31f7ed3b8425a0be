/**
 * `rootctl emulator`: the local AWS emulator as a server (launchEmulator of `rootctl/emulator`,
 * src/emulator/launch.ts). Prints the URL and the `export` lines to stdout and runs until
 * SIGINT/SIGTERM (then closes and exits 0). The emulator modules are imported when the command runs,
 * so other commands start without them.
 */
import { Option, type Command } from 'commander';
import type { CommandSpec } from '../main.js';
import type { CliIo } from '../io.js';
import { untilStopped } from '../interrupt.js';
import type { LaunchOptions, RateSpec } from '../../emulator/launch.js';
import {
  DEFAULT_ACCOUNTS,
  DEFAULT_PORT,
  addKnobOptions,
  parseAccounts,
  parsePort,
  parseSeed,
} from './emulator-options.js';

interface EmulatorOpts extends LaunchOptions {
  host: string;
  port: number;
  scenario?: string;
  dumpScenario?: string;
  latencyMs: number;
  jitter: number;
  rate: RateSpec[];
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
    const cmd = program
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
      );
    addKnobOptions(cmd)
      .addHelpText('after', EXAMPLES)
      .action(async (opts: EmulatorOpts, c: Command) => run(io, opts, c));
  },
};

async function run(io: CliIo, opts: EmulatorOpts, cmd: Command): Promise<void> {
  const emulator = await import('../../emulator/launch.js');
  const options: LaunchOptions = { ...opts, scenarioFile: opts.scenario, rates: opts.rate };
  const problem = emulator.launchOptionProblem(options);
  if (problem !== undefined) cmd.error(`error: ${problem}`);
  if (opts.dumpScenario !== undefined) {
    const scenario = await emulator.chooseScenario(options);
    if (opts.dumpScenario === '-') return io.out(emulator.scenarioJson(scenario));
    emulator.saveScenario(scenario, opts.dumpScenario);
    const file = opts.dumpScenario;
    return io.err(
      `rootctl emulator: wrote the scenario (${scenario.accounts.length} accounts) to ${file}; load it with --scenario ${file}`,
    );
  }
  const { emulator: emu, scenario, rates, exportLines, profiles } = await emulator.launchEmulator(options);
  try {
    io.out(`rootctl emulator listening on ${emu.url} (${emulator.describeScenario(scenario, options)})`);
    for (const line of exportLines) io.out(line);
    const knobs = emulator.describeKnobs(rates, options);
    io.err(`rootctl emulator: profiles ${profiles.join(', ') || '(none)'}; throttling ${knobs}`);
    io.err(`rootctl emulator: state at ${emu.url}/_emulator/state; stop with Ctrl-C`);
    const signal = await untilStopped();
    io.err(`rootctl emulator: ${signal}, stopping`);
  } finally {
    await emu.close();
  }
}
