/**
 * `setup`: plan the change to centralized root access from what doctor reads, then apply it step by
 * step with read-back verification. No console output: progress goes to `onEvent`.
 * To run it on an AwsContext, use `planSetup` / `applySetup` from src/app/setup.ts.
 */
import { RootctlError, isRootctlError } from '../errors.js';
import { gatherFacts } from '../doctor/gather.js';
import { toReport } from '../doctor/verdict.js';
import type { OrgAccount } from '../ports.js';
import { executeSetupSteps } from './execute.js';
import { planSetupFromFacts } from './planner.js';
import type { ApplyOptions, PlanOptions, SetupPlan, SetupPorts, SetupRequest, SetupResult } from './types.js';

/** Reads the organization and makes the plan (or throws the refusal); changes nothing. */
export async function planSetup(
  ports: SetupPorts,
  request: SetupRequest,
  options: PlanOptions = {},
): Promise<SetupPlan> {
  const report = toReport(await gatherFacts(ports, options));
  const org = report.organization.status === 'known' ? report.organization.value : undefined;
  let target: OrgAccount | null | undefined;
  // Look the account up only where the planner would get that far (management caller, all features).
  if (
    request.mode === 'setup' &&
    request.delegatedAdmin !== undefined &&
    report.caller.role === 'management' &&
    org?.featureSet === 'ALL'
  ) {
    try {
      target = (await ports.organizations.describeAccount(request.delegatedAdmin)) ?? null;
    } catch (e) {
      if (!isRootctlError(e) || e.code !== 'AccessDenied') throw e;
      throw new RootctlError(
        e.code,
        `Could not look up the delegated-admin account, so no plan was made: ${e.message}`,
        { hint: e.hint, cause: e, details: e.details },
      );
    }
  }
  return planSetupFromFacts(report, request, target);
}

/** Applies the plan's steps in order, verifying each by reading it back. */
export async function applySetup(
  ports: SetupPorts,
  plan: SetupPlan,
  options: ApplyOptions = {},
): Promise<SetupResult> {
  return executeSetupSteps(ports, plan, options);
}

export { planSetupFromFacts, planUndoFromFacts, type TargetAccount } from './planner.js';
export { executeSetupSteps } from './execute.js';
export { step as setupStep } from './steps.js';
export { renderPlanTable, renderPlanJson, renderResultLines } from './render.js';
export * from './types.js';
