/**
 * `rootctl remediate`: plan from a fresh audit of the scope, then - with --yes or an interactive yes -
 * delete the planned root credentials account by account, journaling every call, and verify with a
 * fresh audit. `--resume` continues the latest interrupted run from the journal. Exit 0 when all
 * planned work is done and verified, 1 when some accounts failed, 130 when interrupted.
 */
import type { Command } from 'commander';
import type { CommandSpec } from '../main.js';
import type { CliIo } from '../io.js';
import { addAwsOptions, addOutputOption, parseDuration, type AwsOptions } from '../options.js';
import { AuditProgress } from '../progress.js';
import { managementCallerWarning } from '../../core/caller-warning.js';
import { ExitCode, RootctlError } from '../../core/errors.js';
import { DEFAULT_CONCURRENCY } from '../../core/audit/run.js';
import { renderResultJson, renderResultTable } from '../../core/execute/render.js';
import type { AuditReport } from '../../core/audit/model.js';
import { parseAccountList, parseOuId } from '../../core/model/account-id.js';
import {
  planRemediation,
  renderPlanJson,
  renderPlanTable,
  planOptions,
  type Plan,
  type RemediationScope,
} from '../../core/plan/index.js';
import {
  addDbOption,
  confirmed,
  contextsFrom,
  interruptSignal,
  openStore,
  parseConcurrency,
  progressPrinter,
  storePath,
  type DbOptions,
} from './remediate-shared.js';

interface RemediateOpts extends AwsOptions, DbOptions {
  accounts?: string;
  ou?: string;
  all?: boolean;
  only?: string;
  recentlyUsedDays?: string;
  includeRecentlyUsed?: boolean;
  yes?: boolean;
  resume?: boolean;
  concurrency?: string;
  maxPlanAge?: string;
  quiet?: boolean;
  output: 'table' | 'json';
}

/** Usage checks that need no AWS call. */
export function scopeFrom(
  opts: Pick<
    RemediateOpts,
    'accounts' | 'ou' | 'all' | 'resume' | 'only' | 'recentlyUsedDays' | 'includeRecentlyUsed'
  >,
): RemediationScope | undefined {
  const given = [
    opts.accounts !== undefined && '--accounts',
    opts.ou !== undefined && '--ou',
    opts.all && '--all',
  ].filter(Boolean);
  if (opts.resume) {
    const extra = [
      ...given,
      opts.only !== undefined && '--only',
      opts.recentlyUsedDays !== undefined && '--recently-used-days',
      opts.includeRecentlyUsed && '--include-recently-used',
    ].filter(Boolean);
    if (extra.length)
      throw new RootctlError(
        'UsageError',
        `--resume continues the journaled plan as it was made; it takes no ${extra.join(', ')}.`,
      );
    return undefined;
  }
  if (given.length !== 1)
    throw new RootctlError(
      'UsageError',
      given.length
        ? `Choose one scope, not ${given.join(' and ')}.`
        : 'Choose a scope: --accounts ID,..., --ou OU_ID or --all (or --resume).',
    );
  if (opts.accounts !== undefined) return { kind: 'accounts', accountIds: parseAccountList(opts.accounts) };
  if (opts.ou !== undefined) return { kind: 'ou', ouId: parseOuId(opts.ou) };
  return { kind: 'all' };
}

