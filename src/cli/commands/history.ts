/**
 * `rootctl history`: past audits from the history database.
 *   rootctl history                      list audits, newest first
 *   rootctl history --diff               what changed between the last two audits (of --org)
 *   rootctl history --diff --from 3 --to 7
 *   rootctl history --show 7 -o html --out audit-7.html
 */
import { Option, type Command } from 'commander';
import type { CommandSpec } from '../main.js';
import type { CliIo } from '../io.js';
import { diffAudits, normalizeScope } from '../../core/audit/diff.js';
import { RootctlError } from '../../core/errors.js';
import { renderDiffTable } from '../../core/report/table-diff.js';
import { columns } from '../../core/report/table.js';
import { openExistingDb } from '../../store/db.js';
import { checkDbFlag, DB_OPTION_HELP } from './remediate-shared.js';
import { HistoryStore, historyList, type AuditSummaryRow } from '../../store/history.js';
import {
  AUDIT_OUTPUTS,
  checkOutPath,
  emitReport,
  renderReport,
  tablePaint,
  type AuditOutput,
} from './audit.js';

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

function auditId(value: string, flag: string): number {
  if (!/^\d+$/.test(value.trim()))
    throw new RootctlError(
      'InvalidInput',
      `${flag} '${value}' is not an audit id (see \`rootctl history\`).`,
    );
  return Number(value);
}

function listText(rows: AuditSummaryRow[]): string {
  if (!rows.length) return 'No audits in the history yet: run `rootctl audit`.';
  return columns(
    [
      'ID',
      'GENERATED',
      'ORGANIZATION',
      'SCOPE',
      'DETAIL',
      'ACCOUNTS',
      'NON-COMPLIANT',
      'ERROR',
      'COMPLIANT',
      'SKIPPED',
    ],
    rows.map((r) => [
      String(r.id),
      r.generatedAt.replace(/\.\d{3}Z$/, 'Z'),
      r.organizationId,
      r.scope,
      r.detail,
      String(r.total),
      String(r.nonCompliant),
      String(r.error),
      String(r.compliant),
      String(r.skipped),
    ]),
  ).join('\n');
}

async function run(io: CliIo, opts: HistoryOpts): Promise<void> {
  if (opts.show !== undefined && opts.diff)
    throw new RootctlError('UsageError', 'Give either --show or --diff, not both.');
  if ((opts.from !== undefined || opts.to !== undefined) && !opts.diff)
    throw new RootctlError('UsageError', '--from and --to go with --diff.');
  const limit = Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new RootctlError('InvalidInput', `--limit '${opts.limit}' must be a whole number of at least 1.`);
  checkOutPath(opts.out);
  const from = opts.from === undefined ? undefined : auditId(opts.from, '--from');
  const to = opts.to === undefined ? undefined : auditId(opts.to, '--to');
  if (from !== undefined && to !== undefined && from >= to)
    throw new RootctlError(
      'UsageError',
      `--from ${from} is not older than --to ${to}: --from takes the older audit${from > to ? ` (did you mean --from ${to} --to ${from}?)` : ''}.`,
    );
  // Read-only: an existing database only; a typo in --db must not create an empty one.
  if (opts.db !== undefined) checkDbFlag(opts.db);
  const db = await openExistingDb(opts.db);
  try {
    const history = new HistoryStore(db);
    const load = async (id: number) => {
      const r = await history.get(id);
      if (!r)
        throw new RootctlError(
          'InvalidInput',
          `There is no audit ${id} in the history (see \`rootctl history\`).`,
        );
      return r;
    };
    if (opts.show !== undefined) {
      const report = await load(auditId(opts.show, '--show'));
      emitReport(
        io,
        renderReport(report, opts.output, io, opts.out !== undefined),
        opts.out,
        `${opts.output} report`,
      );
      return;
    }
    if (opts.diff) {
      const toId = to ?? (await history.latestId(opts.org));
      if (toId === undefined)
        throw new RootctlError(
          'InvalidInput',
          'There are no audits in the history to compare: run `rootctl audit` twice.',
        );
      const after = await load(toId);
      // Default baseline: the latest earlier audit of the same scope, else the latest of any scope.
      const base =
        from !== undefined ? { id: from, report: await load(from) } : await history.baseline(after, toId);
      if (!base)
        throw new RootctlError(
          'InvalidInput',
          `Audit ${toId} is the first of ${after.organizationId} in the history: there is nothing to compare it with.`,
        );
      const diff = diffAudits(base.report, after, {
        fromId: base.id,
        toId,
        commonAccountsOnly:
          normalizeScope(base.report.metadata.scope) !== normalizeScope(after.metadata.scope),
      });
      if (opts.output === 'json') emitReport(io, `${JSON.stringify(diff, null, 2)}\n`, opts.out, 'diff');
      else if (opts.output === 'table')
        emitReport(
          io,
          renderDiffTable(diff, opts.out === undefined ? { paint: tablePaint(io) } : {}),
          opts.out,
          'diff',
        );
      else throw new RootctlError('InvalidInput', `--diff prints a table or json, not ${opts.output}.`);
      return;
    }
    const rows = await history.list({
      limit,
      ...(opts.org === undefined ? {} : { organizationId: opts.org }),
    });
    if (opts.output === 'json')
      emitReport(io, `${JSON.stringify(historyList(rows), null, 2)}\n`, opts.out, 'history');
    else if (opts.output === 'table') emitReport(io, listText(rows), opts.out, 'history');
    else
      throw new RootctlError(
        'InvalidInput',
        `The audit list prints a table or json, not ${opts.output}; use --show ID for a report.`,
      );
  } finally {
    await db.close();
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
          '  rootctl history --show 12 --output html --out audit.html',
        ].join('\n'),
      )
      .action((opts: HistoryOpts) => run(io, opts));
  },
};
