/**
 * `rootctl remediate`: parses, calls the remediation use case (src/app/remediate-run.ts: plan from a
 * fresh audit or --resume the journal's run, confirm, apply, verify) and renders what it shows.
 */
import type { Command } from 'commander';
import type { CommandSpec } from '../main.js';
import type { CliIo } from '../io.js';
import {
  addAwsOptions,
  addOutputOption,
  parseConcurrency,
  parseDuration,
  type AwsOptions,
} from '../options.js';
import { AuditProgress } from '../progress.js';
import { renderResultJson, renderResultTable } from '../../core/execute/render.js';
import { remediationInput, type RemediationFlags } from '../../app/remediate-input.js';
import * as view from '../../app/remediate-view.js';
import * as shared from './remediate-shared.js';

type RemediateOpts = AwsOptions & shared.DbOptions & RemediationFlags & { output: 'table' | 'json' };

async function run(io: CliIo, opts: RemediateOpts, setExit: (code: number) => void): Promise<void> {
  const [input, concurrency] = [remediationInput(opts), parseConcurrency(opts.concurrency)];
  const maxPlanAgeMs = opts.maxPlanAge === undefined ? undefined : parseDuration(opts.maxPlanAge);
  const [json, yes, live] = [opts.output === 'json', opts.yes === true, io.progress && !opts.quiet];
  const seen = { json, yes, showPlan: opts.showPlan === true, interactive: io.interactive };
  const db = await shared.openStore(opts);
  const ctx = await shared.contextsFrom(opts, concurrency).catch(async (e: unknown) => {
    await db.close();
    throw e;
  });
  const stop = shared.interruptSignal();
  // The plan's fresh audit shows the audit's progress line on a terminal (not with --quiet).
  const draw = (t: string) => (io.draw ? io.draw(t) : void process.stderr.write(t));
  const progress = live ? new AuditProgress({ write: draw, columns: process.stderr.columns }) : undefined;
  try {
    const { remediate } = await import('../../app/remediate-run.js');
    const outcome = await remediate(ctx, db, {
      ...{ ...input, concurrency, maxPlanAgeMs, planOut: opts.out, dbPath: shared.storePath(opts) },
      signal: stop.signal,
      onWarning: (w) => io.err(`rootctl: warning: ${w}`),
      onPlanning: live ? (what) => io.err(`rootctl: auditing ${what} for the plan...`) : undefined,
      onAuditEvent: progress?.onEvent,
      onAuditEnd: () => progress?.clear(),
      onEvent: shared.progressPrinter(io, live),
      onPlan: (toDo, resuming, summary) => {
        if (resuming) io.err(view.resumingText(resuming, toDo));
        const shown = view.planView({ ...seen, stdoutTerminal: io.stdoutTerminal === true }, toDo, summary);
        if (shown.to !== 'none') io[shown.to](view.planText(shown.as, toDo, summary, opts.out));
      },
      confirm: (toDo) => shared.confirmed(io, opts.yes, view.confirmQuestion(toDo), json),
    });
    if (outcome.applied)
      io.out(
        json ? renderResultJson(outcome.result, outcome.plan) : `\n${renderResultTable(outcome.result)}`,
      );
    const verdict = view.remediationVerdict(outcome, yes);
    for (const line of verdict.lines) io.err(line);
    if (verdict.exit) setExit(verdict.exit);
  } finally {
    stop.dispose();
    ctx.destroy();
    await db.close();
  }
}

const FLAGS: [string, string][] = [
  ['--accounts <ids>', 'comma-separated member account ids'],
  ['--ou <id>', 'every account under this OU (recursive)'],
  ['--all', 'every member account of the organization'],
  ['--only <kinds>', 'narrow to: password,access-keys,signing-certificates,mfa'],
  [
    '--recently-used-days <n>',
    'access keys used within this many days are called out and held back (default 30)',
  ],
  ['--include-recently-used', 'delete recently used access keys too'],
  ['-y, --yes', 'apply without asking'],
  [
    '--resume',
    'continue the latest unfinished run (interrupted, killed, or failed with steps left) from the journal; no step done before is repeated',
  ],
  ['--concurrency <n>', 'accounts worked on at once, at most (adaptive, like the audit; default 100)'],
  [
    '--max-plan-age <duration>',
    'refuse (PlanStale) a plan older than this, e.g. a resumed run made long ago (default 24h)',
  ],
  ['--show-plan', 'print every step of the plan, however long (over 40 lines a terminal gets a summary)'],
  ['--out <file>', 'write the plan as JSON to this new file (0600; an existing file is refused)'],
  ['-q, --quiet', "no progress line on stderr while the plan's audit runs"],
];

export const remediateCommand: CommandSpec = {
  register(program, io, setExit) {
    const cmd: Command = program
      .command('remediate')
      .description(
        "Delete member accounts' root credentials: plan from a fresh audit, apply with --yes, journal every call, verify",
      );
    for (const [flag, help] of FLAGS) cmd.option(flag, help);
    cmd.addHelpText(
      'after',
      `\nWithout --yes and without a terminal, remediate prints the plan and changes nothing (exit 0).
The management account and suspended accounts are refused when named, and left out of --ou/--all.
Exit codes: 0 everything planned done and verified, 1 some accounts failed, 2 bad input, 3 AWS/credentials, 130 interrupted.
Plan and result JSON: docs/remediate.md.

Examples:
  rootctl remediate --all --profile security
  rootctl remediate --ou ou-ab12-cd34ef56 --only password,access-keys --yes
  rootctl remediate --resume --yes
  rootctl journal`,
    );
    addOutputOption(cmd, ['table', 'json']);
    shared.addDbOption(cmd);
    addAwsOptions(cmd).action((opts: RemediateOpts) => run(io, opts, setExit));
  },
};
