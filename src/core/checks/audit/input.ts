/** What an audit check reads: one account's record and, for the management account, its root state. */
import type { AccountAudit, RootState } from '../../audit/model.js';
import { notApplicable, unknown, type CheckOutcome } from '../types.js';

export interface AuditCheckInput {
  account: AccountAudit;
  /** The management account's root MFA / access-key state, when the audit ran from the management account. */
  managementRoot?: { mfa: boolean | undefined; accessKeys: boolean | undefined } | undefined;
  /** The management account's id (its record is skipped: AssumeRoot cannot target it). */
  managementAccountId?: string | undefined;
}

/**
 * A member account's root state, or the outcome that stands in for it: not applicable when the
 * account was skipped (suspended, management), unknown when it could not be audited.
 */
export function memberRoot(input: AuditCheckInput): RootState | CheckOutcome {
  const a = input.account;
  if (a.status === 'skipped') return notApplicable(`skipped: ${a.skipReason ?? 'not audited'}`);
  if (a.status === 'error' || a.root === undefined)
    return unknown(`could not be audited: ${a.error?.diagnosis ?? 'no root state was read'}`);
  return a.root;
}

export function isOutcome(x: RootState | CheckOutcome): x is CheckOutcome {
  return 'status' in x;
}

export const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
