/**
 * One account as one compact row. Rows with something to explain (credentials found, an error, a skip
 * reason, an overdue exception) are <details> elements that open without JavaScript; compliant rows are
 * a single line, which keeps a 10,000-account report small and quick to lay out.
 */
import { MFA_TYPE_LABEL, mfaTypeOf } from '../audit/mfa-type.js';
import type { AccountAudit, AccountAuditStatus, RootState } from '../audit/model.js';
import { dateWithAge, esc, plural } from './html-format.js';

export const STATUS_LABEL: Record<AccountAuditStatus, string> = {
  compliant: 'Compliant',
  non_compliant: 'Non-compliant',
  error: 'Error',
  skipped: 'Skipped',
};

/** What the root user holds, in a few words for the row: "Password · 2 access keys (1 active) · MFA". */
export function credentialSummary(r: RootState): string {
  const parts: string[] = [];
  if (r.password.present) parts.push('Password');
  if (r.accessKeys.length > 0) {
    const active = r.accessKeys.filter((k) => k.status === 'Active').length;
    parts.push(`${plural(r.accessKeys.length, 'access key')} (${active} active)`);
  } else if (r.accessKeysPresent) parts.push('Access keys');
  if (r.signingCertificates.length > 0)
    parts.push(plural(r.signingCertificates.length, 'signing certificate'));
  else if (r.signingCertificatesPresent) parts.push('Signing certificates');
  if (r.mfaDevices.length > 0) parts.push(`MFA (${plural(r.mfaDevices.length, 'device')})`);
  else if (r.mfaPresent) parts.push('MFA');
  return parts.length > 0 ? parts.join(' · ') : 'No root credentials';
}

function rowText(a: AccountAudit): string {
  switch (a.status) {
    case 'compliant':
      return 'No root credentials';
    case 'non_compliant':
      return a.root ? esc(credentialSummary(a.root)) : 'Root credentials present';
    case 'error':
      return a.error
        ? `<code>${esc(a.error.code)}</code> ${esc(a.error.diagnosis || a.error.message)}`
        : 'Error';
    case 'skipped':
      return esc(a.skipReason ?? 'Skipped');
  }
}

const SUMMARY_ONLY = '<span class="mu">present (run with <code>--detail full</code> for details)</span>';
const NONE = '<span class="mu">none</span>';

function table(head: string[], rows: string[][]): string {
  const th = head.map((h) => `<th>${h}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<table class="t"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

const statusPill = (status: string) =>
  `<span class="p ${status === 'Active' ? 'on' : 'off'}">${esc(status)}</span>`;

function credentialRows(r: RootState, now: string): string {
  const full = r.detail === 'full';
  const password = r.password.present
    ? full
      ? `Present, created ${dateWithAge(r.password.createDate, now)}`
      : SUMMARY_ONLY
    : NONE;
  const keys =
    r.accessKeys.length > 0
      ? table(
          ['Key ID', 'Status', 'Created', 'Last used'],
          r.accessKeys.map((k) => [
            `<code>${esc(k.id)}</code>`,
            statusPill(k.status),
            dateWithAge(k.createDate, now),
            k.lastUsed
              ? `${dateWithAge(k.lastUsed.date, now)} &middot; <code>${esc(k.lastUsed.service)}</code> &middot; <code>${esc(k.lastUsed.region)}</code>`
              : '<span class="mu">never</span>',
          ]),
        )
      : r.accessKeysPresent
        ? SUMMARY_ONLY
        : NONE;
  const certs =
    r.signingCertificates.length > 0
      ? table(
          ['Certificate ID', 'Status', 'Uploaded'],
          r.signingCertificates.map((c) => [
            `<code>${esc(c.id)}</code>`,
            statusPill(c.status),
            dateWithAge(c.uploadDate, now),
          ]),
        )
      : r.signingCertificatesPresent
        ? SUMMARY_ONLY
        : NONE;
  const mfa =
    r.mfaDevices.length > 0
      ? table(
          ['Serial number', 'Type', 'Enabled'],
          r.mfaDevices.map((m) => [
            `<code>${esc(m.serialNumber)}</code>`,
            esc(MFA_TYPE_LABEL[m.type ?? mfaTypeOf(m.serialNumber)]),
            dateWithAge(m.enableDate, now),
          ]),
        )
      : r.mfaPresent
        ? SUMMARY_ONLY
        : NONE;
  return (
    `<dt>Console password</dt><dd>${password}</dd>` +
    `<dt>Access keys</dt><dd>${keys}</dd>` +
    `<dt>Signing certificates</dt><dd>${certs}</dd>` +
    `<dt>MFA devices</dt><dd>${mfa}</dd>`
  );
}

function detailBody(a: AccountAudit, now: string): string {
  let dl = '';
  if (a.error) {
    dl +=
      `<dt>Error code</dt><dd><code>${esc(a.error.code)}</code></dd>` +
      `<dt>Message</dt><dd>${esc(a.error.message)}</dd>` +
      `<dt>Diagnosis</dt><dd>${esc(a.error.diagnosis)}</dd>`;
  }
  if (a.skipReason) dl += `<dt>Skipped because</dt><dd>${esc(a.skipReason)}</dd>`;
  if (a.joinedMethod === 'INVITED')
    dl += `<dt>Joined</dt><dd>by invitation: it existed before it joined and keeps the root credentials it had then</dd>`;
  if (a.root && a.status !== 'compliant') dl += credentialRows(a.root, now);
  if (a.overdueException) {
    dl +=
      `<dt>Exception</dt><dd><span class="x">Overdue</span> open exception for <code>${esc(a.overdueException.task)}</code>` +
      ` expired ${dateWithAge(a.overdueException.expiresAt, now)}</dd>`;
  }
  dl += `<dt>OU path</dt><dd>${esc(a.ouPath)}</dd><dt>Audited</dt><dd>${dateWithAge(a.auditedAt, now)}</dd>`;
  return `<dl class="kv">${dl}</dl>`;
}

/** One account; `now` is the report's generation time, against which ages are computed. */
export function renderAccount(a: AccountAudit, now: string): string {
  const overdue = a.overdueException ? '<span class="x">Exception overdue</span> ' : '';
  // A clean invited account needs no flag; one with credentials, an error or a skip does.
  const invited =
    a.joinedMethod === 'INVITED' && a.status !== 'compliant'
      ? '<span class="x">Joined by invitation</span> '
      : '';
  const line =
    `<span class="b">${STATUS_LABEL[a.status]}</span><span class="n">${esc(a.accountName)}</span>` +
    `<code class="i">${esc(a.accountId)}</code><span class="c">${overdue}${invited}${rowText(a)}</span>`;
  const attrs = `class="a" data-s="${a.status}" data-id="${esc(a.accountId)}"${a.overdueException ? ' data-x="1"' : ''}${invited ? ' data-j="invited"' : ''}`;
  if (a.status === 'compliant' && !a.overdueException) return `<div ${attrs}>${line}</div>`;
  return `<details ${attrs}><summary>${line}</summary><div class="d">${detailBody(a, now)}</div></details>`;
}
