/**
 * Library entry point for remediation and exceptions on AWS: the audit's ports (src/app/audit.ts),
 * the journal and exception stores on the shared database, and the SCP lookup that names what blocks
 * a root session; and the remediation use case (applyPlanWith) that the CLI's `remediate` and the
 * library's applyPlan / resumeRemediation both call. The work itself is the pure core: planRemediation,
 * executeDeletions, the resume rule (core/execute/resume.ts), open/closeException.
 */
import { AdaptiveLimiter } from '../core/concurrency/adaptive-limiter.js';
import { DEFAULT_CONCURRENCY } from '../core/audit/run.js';
import type { AuditPorts } from '../core/audit/types.js';
import { executeDeletions, type ApplyDeps } from '../core/execute/apply.js';
import {
  remainingPlan,
  resumeTarget,
  type ResumableRun,
  type ResumeRequest,
} from '../core/execute/resume.js';
import type { ApplyEvent, ApplyResult } from '../core/execute/types.js';
import { RootctlError } from '../core/errors.js';
import { DELETE_TASK } from '../core/execute/account-runner.js';
import { describeBlock } from '../core/execute/diagnose.js';
import type { AccountId } from '../core/model/account-id.js';
import type { TaskPolicyName } from '../core/model/task-policies.js';
import { walkTree, type OrgTree } from '../core/org/tree.js';
import { auditAccounts, holdOutOpenExceptions, type OpenExceptionInfo } from '../core/plan/index.js';
import type { Plan } from '../core/plan/types.js';
import { summarizePlan, type PlanSummary } from '../core/plan/summary.js';
import { parsePlan } from '../core/plan/schema.js';
import { refuseOldPlan } from '../core/execute/stale.js';
import { lockForApply } from '../store/apply-lock.js';
import type { OrganizationsReader, ScpPolicy } from '../core/ports.js';
import { blockerForAccount, type RootSessionFacts } from '../core/scp/root-session-blockers.js';
import { orgPartition } from '../core/model/arn.js';
import type { Db } from '../store/db.js';
import { ExceptionStore, openExceptionInfos } from '../store/exceptions.js';
import { HistoryStore } from '../store/history.js';
import { Journal } from '../store/journal.js';
import type { AuditReport } from '../core/audit/model.js';
import { auditPorts, type AuditContexts } from './audit.js';
import { runRecorder } from './evidence-record.js';

export { auditPorts, createAuditContexts, type AuditContexts } from './audit.js';
export { planRemediation } from '../core/plan/index.js';

/**
 * "blocked by SCP p-... (Name) attached to ...: denies iam:DeleteAccessKey" for an account whose SCPs
 * deny a task's calls to root sessions; undefined when they do not. The tree and the SCPs are read
 * once, on the first question (only asked after an AccessDenied).
 */
export function scpBlockerLookup(
  reader: OrganizationsReader,
  task: TaskPolicyName = DELETE_TASK,
): (accountId: AccountId) => Promise<string | undefined> {
  let loaded: Promise<{ tree: OrgTree; scps: ScpPolicy[]; facts: RootSessionFacts } | undefined> | undefined;
  const load = async () => {
    try {
      const [org, roots, scps] = await Promise.all([
        reader.describeOrganization(),
        reader.listRoots(),
        reader.listScps(),
      ]);
      const rootId = roots[0]?.id;
      // Root sessions' ARNs are in the organization's partition (a GovCloud SCP names arn:aws-us-gov).
      const facts = { partition: orgPartition(org), orgId: org.id };
      return rootId === undefined ? undefined : { tree: await walkTree(reader, rootId), scps, facts };
    } catch {
      return undefined; // Without Organizations read access the diagnosis falls back to AWS's message.
    }
  };
  return async (accountId) => {
    const org = await (loaded ??= load());
    if (!org || !org.tree.accounts.has(accountId)) return undefined;
    const b = blockerForAccount(org.tree, org.scps, accountId, task, org.facts);
    return b && describeBlock(b);
  };
}

export interface RemediationOptions {
  /**
   * Accounts worked on at once: a cap; the level is found adaptively, like the audit's, by one
   * limiter shared by the plan's audit (pass `deps.limiter` to planRemediation), the apply and the
   * verification. Default 100, the audit's.
   */
  concurrency?: number | undefined;
  region?: string | undefined;
}

/** The executor's dependencies on AWS and the database. */
export type RemediationDeps = ApplyDeps & {
  ports: AuditPorts;
  journal: Journal;
  /** Where the run's plan and verification audits are saved (src/app/evidence-record.ts). */
  history?: HistoryStore | undefined;
  /** The Region whose STS endpoint the root sessions use (recorded with the verification audit). */
  region?: string | undefined;
  exceptions: ExceptionStore;
  /** Open (or overdue) root-task exceptions: their accounts are held out of every plan applied. */
  openExceptions: () => Promise<OpenExceptionInfo[]>;
};

export function remediationDeps(
  source: AuditContexts | AuditPorts,
  db: Db,
  options: RemediationOptions = {},
): RemediationDeps {
  const ports = 'rootSessions' in source ? source : auditPorts(source);
  const max = options.concurrency ?? DEFAULT_CONCURRENCY;
  const limiter = new AdaptiveLimiter({ max });
  return {
    ports,
    opener: ports.rootSessions,
    journal: new Journal(db),
    history: new HistoryStore(db),
    region: options.region,
    exceptions: new ExceptionStore(db),
    openExceptions: () => openExceptionInfos(db),
    verify: auditAccounts(ports, { region: options.region, limiter }),
    blockerOf: scpBlockerLookup(ports.organizations),
    limiter,
    classify: ports.classify,
    // The account deadline of the apply follows the adapters' request timeout, as the audit's does.
    requestTimeoutMs: ports.requestTimeoutMs,
  };
}

