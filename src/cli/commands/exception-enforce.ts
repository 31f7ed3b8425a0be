/**
 * `rootctl exception enforce`: closes every overdue exception (library: enforceExceptions). A plan
 * first - the overdue exceptions and what closing each does - then, with --yes or a "yes" at a
 * terminal, each account's root credentials are deleted again through the delete task (a recovery
 * login profile among them), journaled and verified, and the exceptions marked closed. An unlock's
 * removed policy is not restored, and the output says so. Meant for cron and scheduled jobs.
 */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { addAwsOptions, addOutputOption, checkAwsOptions, type AwsOptions } from '../options.js';
import { ExitCode } from '../../core/errors.js';
import { renderEnforce } from './exception-render.js';
import {
  DRY_RUN_LINE,
  addDbOption,
  confirmed,
  interruptSignal,
  progressPrinter,
  storePath,
  type DbOptions,
} from './remediate-shared.js';

interface EnforceOpts extends AwsOptions, DbOptions {
  yes?: boolean;
  output: 'table' | 'json';
}

async function enforce(io: CliIo, opts: EnforceOpts, setExit: (code: number) => void): Promise<void> {
  checkAwsOptions(opts);
  const json = opts.output === 'json';
  const { enforceExceptions } = await import('../../app/enforce.js');
  const base = {
    profile: opts.profile,
    region: opts.region,
    endpoint: opts.endpointUrl,
    db: storePath(opts),
  };
  const plan = await enforceExceptions({ ...base, dryRun: true });
  const say = (text: string) => (json ? io.err(text) : io.out(text));
  if (!plan.accounts.length) {
    io.out(json ? JSON.stringify(plan, null, 2) : renderEnforce(plan));
    return;
  }
  say(renderEnforce(plan));
  const question = `Close ${plan.totals.overdue} overdue exception(s), deleting root credentials again in ${plan.accounts.length} account(s)?`;
  if (!(await confirmed(io, opts.yes, question, json))) {
    if (json) io.out(JSON.stringify(plan, null, 2));
    return;
  }
  const stop = interruptSignal();
  try {
    const result = await enforceExceptions({ ...base, signal: stop.signal, onEvent: progressPrinter(io) });
    io.out(json ? JSON.stringify(result, null, 2) : renderEnforce(result));
    if (result.totals.left) setExit(ExitCode.Findings);
  } finally {
    stop.dispose();
  }
}

/**
 * `audit --enforce-exceptions`: the flag is the instruction, so no question is asked; the result goes to
 * stderr (the report owns stdout). Exceptions that stay open are flagged overdue by the audit itself.
 */
export async function enforceBeforeAudit(io: CliIo, opts: AwsOptions & DbOptions): Promise<void> {
  const { enforceExceptions } = await import('../../app/enforce.js');
  const stop = interruptSignal();
  try {
    const result = await enforceExceptions({
      profile: opts.profile,
      region: opts.region,
      endpoint: opts.endpointUrl,
      db: opts.db,
      signal: stop.signal,
      onEvent: progressPrinter(io),
    });
    io.err(`rootctl: exception enforce: ${renderEnforce(result).split('\n').join('\nrootctl: ')}`);
  } finally {
    stop.dispose();
  }
}

export function registerEnforce(parent: Command, io: CliIo, setExit: (code: number) => void): void {
  const e: Command = parent
    .command('enforce')
    .description(
      'Close every overdue exception: root credentials deleted again (a recovery login profile too), journaled and verified',
    )
    .option('-y, --yes', 'close without asking');
  e.addHelpText(
    'after',
    `\nAn unlock's removed resource policy is not restored (rootctl cannot know the corrected one): the output and the record say so.
Without --yes and without a terminal, nothing is changed (exit 0: ${DRY_RUN_LINE}).
Exit codes: 0 every overdue exception closed (or none), 1 some stay open, 4 another run is applying (JournalBusy).

Examples:
  rootctl exception enforce
  rootctl exception enforce --yes            # from cron
  rootctl audit --enforce-exceptions`,
  );
  addOutputOption(e, ['table', 'json']);
  addDbOption(e);
  addAwsOptions(e).action((opts: EnforceOpts) => enforce(io, opts, setExit));
}
