/** Sample account records for the audit checks' tests (pure data; also a reading aid for the inputs). */
import type { AccountAudit, RootState } from '../../audit/model.js';
import type { AccountId } from '../../model/account-id.js';

export const AUDITED_AT = '2025-06-02T09:30:00.000Z';

export function cleanRoot(detail: 'summary' | 'full' = 'full'): RootState {
  return {
    detail,
    password: { present: false },
    accessKeys: [],
    signingCertificates: [],
    mfaDevices: [],
    accessKeysPresent: false,
    signingCertificatesPresent: false,
    mfaPresent: false,
  };
}

export function audited(root: Partial<RootState> = {}, extra: Partial<AccountAudit> = {}): AccountAudit {
  return {
    accountId: '210987654321' as AccountId,
    accountName: 'workload',
    ouPath: 'Root/Workloads',
    status: 'compliant',
    root: { ...cleanRoot(), ...root },
    auditedAt: AUDITED_AT,
    ...extra,
  };
}

export const errored: AccountAudit = {
  accountId: '210987654322' as AccountId,
  accountName: 'denied',
  ouPath: 'Root/Workloads',
  status: 'error',
  error: { code: 'AccessDenied', message: 'denied', diagnosis: 'blocked by SCP p-abc (DenyRoot)' },
  auditedAt: AUDITED_AT,
};

export const suspended: AccountAudit = {
  accountId: '210987654323' as AccountId,
  accountName: 'old',
  ouPath: 'Root/Suspended',
  status: 'skipped',
  skipReason: 'suspended: AssumeRoot cannot reach suspended accounts',
  auditedAt: AUDITED_AT,
};

export const MANAGEMENT_ID = '111122223333';

export const managementRecord: AccountAudit = {
  accountId: MANAGEMENT_ID as AccountId,
  accountName: 'management',
  ouPath: 'Root',
  status: 'skipped',
  skipReason: 'management account: AssumeRoot cannot target it',
  auditedAt: AUDITED_AT,
};
