import { CIS_NO_ROOT_ACCESS_KEY } from '../cis.js';
import { fail, notApplicable, pass, unknown, type Check } from '../types.js';
import type { AuditCheckInput } from './input.js';

/** Read only when the audit runs from the management account (AssumeRoot cannot target it). */
export const managementRootAccessKeysAbsent: Check<AuditCheckInput> = {
  id: 'management-root-access-keys-absent',
  title: 'Management account root user has no access keys',
  severity: 'critical',
  description:
    "The management account's root user has no access keys (IAM GetAccountSummary AccountAccessKeysPresent).",
  remediation:
    "Sign in as the management account's root user and delete its access keys (IAM console > Security credentials).",
  cis: CIS_NO_ROOT_ACCESS_KEY,
  evaluate({ account, managementAccountId, managementRoot }) {
    if (account.accountId !== managementAccountId) return notApplicable('not the management account');
    if (!managementRoot)
      return notApplicable('its root state is read only when the audit runs from the management account');
    if (managementRoot.accessKeys === undefined) return unknown('its root access keys could not be read');
    return managementRoot.accessKeys
      ? fail('the root user has access keys')
      : pass('the root user has no access keys');
  },
};
