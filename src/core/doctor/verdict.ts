/**
 * The readiness verdict, a pure function of the facts: the results of the doctor checks
 * (src/core/checks/doctor, one rule per file). Ready means no gap check fails: all features, IAM
 * trusted access on, RootCredentialsManagement on, a Regional STS endpoint, and a caller that is the
 * management account or the IAM delegated administrator. Everything that will still make root tasks
 * fail somewhere (blocking SCPs, RootSessions off) or is not recommended (routine work from the
 * management account) is a warning: the organization is ready, but the warning says exactly what to fix.
 */
import { runDoctorChecks } from '../checks/doctor/index.js';
import { unknownFacts } from '../checks/doctor/shared.js';
import type { DoctorFacts, DoctorReport } from './types.js';
import { DOCTOR_SCHEMA_VERSION } from './types.js';

export { FEATURE_INFO, isTransientCode, unknownFacts } from '../checks/doctor/shared.js';

export function assess(
  f: DoctorFacts,
): Pick<DoctorReport, 'verdict' | 'ready' | 'gaps' | 'warnings' | 'unknown' | 'checks'> {
  const { checks, gaps, warnings } = runDoctorChecks(f);
  const ready = gaps.length === 0;
  return { verdict: ready ? 'ready' : 'not-ready', ready, gaps, warnings, unknown: unknownFacts(f), checks };
}

export function toReport(f: DoctorFacts): DoctorReport {
  return { schemaVersion: DOCTOR_SCHEMA_VERSION, kind: 'rootctl.doctor', ...f, ...assess(f) };
}
