/**
 * `rootctl journal [run-id]`: the runs recorded in the journal (who, when, scope, status, step counts),
 * or one run's plan summary and every step: intent time, outcome, session access key id, task policy.
 */
import type { CommandSpec } from '../main.js';
import type { CliIo } from '../io.js';
import { addOutputOption } from '../options.js';
import { RootctlError } from '../../core/errors.js';
import { plural, table } from '../../core/plan/table.js';
import type { RunRow, StepRow } from '../../store/journal.js';
import { listJournalRuns, showJournalRun } from '../../app/journal.js';
import { addDbOption, type DbOptions } from './remediate-shared.js';

interface JournalOpts extends DbOptions {
  output: 'table' | 'json';
  limit: string;
}

const time = (iso: string | null) => (iso === null ? '-' : iso.replace(/\.\d{3}Z$/, 'Z'));

function countsText(r: RunRow): string {
  const c = r.counts;
  return `${c.done} done, ${c.alreadyGone} gone, ${c.failed} failed${c.pending ? `, ${c.pending} no outcome` : ''}`;
}

export function renderRuns(runs: RunRow[]): string {
  if (!runs.length) return 'No runs in the journal yet.';
  const rows = runs.map((r) => [
    r.id,
    r.kind,
    time(r.startedAt),
    r.status + (r.resumedCount ? ` (resumed ${r.resumedCount}x)` : ''),
    r.scope,
    r.callerArn,
    countsText(r),
  ]);
  return table(['RUN', 'KIND', 'STARTED', 'STATUS', 'SCOPE', 'CALLER', 'STEPS'], rows).join('\n');
}

export function renderRun(run: RunRow, steps: StepRow[]): string {
  const lines = [
    `Run ${run.id} (${run.kind}): ${run.status}`,
    `  started   ${time(run.startedAt)} by ${run.callerArn}`,
    `  finished  ${time(run.finishedAt)}`,
    `  scope     ${run.scope}`,
    `  options   ${JSON.stringify(run.options)}`,
  ];
  if (run.resumedCount)
    lines.push(
      `  resumed   ${plural(run.resumedCount, 'time')}, last ${time(run.lastResumedAt)} by ${run.lastResumedBy}`,
    );
  lines.push(`  steps     ${steps.length}: ${countsText(run)}`, '');
  const rows = steps.map((s) => [
    time(s.intentAt),
    s.accountId,
    s.action,
    s.targetId,
    s.outcome ?? 'NO OUTCOME',
    s.sessionAccessKeyId ?? '-',
    s.taskPolicy,
    s.errorCode ? `${s.errorCode}: ${s.errorMessage ?? ''}` : '',
  ]);
  lines.push(
    ...table(
      ['INTENT AT', 'ACCOUNT', 'ACTION', 'TARGET', 'OUTCOME', 'SESSION KEY', 'TASK POLICY', 'ERROR'],
      rows,
    ),
  );
  const saved = steps.filter((s) => s.detail && typeof s.detail.savedPolicy === 'string');
  for (const s of saved)
    lines.push('', `Policy saved before ${s.action} of ${s.targetId}:`, String(s.detail!.savedPolicy));
  return lines.join('\n');
}

async function run(io: CliIo, runId: string | undefined, opts: JournalOpts): Promise<void> {
  const limit = Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new RootctlError('InvalidInput', `--limit '${opts.limit}' must be a positive whole number.`);
  const where = { db: opts.db };
  if (runId === undefined) {
    const list = await listJournalRuns({ ...where, limit });
    io.out(opts.output === 'json' ? JSON.stringify(list, null, 2) : renderRuns(list.runs));
    return;
  }
  const shown = await showJournalRun(runId, where);
  io.out(opts.output === 'json' ? JSON.stringify(shown, null, 2) : renderRun(shown.run, shown.steps));
}

export const journalCommand: CommandSpec = {
  register(program, io) {
    const cmd = program
      .command('journal [run-id]')
      .description('Show remediation and exception runs from the journal, or every step of one run')
      .option('--limit <n>', 'runs to list, newest first', '50');
    cmd.addHelpText(
      'after',
      '\nExamples:\n  rootctl journal\n  rootctl journal run-20250301-120000-3fa9c1 --output json\n\nSchema: docs/remediate.md.',
    );
    addOutputOption(cmd, ['table', 'json']);
    addDbOption(cmd).action((runId: string | undefined, opts: JournalOpts) => run(io, runId, opts));
  },
};
