/**
 * Library entry points for doctor and setup on an AwsContext: builds the ports from the context's
 * SDK clients and calls the pure core. Accepts ready-made ports too (tests, custom adapters).
 */
import type { AwsContext } from '../aws/clients.js';
import { iamOrgFeatures } from '../aws/iam-features.js';
import { organizationsReader, organizationsWriter } from '../aws/organizations.js';
import { observedSts } from '../aws/sts-endpoint.js';
import { doctor as coreDoctor } from '../core/doctor/index.js';
import type { DoctorOptions, DoctorPorts, DoctorReport } from '../core/doctor/types.js';
import { applySetup as coreApply, planSetup as corePlan } from '../core/setup/index.js';
import type {
  ApplyOptions,
  PlanOptions,
  SetupPlan,
  SetupPorts,
  SetupRequest,
  SetupResult,
} from '../core/setup/types.js';
import { parseSetupPlan } from '../core/setup/schema.js';

export function isAwsContext(x: unknown): x is AwsContext {
  return typeof x === 'object' && x !== null && 'organizations' in x && 'withCredentials' in x;
}

/** The doctor and setup ports on one AwsContext (setup's are a superset of doctor's). */
export function setupPorts(ctx: AwsContext): SetupPorts {
  const sts = observedSts(ctx.sts);
  return {
    identity: sts,
    sts,
    organizations: organizationsReader(ctx.organizations),
    features: iamOrgFeatures(ctx.iam),
    writer: organizationsWriter(ctx.organizations),
  };
}

export const doctorPorts: (ctx: AwsContext) => DoctorPorts = setupPorts;

/** The Region doctor reports the STS endpoint for: the context's, unless the caller says otherwise. */
function withRegion<T extends DoctorOptions>(source: AwsContext | DoctorPorts, options: T): T {
  return isAwsContext(source) && options.region === undefined
    ? { ...options, region: source.region }
    : options;
}

export async function doctor(
  source: AwsContext | DoctorPorts,
  options: DoctorOptions = {},
): Promise<DoctorReport> {
  return coreDoctor(isAwsContext(source) ? doctorPorts(source) : source, withRegion(source, options));
}

export async function planSetup(
  source: AwsContext | SetupPorts,
  request: SetupRequest,
  options: PlanOptions = {},
): Promise<SetupPlan> {
  return corePlan(isAwsContext(source) ? setupPorts(source) : source, request, withRegion(source, options));
}

export async function applySetup(
  source: AwsContext | SetupPorts,
  plan: SetupPlan,
  options: ApplyOptions = {},
): Promise<SetupResult> {
  // A saved plan is data from outside: validated (schemaVersion first) before any step runs.
  const checked = parseSetupPlan(plan);
  return coreApply(isAwsContext(source) ? setupPorts(source) : source, checked, options);
}
