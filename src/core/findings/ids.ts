/** Identifiers and wording shared by the OCSF and ASFF findings. */
import type { AccountAudit } from '../audit/model.js';

/**
 * Stable across runs: the same account and check give the same id, so Security Hub updates the
 * finding in place and a SIEM can follow it. Never include a date or run id here.
 */
export function findingUid(organizationId: string, accountId: string, checkId: string): string {
  return `rootctl/${organizationId}/${accountId}/${checkId}`;
}

/** "password, 2 access keys, MFA": the credentials an account's root user holds. */
export function credentialSummary(account: AccountAudit): string {
  const r = account.root;
  if (!r) return 'unknown';
  const parts: string[] = [];
  if (r.password.present) parts.push('password');
  if (r.accessKeysPresent) parts.push(count(r.accessKeys.length, 'access key'));
  if (r.signingCertificatesPresent) parts.push(count(r.signingCertificates.length, 'signing certificate'));
  if (r.mfaPresent) parts.push(count(r.mfaDevices.length, 'MFA device'));
  return parts.length ? parts.join(', ') : 'no root credentials';
}

function count(n: number, what: string): string {
  // Summary detail knows presence only (the arrays are then empty).
  return n === 0 ? `${what}s` : `${n} ${what}${n === 1 ? '' : 's'}`;
}
