/**
 * `evidence.html`: one self-contained page an auditor can read without rootctl: who ran what and
 * when, every deletion by name with its outcome, time, request id and verification, the accounts
 * left alone and why, the before/after audits, the CloudTrail AssumeRoot events and every journal
 * step. No script; inline CSS allowed by hash in a Content-Security-Policy that allows nothing else.
 * Every string from the organization or AWS is escaped.
 */
import type { AuditDiff } from '../audit/diff.js';
import type { AuditReport } from '../audit/model.js';
import { esc, fmtInt } from '../report/html-format.js';
import { base64, sha256 } from '../report/sha256.js';
import { deletionEvidence, requestIdOf } from './deletions.js';
import type { AuditEvidenceInput, EvidenceCloudTrail, RunEvidenceInput } from './types.js';

export interface EvidencePageMeta {
  createdAt: string;
  rootctlVersion: string;
  bundledBy: string | null;
  /** The bundle's other files (the manifest has their checksums). */
  files: readonly string[];
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24;max-width:78rem}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:2rem 0 .5rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}code{font:12px ui-monospace,monospace}dl{display:grid;grid-template-columns:max-content auto;gap:.15rem 1rem}
dt{font-weight:600}.bad{color:#b42318;font-weight:600}.good{color:#067647;font-weight:600}.muted{color:#57606a}`;

const td = (v: string | number | null | undefined) =>
  `<td>${v === null || v === undefined ? '' : esc(v)}</td>`;
const tdCode = (v: string | null | undefined) => `<td>${v ? `<code>${esc(v)}</code>` : ''}</td>`;

function table(head: readonly string[], rows: readonly string[], empty: string): string {
  if (!rows.length) return `<p class="muted">${esc(empty)}</p>`;
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function facts(pairs: readonly [string, string | number | null | undefined][]): string {
  return `<dl>${pairs.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v ?? '-')}</dd>`).join('')}</dl>`;
}

function page(title: string, body: string, meta: EvidencePageMeta): string {
  const files = meta.files.map((f) => `<li><code>${esc(f)}</code></li>`).join('');
  const csp = `default-src 'none'; style-src 'sha256-${base64(sha256(CSS))}'`;
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${csp}"><title>${esc(title)}</title>` +
    `<style>${CSS}</style></head><body><h1>${esc(title)}</h1>` +
    `<p class="muted">Evidence bundle made ${esc(meta.createdAt)} by rootctl ${esc(meta.rootctlVersion)}${meta.bundledBy ? ` as ${esc(meta.bundledBy)}` : ''}. ` +
    `Every file of the bundle is listed with its SHA-256 in manifest.json.</p>${body}` +
    `<h2>Files in this bundle</h2><ul>${files}</ul></body></html>\n`
  );
}

function auditLine(label: string, side: { id: number; report: AuditReport } | undefined): [string, string] {
  if (!side) return [label, 'not in the history'];
  const s = side.report.summary;
  return [
    label,
    `audit ${side.id} at ${side.report.generatedAt}: ${s.total} accounts, ${s.compliant} compliant, ${s.non_compliant} non-compliant, ${s.error} error, ${s.skipped} skipped`,
  ];
}

function diffSection(diff: AuditDiff | null): string {
  if (!diff) return '<h2>Changes</h2><p class="muted">No earlier audit to compare with.</p>';
  const rows = diff.changes.map(
    (c) =>
      `<tr>${td(c.kind)}${tdCode(c.accountId)}${td(c.accountName)}${td(c.ouPath)}${td(c.before)}${td(c.after)}${td(c.detail)}</tr>`,
  );
  return (
    `<h2>Changes (audit ${esc(diff.from.auditId ?? '?')} to ${esc(diff.to.auditId ?? '?')})</h2>` +
    table(['change', 'account', 'name', 'OU', 'before', 'after', 'detail'], rows, 'No account changed.') +
    `<p class="muted">${fmtInt(diff.unchanged)} account(s) unchanged.</p>`
  );
}

function trailSection(t: EvidenceCloudTrail): string {
  const head = `<h2>CloudTrail AssumeRoot events</h2>`;
  const note = t.note ? `<p class="muted">${esc(t.note)}</p>` : '';
  if (!t.lookedUp) return head + note;
  const rows = t.events.map(
    (e) =>
      `<tr>${tdCode(e.eventId)}${td(e.time)}${tdCode(e.targetAccountId)}${td(e.taskPolicy)}${tdCode(e.sessionAccessKeyId)}${td(e.outcome)}${tdCode(e.principalArn)}</tr>`,
  );
  const unmatched = t.unmatchedSessionAccessKeyIds.length
    ? `<p>Root sessions with no event found yet: ${t.unmatchedSessionAccessKeyIds.map((k) => `<code>${esc(k)}</code>`).join(', ')}</p>`
    : '';
  return (
    head +
    note +
    `<p class="muted">Event history of ${esc(t.region)} from ${esc(t.since)} to ${esc(t.until)}.</p>` +
    table(
      ['event id', 'time', 'target account', 'task policy', 'session key', 'outcome', 'caller'],
      rows,
      'No AssumeRoot event found.',
    ) +
    unmatched
  );
}

