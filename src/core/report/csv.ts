/**
 * `--output csv`: one row per account, RFC 4180 quoting, columns documented in docs/audit.md
 * (CSV_COLUMNS is the source). Lists inside a cell are joined with "; ". Cells that a spreadsheet
 * would run as a formula (=, +, -, @ first) are prefixed with a quote: account and OU names come from
 * the organization, and a CSV opened by an auditor must not execute them.
 */
import { mfaTypeOf } from '../audit/mfa-type.js';
import type { AccountAudit, AuditReport } from '../audit/model.js';

type Cell = string | number | boolean | undefined;

export const CSV_COLUMNS: readonly { name: string; value: (a: AccountAudit) => Cell; doc: string }[] = [
  { name: 'accountId', value: (a) => a.accountId, doc: '12-digit account id' },
  { name: 'accountName', value: (a) => a.accountName, doc: 'account name in AWS Organizations' },
  { name: 'ouPath', value: (a) => a.ouPath, doc: 'OU path, e.g. Root/Workloads/Prod' },
  { name: 'status', value: (a) => a.status, doc: 'compliant | non_compliant | error | skipped' },
  { name: 'detail', value: (a) => a.root?.detail, doc: 'summary | full (empty unless audited)' },
  {
    name: 'passwordPresent',
    value: (a) => a.root?.password.present,
    doc: 'true | false (empty unless audited)',
  },
  { name: 'passwordCreateDate', value: (a) => a.root?.password.createDate, doc: 'ISO 8601 (full detail)' },
  { name: 'accessKeysPresent', value: (a) => a.root?.accessKeysPresent, doc: 'true | false' },
  {
    name: 'accessKeyCount',
    value: (a) => full(a, (r) => r.accessKeys.length),
    doc: 'number of root access keys (full detail)',
  },
  {
    name: 'activeAccessKeyCount',
    value: (a) => full(a, (r) => r.accessKeys.filter((k) => k.status === 'Active').length),
    doc: 'of which Active (full detail)',
  },
  {
    name: 'accessKeys',
    value: (a) =>
      a.root?.accessKeys
        .map((k) => `${k.id} ${k.status}${k.createDate ? ` created ${k.createDate}` : ''}`)
        .join('; '),
    doc: '"<id> <Active|Inactive> created <date>" per key',
  },
  {
    name: 'accessKeysLastUsed',
    value: (a) =>
      a.root?.accessKeys
        .map((k) =>
          k.lastUsed
            ? `${k.id} ${k.lastUsed.date} ${k.lastUsed.service} ${k.lastUsed.region}`
            : `${k.id} never`,
        )
        .join('; '),
    doc: '"<id> <date> <service> <region>" or "<id> never" per key',
  },
  {
    name: 'signingCertificatesPresent',
    value: (a) => a.root?.signingCertificatesPresent,
    doc: 'true | false',
  },
  {
    name: 'signingCertificateCount',
    value: (a) => full(a, (r) => r.signingCertificates.length),
    doc: 'number of root signing certificates (full detail)',
  },
  { name: 'mfaPresent', value: (a) => a.root?.mfaPresent, doc: 'true | false' },
  {
    name: 'mfaDevices',
    value: (a) =>
      a.root?.mfaDevices.map((d) => `${d.serialNumber} ${d.type ?? mfaTypeOf(d.serialNumber)}`).join('; '),
    doc: '"<serial> <virtual|hardware|fido|unknown>" per MFA device (full detail)',
  },
  { name: 'errorCode', value: (a) => a.error?.code, doc: "AWS's error code (status error)" },
  { name: 'errorMessage', value: (a) => a.error?.message, doc: "AWS's error message" },
  { name: 'diagnosis', value: (a) => a.error?.diagnosis, doc: 'plain-words diagnosis' },
  { name: 'skipReason', value: (a) => a.skipReason, doc: 'why the account was skipped' },
  {
    name: 'joinedMethod',
    value: (a) => a.joinedMethod,
    doc: 'INVITED (joined by invitation: kept its old root credentials) | CREATED (empty when unknown)',
  },
  {
    name: 'overdueException',
    value: (a) =>
      a.overdueException ? `${a.overdueException.task} expired ${a.overdueException.expiresAt}` : undefined,
    doc: 'an exception past its expiry, if any',
  },
  { name: 'auditedAt', value: (a) => a.auditedAt, doc: 'ISO 8601 time the account was audited' },
];

function full(a: AccountAudit, f: (r: NonNullable<AccountAudit['root']>) => number): number | undefined {
  return a.root?.detail === 'full' ? f(a.root) : undefined;
}

export function csvCell(v: Cell): string {
  if (v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsv(report: AuditReport): string {
  const lines = [CSV_COLUMNS.map((c) => c.name).join(',')];
  for (const a of report.accounts) lines.push(CSV_COLUMNS.map((c) => csvCell(c.value(a))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