async function run(io: CliIo, opts: RemediateOpts, setExit: (code: number) => void): Promise<void> {
  const scope = scopeFrom(opts);
  const options = scope
    ? planOptions({
        only: opts.only,
        recentlyUsedDays: opts.recentlyUsedDays,
        includeRecentlyUsed: opts.includeRecentlyUsed,
      })
    : undefined;
  const concurrency = parseConcurrency(opts.concurrency, DEFAULT_CONCURRENCY);
  const maxPlanAgeMs = opts.maxPlanAge === undefined ? undefined : parseDuration(opts.maxPlanAge);
  const json = opts.output === 'json';
  const db = await openStore(opts);
  const ctx = await contextsFrom(opts, concurrency).catch(async (e: unknown) => {
    await db.close();
    throw e;
  });
  const stop = interruptSignal();
  try {
    const { auditPorts, remediationDeps, applyRemediation } = await import('../../app/remediate.js');
    const deps = remediationDeps(auditPorts(ctx), db, { concurrency, region: ctx.sessions.region });
    const warning = await managementCallerWarning(deps.ports);
    if (warning) io.err(`rootctl: warning: ${warning}`);
    let plan: Plan | undefined;
    let planAudit: AuditReport | undefined;
    if (scope && options) {
      if (io.progress && !opts.quiet)
        io.err(
          `rootctl: auditing ${scope.kind === 'all' ? 'the organization' : scope.kind === 'ou' ? scope.ouId : `${scope.accountIds.length} account(s)`} for the plan...`,
        );
      // The plan's fresh audit shows the audit's progress line on a terminal (not with --quiet).
      const progress =
        io.progress && !opts.quiet
          ? new AuditProgress({
              write: (t) => (io.draw ? io.draw(t) : void process.stderr.write(t)),
              columns: process.stderr.columns,
            })
          : undefined;
      try {
        ({ plan, report: planAudit } = await planRemediation(deps.ports, {
          scope,
          options,
          concurrency,
          // The plan's audit, the apply and the verification share one adaptive level.
          limiter: deps.limiter,
          region: ctx.sessions.region,
          openExceptions: await deps.openExceptions(),
          onAuditEvent: progress?.onEvent,
          signal: stop.signal,
        }));
      } finally {
        progress?.clear();
      }
    }
    const outcome = await applyRemediation(deps, plan ? { plan, planAudit } : { resume: {} }, {
      dbPath: storePath(opts),
      concurrency,
      signal: stop.signal,
      onEvent: progressPrinter(io, io.progress && !opts.quiet),
      whenNothingToDo: 'skip',
      maxPlanAgeMs,
      onPlan: (shown, resuming) => {
        if (resuming)
          io.err(
            `rootctl: resuming ${resuming.id} (started ${resuming.startedAt} by ${resuming.callerArn}, ${resuming.status}): ${shown.totals.deletions} deletion(s) left`,
          );
        const applying = shown.totals.deletions > 0 && (opts.yes === true || io.interactive);
        if (!json) io.out(renderPlanTable(shown));
        else if (!applying) io.out(renderPlanJson(shown));
        else if (!opts.yes) io.err(renderPlanTable(shown));
      },
      confirm: (shown) =>
        confirmed(
          io,
          opts.yes,
          `Delete ${shown.totals.deletions} root credential(s) in ${shown.totals.accountsToChange} account(s)?`,
          json,
        ),
    });
    if (!outcome.applied) {
      if (outcome.reason === 'nothing-to-do') {
        const blocked = outcome.plan.untouched.filter(
          (u) => u.reason === 'blocked' || u.reason === 'audit-error',
        );
        io.err(
          `rootctl: nothing to do${blocked.length ? `; ${blocked.length} account(s) could not be planned (see above)` : ''}.`,
        );
        if (blocked.length && opts.yes) setExit(ExitCode.Findings);
      }
      return;
    }
    const { result } = outcome;
    plan = outcome.plan;
    io.out(json ? renderResultJson(result, plan) : `\n${renderResultTable(result)}`);
    if (result.status === 'interrupted') {
      throw new RootctlError(
        'Interrupted',
        `Run ${result.runId} was interrupted; completed steps are in the journal.`,
        { hint: 'Run `rootctl remediate --resume --yes` to continue from the journal.' },
      );
    }
    if (result.status === 'failed') {
      io.err(
        `rootctl: ${result.totals.failed} account(s) failed (diagnosis above); the journal has every step: rootctl journal ${result.runId}`,
      );
      setExit(ExitCode.Findings);
    } else if (result.totals.left > 0) {
      // Honest results: a run that leaves root credentials behind is not a clean success.
      io.err(
        `rootctl: ${result.totals.left} root credential(s) left in ${result.totals.partial} partial account(s) (see Left above).`,
      );
      setExit(ExitCode.Findings);
    }
  } finally {
    stop.dispose();
    ctx.destroy();
    await db.close();
  }
}

export const remediateCommand: CommandSpec = {
  register(program, io, setExit) {
    const cmd: Command = program
      .command('remediate')
      .description(
        "Delete member accounts' root credentials: plan from a fresh audit, apply with --yes, journal every call, verify",
      )
      .option('--accounts <ids>', 'comma-separated member account ids')
      .option('--ou <id>', 'every account under this OU (recursive)')
      .option('--all', 'every member account of the organization')
      .option('--only <kinds>', 'narrow to: password,access-keys,signing-certificates,mfa')
      .option(
        '--recently-used-days <n>',
        'access keys used within this many days are called out and held back (default 30)',
      )
      .option('--include-recently-used', 'delete recently used access keys too')
      .option('-y, --yes', 'apply without asking')
      .option(
        '--resume',
        'continue the latest unfinished run (interrupted, killed, or failed with steps left) from the journal; no step done before is repeated',
      )
      .option(
        '--concurrency <n>',
        'accounts worked on at once, at most (adaptive, like the audit; default 100)',
      )
      .option(
        '--max-plan-age <duration>',
        'refuse (PlanStale) a plan older than this, e.g. a resumed run made long ago (default 24h)',
      )
      .option('-q, --quiet', "no progress line on stderr while the plan's audit runs");
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
    addDbOption(cmd);
    addAwsOptions(cmd).action((opts: RemediateOpts) => run(io, opts, setExit));
  },
};