function deletionsSection(input: RunEvidenceInput): string {
  if (!input.plan) return '<h2>Deletions</h2><p class="muted">The journal holds no plan for this run.</p>';
  const rows = deletionEvidence(input.plan, input.steps).map((d) => {
    const cls = d.outcome === 'done' || d.outcome === 'already-gone' ? 'good' : 'bad';
    return (
      `<tr>${tdCode(d.accountId)}${td(d.accountName)}${td(d.kind)}${tdCode(d.targetId)}` +
      `<td class="${cls}">${esc(d.outcome)}</td>${td(d.outcomeAt ?? d.intentAt)}${tdCode(d.requestId)}${tdCode(d.sessionAccessKeyId)}${td(d.verification)}</tr>`
    );
  });
  const held = input.plan.accounts.flatMap((a) =>
    a.heldBack.map(
      (h) =>
        `<tr>${tdCode(a.accountId)}${td(a.accountName)}${td(h.kind)}${tdCode(h.targetId)}${td(h.lastUsed?.date)}</tr>`,
    ),
  );
  const untouched = input.plan.untouched.map(
    (u) => `<tr>${tdCode(u.accountId)}${td(u.accountName)}${td(u.reason)}${td(u.detail)}</tr>`,
  );
  return (
    `<h2>Deletions (${fmtInt(rows.length)} planned)</h2>` +
    table(
      [
        'account',
        'name',
        'credential',
        'id',
        'outcome',
        'at',
        'request id',
        'root session key',
        'verification',
      ],
      rows,
      'The plan had no deletion.',
    ) +
    `<h2>Held back (recently used keys)</h2>` +
    table(['account', 'name', 'credential', 'id', 'last used'], held, 'Nothing was held back.') +
    `<h2>Accounts not touched</h2>` +
    table(['account', 'name', 'reason', 'detail'], untouched, 'Every account in scope was planned.')
  );
}

function stepsSection(input: RunEvidenceInput): string {
  const rows = input.steps.map(
    (s) =>
      `<tr>${td(s.id)}${tdCode(s.accountId)}${td(s.action)}${tdCode(s.targetId)}${td(s.intentAt)}${td(s.outcome ?? 'no outcome')}${td(s.outcomeAt)}${tdCode(requestIdOf(s))}${tdCode(s.sessionAccessKeyId)}${td(s.errorCode ? `${s.errorCode}: ${s.errorMessage ?? ''}` : null)}</tr>`,
  );
  return (
    `<h2>Journal: every step (${fmtInt(rows.length)})</h2>` +
    table(
      [
        '#',
        'account',
        'action',
        'target',
        'intent at',
        'outcome',
        'outcome at',
        'request id',
        'root session key',
        'error',
      ],
      rows,
      'The journal has no step for this run.',
    )
  );
}

export function runEvidenceHtml(input: RunEvidenceInput, meta: EvidencePageMeta): string {
  const r = input.run;
  const summary = facts([
    ['Run', r.id],
    ['Kind', r.kind],
    ['Status', r.status],
    ['Run by', r.callerArn],
    ['Scope', r.scope],
    ['Started', r.startedAt],
    ['Finished', r.finishedAt],
    ['Resumed', r.resumedCount],
    auditLine('Before (plan audit)', input.before),
    auditLine('After (verification audit)', input.after),
  ]);
  const body =
    summary +
    deletionsSection(input) +
    diffSection(input.diff) +
    trailSection(input.cloudTrail) +
    stepsSection(input);
  return page(`Remediation evidence: ${r.id}`, body, meta);
}

export function auditEvidenceHtml(input: AuditEvidenceInput, meta: EvidencePageMeta): string {
  const r = input.report;
  const m = r.metadata;
  const summary = facts([
    ['Audit', input.auditId],
    ['Organization', r.organizationId],
    ['Run by', m.callerArn],
    ['Scope', m.scope],
    ['Started', r.generatedAt],
    ['Detail', m.detail],
    auditLine('Summary', { id: input.auditId, report: r }),
  ]);
  const rows = r.accounts
    .filter((a) => a.status !== 'compliant')
    .map(
      (a) =>
        `<tr>${tdCode(a.accountId)}${td(a.accountName)}${td(a.ouPath)}${td(a.status)}${td(a.error?.diagnosis ?? a.skipReason ?? credentialList(a.root))}</tr>`,
    );
  const body =
    summary +
    `<h2>Accounts that are not compliant</h2>` +
    table(['account', 'name', 'OU', 'status', 'what'], rows, 'Every audited account is compliant.') +
    diffSection(input.diff) +
    trailSection(input.cloudTrail);
  return page(`Audit evidence: audit ${input.auditId} of ${r.organizationId}`, body, meta);
}

function credentialList(root: AuditReport['accounts'][number]['root']): string {
  if (!root) return '';
  return [
    root.password.present ? 'password' : '',
    ...root.accessKeys.map((k) => `access key ${k.id}`),
    ...root.signingCertificates.map((c) => `signing certificate ${c.id}`),
    ...root.mfaDevices.map((d) => `MFA ${d.serialNumber}`),
  ]
    .filter(Boolean)
    .join(', ');
}
