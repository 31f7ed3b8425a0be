/**
 * Doctor's checks, in the order their issues are listed (gaps and warnings keep this order).
 * The verdict is their results: ready when no gap check fails.
 */
import type { DoctorFacts, DoctorIssue } from '../../doctor/types.js';
import type { CheckResult } from '../types.js';
import { callerInOrganization } from './caller-in-organization.js';
import { callerIsAdmin } from './caller-is-admin.js';
import { delegatedAdminRegistered } from './delegated-admin-registered.js';
import { organizationAllFeatures } from './organization-all-features.js';
import { readinessFactsReadable } from './readiness-facts-readable.js';
import { rootCredentialsManagementEnabled } from './root-credentials-management-enabled.js';
import { rootSessionsEnabled } from './root-sessions-enabled.js';
import { routineTasksOffManagement } from './routine-tasks-off-management.js';
import { scpsAllowRootSessions } from './scps-allow-root-sessions.js';
import { scpsReadable } from './scps-readable.js';
import type { DoctorCheck } from './shared.js';
import { stsEndpointObserved } from './sts-endpoint-observed.js';
import { stsRegionalEndpoint } from './sts-regional-endpoint.js';
import { trustedAccessEnabled } from './trusted-access-enabled.js';

export type { DoctorCheck, DoctorCheckOutcome } from './shared.js';

export const DOCTOR_CHECKS: readonly DoctorCheck[] = [
  callerInOrganization,
  organizationAllFeatures,
  callerIsAdmin,
  stsRegionalEndpoint,
  trustedAccessEnabled,
  rootCredentialsManagementEnabled,
  rootSessionsEnabled,
  readinessFactsReadable,
  scpsAllowRootSessions,
  scpsReadable,
  routineTasksOffManagement,
  delegatedAdminRegistered,
  stsEndpointObserved,
];

export interface DoctorChecksRun {
  /** Every check's result, in catalogue order. */
  checks: CheckResult[];
  gaps: DoctorIssue[];
  warnings: DoctorIssue[];
}

/** Runs every doctor check; a failing check's issues are gaps or warnings by its level. */
export function runDoctorChecks(facts: DoctorFacts): DoctorChecksRun {
  const run: DoctorChecksRun = { checks: [], gaps: [], warnings: [] };
  for (const check of DOCTOR_CHECKS) {
    const { issues = [], ...outcome } = check.evaluate(facts);
    run.checks.push({ id: check.id, ...outcome });
    if (outcome.status !== 'fail') continue;
    const withId = issues.map((issue) => ({ ...issue, checkId: check.id }));
    (check.level === 'gap' ? run.gaps : run.warnings).push(...withId);
  }
  return run;
}
