/**
 * The resume rule, in one place for the CLI and the library: only the latest run of its kind can be
 * resumed, and only with the plan the journal holds for it. An older unfinished run is stale once a
 * newer run was made (resuming it would delete what a plan confirmed long ago), and a plan handed in
 * that is not the journaled one would run unplanned deletions under the old run's id.
 */
import { RootctlError } from '../errors.js';
import type { Plan } from '../plan/types.js';
import { stepKey, type RunKind } from './types.js';

/** A journaled run, as much of it as the rule needs. */
export interface ResumableRun {
  id: string;
  startedAt: string;
  callerArn: string;
  status: string;
}

/** The journal queries the rule reads. */
export interface ResumeJournal {
  /** The latest run of this kind, if it did not finish (interrupted, running, failed with steps left). */
  latestResumable(kind?: RunKind): Promise<ResumableRun | undefined>;
  getRun(runId: string): Promise<ResumableRun | undefined>;
  planOf(runId: string): Promise<Plan | undefined>;
  completedSteps(runId: string): Promise<ReadonlySet<string>>;
}

export interface ResumeRequest {
  /** The run the caller claims to resume; default the latest resumable one. */
  runId?: string | undefined;
  /** The plan the caller holds for it; refused unless it is the journaled plan. */
  plan?: Plan | undefined;
  kind?: RunKind | undefined;
}

/** Every planned deletion of a plan, as step keys. */
function deletionKeys(plan: Plan): string[] {
  return plan.accounts.flatMap((a) => a.deletions.map((d) => stepKey(a.accountId, d.action, d.targetId)));
}

/**
 * True when `given` is the journaled plan: made at the same time by the same caller over the same
 * scope, and listing exactly the same deletions.
 */
export function isJournaledPlan(given: Plan, journaled: Plan): boolean {
  if (
    given.createdAt !== journaled.createdAt ||
    given.callerArn !== journaled.callerArn ||
    given.scope !== journaled.scope
  )
    return false;
  const a = deletionKeys(given).sort();
  const b = deletionKeys(journaled).sort();
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** The run to resume and the journal's plan for it; PlanStale or NothingToResume otherwise. */
export async function resumeTarget(
  journal: ResumeJournal,
  request: ResumeRequest = {},
): Promise<{ run: ResumableRun; plan: Plan }> {
  const latest = await journal.latestResumable(request.kind);
  if (request.runId !== undefined && request.runId !== latest?.id) {
    const known = await journal.getRun(request.runId);
    if (!known) throw new RootctlError('NothingToResume', `Run ${request.runId} is not in the journal.`);
    throw new RootctlError(
      'PlanStale',
      latest
        ? `Run ${request.runId} is not the latest run (${latest.id} is): its plan is stale and is never resumed.`
        : `Run ${request.runId} cannot be resumed: it is not the latest run, or it has nothing left to do.`,
    );
  }
  const plan = latest && (await journal.planOf(latest.id));
  if (!latest || !plan)
    throw new RootctlError(
      'NothingToResume',
      'No unfinished remediation run in the journal (interrupted, killed, or failed with steps left).',
    );
  if (request.plan && !isJournaledPlan(request.plan, plan))
    throw new RootctlError(
      'PlanStale',
      `The plan given is not the plan journaled for run ${latest.id} (made ${plan.createdAt}); a run resumes only with its own plan.`,
      { hint: 'Resume without a plan (the journal holds it), or make and apply a new plan.' },
    );
  return { run: latest, plan };
}

/** The part of a journaled plan not yet done: what a resume will do. */
export function remainingPlan(plan: Plan, completed: ReadonlySet<string>): Plan {
  const accounts = plan.accounts.map((a) => ({
    ...a,
    deletions: a.deletions.filter((d) => !completed.has(stepKey(a.accountId, d.action, d.targetId))),
  }));
  const deletions = accounts.reduce((n, a) => n + a.deletions.length, 0);
  return {
    ...plan,
    accounts,
    totals: {
      ...plan.totals,
      deletions,
      accountsToChange: accounts.filter((a) => a.deletions.length).length,
    },
  };
}
