/**
 * `rootctl exception open|list|close|enforce`: root-task exceptions. `open` (exception-open.ts) runs
 * one root-only task for a reason and a time; `list` shows open and overdue ones; `close` deletes the
 * account's root credentials again as remediate does, verifies, and closes the exception; `enforce`
 * (exception-enforce.ts) closes every overdue one. The use cases: src/app/exceptions.ts, enforce.ts.
 */
import type { CommandSpec } from '../main.js';
import type { CliIo } from '../io.js';
import { addOutputOption } from '../options.js';
import { ExitCode, RootctlError } from '../../core/errors.js';
import { exceptionState } from '../../core/exceptions/rules.js';
import { exceptionsJson, renderExceptions } from './exception-render.js';
import { registerClose } from './exception-close.js';
import { registerEnforce } from './exception-enforce.js';
import { registerOpen } from './exception-open.js';
import { addDbOption, type DbOptions } from './remediate-shared.js';

interface ListOpts extends DbOptions {
  all?: boolean;
  failOn?: string;
  output: 'table' | 'json';
}

async function list(io: CliIo, opts: ListOpts, setExit: (code: number) => void): Promise<void> {
  if (opts.failOn !== undefined && opts.failOn !== 'overdue')
    throw new RootctlError('InvalidInput', `--fail-on '${opts.failOn}' is not known: use --fail-on overdue.`);
  const { listExceptions } = await import('../../app/exceptions.js');
  const records = await listExceptions({ db: opts.db, all: opts.all });
  const now = new Date();
  io.out(opts.output === 'json' ? exceptionsJson(records, now) : renderExceptions(records, now));
  // For cron and CI: an exception past its expiry is a finding.
  if (opts.failOn === 'overdue' && records.some((e) => exceptionState(e, now) === 'overdue'))
    setExit(ExitCode.Findings);
}

export const exceptionCommand: CommandSpec = {
  register(program, io, setExit) {
    const x = program
      .command('exception')
      .description(
        'Root-task exceptions: open one for a reason and a time, list them, close them (root credentials deleted again)',
      )
      .addHelpText(
        'after',
        '\nExamples:\n  rootctl exception open --account 123456789012 --task password-recovery --reason "INC-42" --yes\n  rootctl exception list\n  rootctl exception close --account 123456789012 --yes\n  rootctl exception enforce --yes',
      );
    registerOpen(x, io, setExit);
    const l = x
      .command('list')
      .description('Open and overdue exceptions (--all: closed ones too)')
      .option('--all', 'include closed exceptions')
      .option('--fail-on <state>', 'exit 1 when an exception is in this state: overdue (for cron and CI)')
      .addHelpText(
        'after',
        '\nExit codes: 0, or 1 with --fail-on overdue when an exception is past its expiry.\n\nExamples:\n  rootctl exception list\n  rootctl exception list --fail-on overdue\n  rootctl exception list --all --output json',
      );
    addOutputOption(l, ['table', 'json']);
    addDbOption(l).action((opts: ListOpts) => list(io, opts, setExit));
    registerEnforce(x, io, setExit);
    registerClose(x, io, setExit);
  },
};
