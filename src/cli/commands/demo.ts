/**
 * `rootctl demo`: the whole flow (doctor, setup, audit, report, remediate, activity) against a
 * generated organization in the embedded emulator. The story itself lives in src/demo/.
 */
import { InvalidArgumentError } from 'commander';
import type { CommandSpec } from '../main.js';
import { interruptSignal, untilStopped } from '../interrupt.js';

interface DemoOpts {
  accounts: number;
  seed: number;
  dir?: string;
  db?: string;
  port?: number;
  keepRunning?: boolean;
}

function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}

export const demoCommand: CommandSpec = {
  register(program, io) {
    program
      .command('demo')
      .description(
        'Run the whole flow against a generated organization in the embedded emulator (no AWS account needed)',
      )
      .option('--accounts <n>', 'accounts in the generated organization (8 to 10000)', integer(8, 10_000), 60)
      .option(
        '--seed <n>',
        'seed of the generated organization (same seed, same organization)',
        integer(0, 2 ** 31),
        1,
      )
      .option(
        '--dir <dir>',
        'folder for the files of the run: profiles, database, plan, report (default: a new temp folder)',
      )
      .option('--db <file>', 'SQLite database for the run (default: <dir>/rootctl.db)')
      .option('--port <port>', 'emulator port (default: a free one)', integer(0, 65_535))
      .option(
        '--keep-running',
        'leave the emulator running afterwards, with the lines to use it by hand, until Ctrl-C',
      )
      .addHelpText(
        'after',
        [
          '',
          'Examples:',
          '  rootctl demo                       # 60 accounts; takes well under a minute',
          '  rootctl demo --accounts 12         # a short run',
          '  rootctl demo --keep-running        # then explore the sandbox with rootctl and the AWS CLI',
          '  rootctl demo --seed 7 --dir ./demo # another organization, files kept in ./demo',
        ].join('\n'),
      )
      .action(async (opts: DemoOpts) => {
        const { runDemo } = await import('../../demo/index.js');
        await runDemo(
          {
            accounts: opts.accounts,
            seed: opts.seed,
            dir: opts.dir,
            db: opts.db,
            port: opts.port,
            keepRunning: opts.keepRunning === true,
            untilStopped,
            signal: interruptSignal(),
          },
          io,
        );
      });
  },
};
