/**
 * What `rootctl remediate` shows people, decided here so every front end shows the same: where the
 * plan goes and whether as a summary (`planView`), its text, the resume line, the question asked, and
 * what the outcome means (`remediationVerdict`: closing lines and exit code). Strings and numbers only.
 */
import { ExitCode, RootctlError } from '../core/errors.js';
import type { ResumableRun } from '../core/execute/resume.js';
import type { ApplyEvent } from '../core/execute/types.js';
import { renderPlanJson, renderPlanTable } from '../core/plan/render.js';
import { renderPlanSummary, summaryFooter } from '../core/plan/render-summary.js';
import type { PlanSummary } from '../core/plan/summary.js';
import type { Plan } from '../core/plan/types.js';
import type { RemediationOutcome } from './remediate.js';

/** How a remediation ended, for people: lines for stderr and the exit code (Interrupted is thrown). */
export function remediationVerdict(
  outcome: RemediationOutcome,
  yes: boolean,
): { lines: string[]; exit: number } {
  if (!outcome.applied) {
    if (outcome.reason !== 'nothing-to-do') return { lines: [], exit: ExitCode.Ok };
    const blocked = outcome.plan.untouched.filter(
      (u) => u.reason === 'blocked' || u.reason === 'audit-error',
    ).length;
    return {
      lines: [
        `rootctl: nothing to do${blocked ? `; ${blocked} account(s) could not be planned (see above)` : ''}.`,
      ],
      exit: blocked && yes ? ExitCode.Findings : ExitCode.Ok,
    };
  }
  const { result } = outcome;
  if (result.status === 'interrupted')
    throw new RootctlError(
      'Interrupted',
      `Run ${result.runId} was interrupted; completed steps are in the journal.`,
      { hint: 'Run `rootctl remediate --resume --yes` to continue from the journal.' },
    );
  if (result.status === 'failed')
    return {
      lines: [
        `rootctl: ${result.totals.failed} account(s) failed (diagnosis above); the journal has every step: rootctl journal ${result.runId}`,
      ],
      exit: ExitCode.Findings,
    };
  // Honest results: a run that leaves root credentials behind is not a clean success.
  if (result.totals.left > 0)
    return {
      lines: [
        `rootctl: ${result.totals.left} root credential(s) left in ${result.totals.partial} partial account(s) (see Left above).`,
      ],
      exit: ExitCode.Findings,
    };
  return { lines: [], exit: ExitCode.Ok };
}

/** What the person at the other end can see, for `planView`. */
export interface PlanViewInput {
  json: boolean;
  yes: boolean;
  /** A person can answer a prompt (stdin and stderr are terminals). */
  interactive: boolean;
  /** stdout is a terminal (not a file or a pipe). */
  stdoutTerminal: boolean;
  /** --show-plan: every step, however long. */
  showPlan: boolean;
}

/**
 * Where the plan goes and in which form. Text goes to stdout, as a summary when it is longer than a
 * page and read on a terminal (a file or a pipe gets every step). JSON prints the plan unless it is
 * about to be applied (the result is the one document then); asked at a terminal, the text is on stderr.
 */
export function planView(
  input: PlanViewInput,
  toDo: Plan,
  summary: PlanSummary,
): { to: 'out' | 'err' | 'none'; as: 'table' | 'summary' | 'json' } {
  const applying = toDo.totals.deletions > 0 && (input.yes || input.interactive);
  const long = summary.overPage && !input.showPlan;
  if (!input.json) return { to: 'out', as: long && input.stdoutTerminal ? 'summary' : 'table' };
  if (!applying) return { to: 'out', as: 'json' };
  if (!input.yes) return { to: 'err', as: long ? 'summary' : 'table' };
  return { to: 'none', as: 'json' };
}

export type PlanForm = ReturnType<typeof planView>['as'];

/** The plan in the form planView chose; a summary ends with the line saying how to see the rest. */
export function planText(form: PlanForm, toDo: Plan, summary: PlanSummary, planOut?: string): string {
  if (form === 'json') return renderPlanJson(toDo);
  if (form === 'table') return renderPlanTable(toDo);
  return `${renderPlanSummary(toDo, summary)}\n${summaryFooter(summary, planOut)}`;
}

export function resumingText(run: ResumableRun, toDo: Plan): string {
  return `rootctl: resuming ${run.id} (started ${run.startedAt} by ${run.callerArn}, ${run.status}): ${toDo.totals.deletions} deletion(s) left`;
}

export function confirmQuestion(toDo: Plan): string {
  return `Delete ${toDo.totals.deletions} root credential(s) in ${toDo.totals.accountsToChange} account(s)?`;
}

/** The line an apply event gets on stderr (an account finished, the run started, verifying...). */
export function applyEventLine(e: ApplyEvent): string | undefined {
  switch (e.kind) {
    case 'run-started':
      return `rootctl: ${e.resumed ? 'resuming' : 'starting'} run ${e.runId}: ${e.steps} deletion(s) in ${e.accounts} account(s)`;
    case 'account-finished': {
      const r = e.result;
      const n = (o: string) => r.steps.filter((s) => s.outcome === o).length;
      const what = `${n('done')} deleted, ${n('already-gone')} already gone${n('done-earlier') ? `, ${n('done-earlier')} done earlier` : ''}`;
      return `  ${r.status === 'done' ? 'done' : r.status}  ${r.accountId} (${r.accountName}): ${what}${r.diagnosis ? `; ${r.diagnosis}` : ''}`;
    }
    case 'retry-budget-spent':
      return `rootctl: retry budget spent at ${e.accountId} ${e.operation}; failing fast`;
    case 'verifying':
      return `rootctl: verifying ${e.accounts} account(s) with a fresh audit`;
    default:
      return undefined;
  }
}
