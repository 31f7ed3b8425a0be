import { CIS_ROOT_MFA } from '../cis.js';
import { fail, notApplicable, pass, unknown, type Check } from '../types.js';
import type { AuditCheckInput } from './input.js';

/**
 * The management account keeps its root user (AssumeRoot cannot target it), so CIS's root MFA
 * control applies there. Read only when the audit runs from the management account.
 */
export const managementRootMfaEnabled: Check<AuditCheckInput> = {
  id: 'management-root-mfa-enabled',
  title: 'Management account root user has MFA',
  severity: 'critical',
  description:
    "The management account's root user has MFA enabled (IAM GetAccountSummary AccountMFAEnabled).",
  remediation:
    "Sign in as the management account's root user and assign an MFA device (IAM console > Security credentials).",
  cis: CIS_ROOT_MFA,
  evaluate({ account, managementAccountId, managementRoot }) {
    if (account.accountId !== managementAccountId) return notApplicable('not the management account');
    if (!managementRoot)
      return notApplicable('its root state is read only when the audit runs from the management account');
    if (managementRoot.mfa === undefined) return unknown('its root MFA state could not be read');
    return managementRoot.mfa ? pass('the root user has MFA') : fail('the root user has no MFA');
  },
};
