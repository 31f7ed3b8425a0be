/**
 * `rootctl remediate` as one library function (`remediate`): a new plan from a fresh audit of the
 * scope, or the journal's latest unfinished run; the plan written to a file if asked; shown with its
 * summary; confirmed; applied, journaled and verified (applyPlanWith). What it shows people:
 * ./remediate-view.ts.
 */
import type { AuditEvent } from '../core/audit/types.js';
import { managementCallerWarning } from '../core/caller-warning.js';
import type { ApplyEvent } from '../core/execute/types.js';
import type { ResumableRun } from '../core/execute/resume.js';
import { planRemediation, type RemediationScope } from '../core/plan/index.js';
import type { PlanSummary } from '../core/plan/summary.js';
import type { Plan, PlanOptions } from '../core/plan/types.js';
import type { AuditReport } from '../core/audit/model.js';
import type { Db } from '../store/db.js';
import type { AuditContexts } from './audit.js';
import { checkPlanOut, writePlanFile } from './remediate-input.js';
import {
  applyPlanWith,
  auditPorts,
  remediationDeps,
  type RemediationDeps,
  type RemediationOutcome,
} from './remediate.js';

export interface RemediateRequest {
  /** What to plan; undefined resumes the journal's latest unfinished run with its plan. */
  scope?: RemediationScope | undefined;
  options?: PlanOptions | undefined;
  concurrency: number;
  /** The database whose apply lock is held while accounts change. */
  dbPath: string;
  maxPlanAgeMs?: number | undefined;
  /** Writes the plan shown (on a resume: the steps left) here as JSON, 0600, never over a file. */
  planOut?: string | undefined;
  signal?: AbortSignal | undefined;
  onWarning?: ((text: string) => void) | undefined;
  /** The plan's audit starts: "the organization", "ou-...", "3 account(s)". */
  onPlanning?: ((what: string) => void) | undefined;
  onAuditEvent?: ((e: AuditEvent) => void) | undefined;
  /** The plan's audit ended (a progress line can be cleared before the plan is shown). */
  onAuditEnd?: (() => void) | undefined;
  onPlan?: ((toDo: Plan, resuming: ResumableRun | undefined, summary: PlanSummary) => void) | undefined;
  confirm?: ((toDo: Plan) => Promise<boolean> | boolean) | undefined;
  onEvent?: ((e: ApplyEvent) => void) | undefined;
}

function scopeText(scope: RemediationScope): string {
  if (scope.kind === 'all') return 'the organization';
  return scope.kind === 'ou' ? scope.ouId : `${scope.accountIds.length} account(s)`;
}

async function newPlan(
  deps: RemediationDeps,
  request: RemediateRequest & { scope: RemediationScope; options: PlanOptions },
  region: string,
): Promise<{ plan: Plan; report: AuditReport }> {
  request.onPlanning?.(scopeText(request.scope));
  try {
    return await planRemediation(deps.ports, {
      scope: request.scope,
      options: request.options,
      concurrency: request.concurrency,
      // The plan's audit, the apply and the verification share one adaptive level.
      limiter: deps.limiter,
      region,
      openExceptions: await deps.openExceptions(),
      onAuditEvent: request.onAuditEvent,
      signal: request.signal,
    });
  } finally {
    request.onAuditEnd?.();
  }
}

/** Plans (or resumes), shows, asks, applies and verifies: the CLI's `remediate`, for any caller. */
export async function remediate(
  ctx: AuditContexts,
  db: Db,
  request: RemediateRequest,
): Promise<RemediationOutcome> {
  const planOut = request.planOut === undefined ? undefined : checkPlanOut(request.planOut);
  const region = ctx.sessions.region;
  const deps = remediationDeps(auditPorts(ctx), db, { concurrency: request.concurrency, region });
  const warning = await managementCallerWarning(deps.ports);
  if (warning) request.onWarning?.(warning);
  const { scope, options } = request;
  const made = scope && options ? await newPlan(deps, { ...request, scope, options }, region) : undefined;
  return applyPlanWith(deps, made ? { plan: made.plan, planAudit: made.report } : { resume: {} }, {
    dbPath: request.dbPath,
    concurrency: request.concurrency,
    signal: request.signal,
    onEvent: request.onEvent,
    whenNothingToDo: 'skip',
    maxPlanAgeMs: request.maxPlanAgeMs,
    onPlan: (toDo, resuming, summary) => {
      if (planOut !== undefined) writePlanFile(planOut, toDo);
      request.onPlan?.(toDo, resuming, summary);
    },
    confirm: request.confirm && ((toDo) => request.confirm!(toDo)),
  });
}
