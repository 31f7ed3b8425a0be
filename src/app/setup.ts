/**
 * The setup use case, for the CLI (`rootctl setup`) and the library (`setup()`) alike: plan (or take
 * a saved plan, validated), show it, ask, apply step by step with read-back, then read the state back
 * with doctor and say whether the organization is ready now.
 */
import type { AwsContext } from '../aws/clients.js';
import type { DoctorEvent, DoctorReport } from '../core/doctor/types.js';
import type { SetupEvent, SetupPlan, SetupPorts, SetupRequest, SetupResult } from '../core/setup/types.js';
import { parseSetupPlan } from '../core/setup/schema.js';
import { applySetup, doctor, isAwsContext, planSetup, setupPorts } from './doctor.js';

export interface SetupUseCaseOptions {
  /** Apply the plan (after `confirm`, if given); default false: plan only, nothing changed. */
  apply?: boolean | undefined;
  /** A saved setup plan to apply instead of planning afresh; validated first (InvalidPlan, PlanTooNew). */
  plan?: unknown;
  /** Shown the plan before anything is asked or changed. */
  onPlan?: ((plan: SetupPlan) => void) | undefined;
  /** Asked before anything changes (only when there are steps); false leaves everything as it is. */
  confirm?: ((plan: SetupPlan) => Promise<boolean> | boolean) | undefined;
  /** A plan without steps: 'skip' returns without applying; default 'run' (an empty result). */
  whenNothingToDo?: 'skip' | 'run' | undefined;
  onEvent?: ((event: SetupEvent) => void) | undefined;
  /** Progress of the reads: doctor's, while planning and again while verifying. */
  onReadEvent?: ((event: DoctorEvent) => void) | undefined;
  /** The Region doctor reports the STS endpoint for; default the context's. */
  region?: string | undefined;
}

export interface SetupOutcome {
  plan: SetupPlan;
  /** Undefined when nothing was applied (plan only, declined, or nothing to do with 'skip'). */
  result: SetupResult | undefined;
  /** What doctor says after applying (undefined when nothing was applied). */
  doctor?: DoctorReport | undefined;
  /** Applied, but doctor still finds a gap setup does not fix (the CLI exits 1, as doctor does). */
  stillNotReady?: boolean | undefined;
}

export async function setupOrganization(
  source: AwsContext | SetupPorts,
  request: SetupRequest,
  options: SetupUseCaseOptions = {},
): Promise<SetupOutcome> {
  // One set of ports for plan, apply and the read-back: doctor then sees what this run observed.
  const ports = isAwsContext(source) ? setupPorts(source) : source;
  const region = options.region ?? (isAwsContext(source) ? source.region : undefined);
  const where = {
    ...(region === undefined ? {} : { region }),
    ...(options.onReadEvent ? { onEvent: options.onReadEvent } : {}),
  };
  const plan =
    options.plan === undefined ? await planSetup(ports, request, where) : parseSetupPlan(options.plan);
  options.onPlan?.(plan);
  if (options.apply !== true) return { plan, result: undefined };
  if (!plan.steps.length && options.whenNothingToDo === 'skip') return { plan, result: undefined };
  if (plan.steps.length && options.confirm && !(await options.confirm(plan)))
    return { plan, result: undefined };
  const result = await applySetup(ports, plan, options.onEvent ? { onEvent: options.onEvent } : {});
  const after = await doctor(ports, where);
  return { plan, result, doctor: after, stillNotReady: !after.ready && plan.mode === 'setup' };
}