/** What the remediation use case applies: a new plan, or the journal's plan of the run to resume. */
export type RemediationRequest =
  /** `planAudit`: the audit the plan was made from, saved to the history with the run as its "before". */
  | { plan: Plan; planAudit?: AuditReport | undefined; resume?: undefined }
  | { resume: ResumeRequest; plan?: undefined; planAudit?: undefined };

export interface ApplyRemediationOptions {
  /** The database (file or postgres:// URL) whose apply lock is held while accounts change (one applying run per journal). */
  dbPath: string;
  concurrency?: number | undefined;
  signal?: AbortSignal | undefined;
  onEvent?: ((e: ApplyEvent) => void) | undefined;
  /**
   * Shown what will be done (on a resume: the steps left) before anything is asked or changed, with
   * its summary (`summary.overPage`: longer than a page, show the summary rather than every step).
   */
  onPlan?: ((toDo: Plan, resuming: ResumableRun | undefined, summary: PlanSummary) => void) | undefined;
  /** Asked before anything changes; false leaves everything as it is. Default: yes. */
  confirm?: ((toDo: Plan, resuming: ResumableRun | undefined) => Promise<boolean> | boolean) | undefined;
  now?: (() => Date) | undefined;
  /**
   * How old a plan (new, or the journal's on a resume) may be: older is refused with PlanStale before
   * anything changes. Default 24 h (DEFAULT_MAX_PLAN_AGE_MS).
   */
  maxPlanAgeMs?: number | undefined;
  /** A new plan with no deletion: 'skip' returns without a run; default 'run' (an empty, journaled run). */
  whenNothingToDo?: 'skip' | 'run' | undefined;
}

/** `summary`: of `toDo`, the plan shown before anything was asked (core/plan/summary.ts). */
export type RemediationOutcome =
  | { applied: false; reason: 'nothing-to-do' | 'declined'; plan: Plan; toDo: Plan; summary: PlanSummary }
  | {
      applied: true;
      plan: Plan;
      toDo: Plan;
      summary: PlanSummary;
      result: ApplyResult;
      resumed: ResumableRun | undefined;
    };

/**
 * The remediation use case behind the library's applyPlan and resumeRemediation and the CLI's
 * `remediate` (hence the name: applyPlan with the dependencies given): applies a new plan, or resumes the
 * latest unfinished run with the plan its journal holds (never an older run, never another plan).
 * Accounts under an open root-task exception are held out either way.
 */
export async function applyPlanWith(
  deps: RemediationDeps,
  request: RemediationRequest,
  options: ApplyRemediationOptions,
): Promise<RemediationOutcome> {
  const now = options.now ?? (() => new Date());
  // A plan from outside (a library caller's object, a saved file) is data: validated before use.
  const resume = request.resume && {
    ...request.resume,
    plan: request.resume.plan === undefined ? undefined : parsePlan(request.resume.plan),
  };
  const target = resume ? await resumeTarget(deps.journal, resume) : undefined;
  const given = target ? target.plan : parsePlan(request.plan);
  refuseOldPlan(given, now(), options.maxPlanAgeMs);
  // An exception opened since the plan was made holds its account out too.
  const planned = holdOutOpenExceptions(given, await deps.openExceptions(), now());
  const toDo = target ? remainingPlan(planned, await deps.journal.completedSteps(target.run.id)) : planned;
  const summary = summarizePlan(toDo);
  options.onPlan?.(toDo, target?.run, summary);
  if (!target && toDo.totals.deletions === 0 && options.whenNothingToDo === 'skip')
    return { applied: false, reason: 'nothing-to-do', plan: planned, toDo, summary };
  if (options.confirm && !(await options.confirm(toDo, target?.run)))
    return { applied: false, reason: 'declined', plan: planned, toDo, summary };
  if (options.signal?.aborted)
    throw new RootctlError('Interrupted', 'Interrupted before anything was changed.', {
      hint: 'Run the command again when ready.',
    });
  // A resume is journaled under whoever resumes it; a new run under the plan's maker.
  const callerArn = target ? (await deps.ports.identity.whoAmI()).arn : planned.callerArn;
  // One applying run per journal: refused here, before any change, if another process is applying.
  const lock = await lockForApply(options.dbPath);
  try {
    // Read again under the lock: an exception another operator opened meanwhile (on a shared
    // PostgreSQL store, from another machine) holds its account out all the same.
    const plan = holdOutOpenExceptions(planned, await deps.openExceptions(), now());
    // Verification journaled and both audits saved to the history, for the evidence bundle.
    const recorder = runRecorder(deps, plan, deps.verify, {
      planAudit: request.planAudit,
      onEvent: options.onEvent,
    });
    const result = await executeDeletions(
      plan,
      { ...deps, verify: recorder.verify },
      {
        callerArn,
        resumeRunId: target?.run.id,
        signal: options.signal,
        onEvent: recorder.onEvent,
        runOptions: { ...plan.options, ...(options.concurrency ? { concurrency: options.concurrency } : {}) },
      },
    );
    await recorder.finish(result);
    return { applied: true, plan, toDo, summary, result, resumed: target?.run };
  } finally {
    await lock.release();
  }
}
