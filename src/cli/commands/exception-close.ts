/**
 * `rootctl exception close`: deletes the account's root credentials again (as remediate does),
 * verifies, and closes its open exceptions. The use case is the library's closeRootTaskExceptions
 * (src/app/exceptions.ts).
 */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { addAwsOptions, addOutputOption, connectionFrom, type AwsOptions } from '../options.js';
import { ExitCode, RootctlError } from '../../core/errors.js';
import { renderResultTable } from '../../core/execute/render.js';
import { exceptionClosed } from '../../core/exceptions/documents.js';
import { parseExceptionTask } from '../../core/exceptions/rules.js';
import { parseAccountId } from '../../core/model/account-id.js';
import { renderPlanTable } from '../../core/plan/render.js';
import { closedLines, closingLine } from './exception-render.js';
import {
  addDbOption,
  confirmed,
  interruptSignal,
  progressPrinter,
  type DbOptions,
} from './remediate-shared.js';

interface CloseOpts extends AwsOptions, DbOptions {
  account: string;
  task?: string;
  yes?: boolean;
  output: 'table' | 'json';
}

async function close(io: CliIo, opts: CloseOpts, setExit: (code: number) => void): Promise<void> {
  const accountId = parseAccountId(opts.account);
  if (opts.task !== undefined) parseExceptionTask(opts.task);
  const json = opts.output === 'json';
  const say = (text: string) => (json ? io.err(text) : io.out(text));
  const { closeRootTaskExceptions } = await import('../../app/exceptions.js');
  const stop = interruptSignal();
  try {
    const { plan, result: r } = await closeRootTaskExceptions({
      db: opts.db,
      ...connectionFrom(opts),
      account: opts.account,
      task: opts.task,
      signal: stop.signal,
      onEvent: progressPrinter(io),
      onWarning: (warning) => io.err(`rootctl: warning: ${warning}`),
      onPlan: (c) => [closingLine(c, accountId), renderPlanTable(c.plan)].forEach(say),
      confirm: (c) => {
        const question = `Delete ${c.plan.totals.deletions} root credential(s) in ${accountId} and close the exception(s)?`;
        return confirmed(io, opts.yes, question, json);
      },
    });
    if (!r) return;
    if (json) io.out(JSON.stringify(exceptionClosed(plan, r), null, 2));
    else {
      io.out(renderResultTable(r.result));
      io.out(
        r.closed.length
          ? closedLines(r.closed, r.result.totals.deleted).join('\n')
          : 'The exception(s) stay OPEN: the account could not be cleaned and verified (see above).',
      );
    }
    if (r.result.status === 'interrupted')
      throw new RootctlError(
        'Interrupted',
        `Run ${r.result.runId} was interrupted; the exception stays open.`,
        {
          hint: 'Run `rootctl exception close` again to finish.',
        },
      );
    if (!r.closed.length) setExit(ExitCode.Findings);
  } finally {
    stop.dispose();
  }
}

export function registerClose(parent: Command, io: CliIo, setExit: (code: number) => void): void {
  const c: Command = parent
    .command('close')
    .description(
      "Delete the account's root credentials again (as remediate does), verify, and close its open exceptions",
    )
    .requiredOption('--account <id>', 'member account id')
    .option('--task <task>', 'close only the exceptions of this task')
    .option('-y, --yes', 'apply without asking');
  c.addHelpText(
    'after',
    '\nExit codes: 0 closed and verified, 1 the account could not be cleaned (the exception stays open), 4 no open exception.\n\nExample:\n  rootctl exception close --account 123456789012 --yes',
  );
  addOutputOption(c, ['table', 'json']);
  addDbOption(c);
  addAwsOptions(c).action((opts: CloseOpts) => close(io, opts, setExit));
}
