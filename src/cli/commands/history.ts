/**
 * `rootctl history`: past audits from the history database (the history use cases in
 * src/app/history.ts; this file parses, calls one and renders).
 *   rootctl history                      list audits, newest first
 *   rootctl history --diff               what changed between the last two audits (of --org)
 *   rootctl history --diff --from 3 --to 7 -o csv --out drift.csv
 *   rootctl history --show 7 -o html --out audit-7.html
 */
import { Option, type Command } from 'commander';
import type { CommandSpec } from '../main.js';
import type { CliIo } from '../io.js';
import { RootctlError } from '../../core/errors.js';
import { AUDIT_OUTPUTS, type AuditOutput } from '../../core/report/formats.js';
import { renderHistoryTable } from '../../core/report/history-table.js';
import { DIFF_OUTPUTS, isDiffOutput } from '../../core/report/diff-formats.js';
import { checkOutPath, emitAuditReport, emitDiff, emitReport } from '../report-output.js';
import { checkDbFlag, DB_OPTION_HELP } from './remediate-shared.js';

interface HistoryOpts {
  db?: string;
  org?: string;
  limit: string;
  diff?: boolean;
  from?: string;
  to?: string;
  show?: string;
  output: AuditOutput;
  out?: string;
}

function auditId(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()))
    throw new RootctlError(
      'InvalidInput',
      `${flag} '${value}' is not an audit id (see \`rootctl history\`).`,
    );
  return Number(value);
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

async function run(io: CliIo, opts: HistoryOpts): Promise<void> {
  if (opts.show !== undefined && opts.diff)
    throw new RootctlError('UsageError', 'Give either --show or --diff, not both.');
  if ((opts.from !== undefined || opts.to !== undefined) && !opts.diff)
    throw new RootctlError('UsageError', '--from and --to go with --diff.');
  const limit = Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new RootctlError('InvalidInput', `--limit '${opts.limit}' must be a whole number of at least 1.`);
  checkOutPath(opts.out);
  const [fromId, toId, showId] = [
    auditId(opts.from, '--from'),
    auditId(opts.to, '--to'),
    auditId(opts.show, '--show'),
  ];
  // Read-only: an existing database only; a typo in --db must not create an empty one.
  if (opts.db !== undefined) checkDbFlag(opts.db);
  const history = await import('../../app/history.js');
  const where = { db: opts.db, organizationId: opts.org };
  if (showId !== undefined) {
    emitAuditReport(io, await history.showAudit(showId, where), opts.output, opts.out);
  } else if (opts.diff) {
    if (!isDiffOutput(opts.output))
      throw new RootctlError('InvalidInput', `--diff prints ${DIFF_OUTPUTS.join(', ')}, not ${opts.output}.`);
    emitDiff(io, await history.diffHistory({ ...where, fromId, toId }), opts.output, opts.out);
  } else {
    if (opts.output !== 'json' && opts.output !== 'table')
      throw new RootctlError(
        'InvalidInput',
        `The audit list prints a table or json, not ${opts.output}; use --show ID for a report.`,
      );
    const list = await history.listAudits({ ...where, limit });
    emitReport(
      io,
      opts.output === 'json' ? json(list) : renderHistoryTable(list.audits),
      opts.out,
      'history',
    );
  }
}

export const historyCommand: CommandSpec = {
  register(program: Command, io) {
    program
      .command('history')
      .description(
        'Past audits from the history database: list them, show one, or diff two (regained root credentials first)',
      )
      .option('--db <file|url>', DB_OPTION_HELP)
      .option('--org <id>', 'only audits of this organization (o-...)')
      .option('--limit <n>', 'how many audits to list', '20')
      .option(
        '--diff',
        'what changed between the latest audit and the one before it of the same scope (else of any scope, on the accounts both cover)',
      )
      .option('--from <id>', 'with --diff: the older audit (default: the one before --to, as for --diff)')
      .option('--to <id>', 'with --diff: the newer audit (default: the latest)')
      .option('--show <id>', 'print a saved audit as a report (any --output format)')
      .addOption(
        new Option('-o, --output <format>', 'output format').choices([...AUDIT_OUTPUTS]).default('table'),
      )
      .option('--out <file>', 'write to a file instead of stdout')
      .addHelpText(
        'after',
        [
          '',
          'Examples:',
          '  rootctl history                                   # the last 20 audits',
          '  rootctl history --diff                            # latest audit against the one before',
          '  rootctl history --diff --from 3 -o html --out drift.html   # also -o json, -o csv',
          '  rootctl history --show 12 --output html --out audit.html',
        ].join('\n'),
      )
      .action((opts: HistoryOpts) => run(io, opts));
  },
};
