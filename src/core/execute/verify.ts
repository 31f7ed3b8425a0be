/**
 * Verification: a fresh audit of the touched accounts must show every planned credential gone.
 * Held-back keys are not expected to be gone; credentials that appeared after the plan are named too.
 */
import type { AccountAudit } from '../audit/model.js';
import { LOGIN_PROFILE_TARGET, type AccountPlan, type PlannedDeletion } from '../plan/types.js';

export interface Verification {
  verified: boolean;
  /** Planned credentials still present. */
  remaining: string[];
  /** Why it could not be verified (the audit failed), when it could not. */
  diagnosis?: string | undefined;
}

function present(audit: AccountAudit, d: PlannedDeletion): boolean {
  const r = audit.root!;
  switch (d.kind) {
    case 'mfa':
      return (
        r.mfaDevices.some((m) => m.serialNumber === d.targetId) || (r.detail === 'summary' && r.mfaPresent)
      );
    case 'access-keys':
      return r.accessKeys.some((k) => k.id === d.targetId) || (r.detail === 'summary' && r.accessKeysPresent);
    case 'signing-certificates':
      return (
        r.signingCertificates.some((c) => c.id === d.targetId) ||
        (r.detail === 'summary' && r.signingCertificatesPresent)
      );
    case 'password':
      return d.targetId === LOGIN_PROFILE_TARGET && r.password.present;
  }
}

export function verifyAccount(plan: AccountPlan, audit: AccountAudit | undefined): Verification {
  if (audit === undefined)
    return {
      verified: false,
      remaining: [],
      diagnosis: 'the verification audit did not return this account',
    };
  if (audit.status === 'error' || audit.root === undefined) {
    return {
      verified: false,
      remaining: [],
      diagnosis: `could not verify: ${audit.error?.diagnosis || audit.error?.message || audit.status}`,
    };
  }
  const remaining = plan.deletions.filter((d) => present(audit, d)).map((d) => d.targetId);
  return remaining.length
    ? { verified: false, remaining, diagnosis: `still present after the run: ${remaining.join(', ')}` }
    : { verified: true, remaining: [] };
}
