/**
 * `rootctl audit --output html`: the audit as one self-contained HTML file for people (auditors,
 * security leads) rather than machines. Inline CSS and JS only; a Content-Security-Policy that names
 * the script and stylesheet by hash and allows nothing else, so the file loads nothing from the network
 * and no injected markup could run even if escaping were ever missed. Every string from the
 * organization is escaped.
 */
import type { AccountAuditStatus, AuditReport } from '../audit/model.js';
import { renderAccount, STATUS_LABEL } from './html-account.js';
import { esc, fmtDateTime, fmtDuration, fmtInt, plural, reportAsOf } from './html-format.js';
import { REPORT_JS } from './html-script.js';
import { REPORT_CSS } from './html-styles.js';
import { base64, sha256 } from './sha256.js';
import { buildOuTree, STATUS_ORDER, type OuNode } from './html-tree.js';

export interface HtmlOptions {
  /** The page title; defaults to "Root credential audit · <organization>". */
  title?: string;
}

const CARD: Record<AccountAuditStatus, { icon: string; hint: string }> = {
  compliant: { icon: '&#10003;', hint: 'no root credentials' },
  non_compliant: { icon: '&#10005;', hint: 'root credentials present' },
  error: { icon: '!', hint: 'could not be audited' },
  skipped: { icon: '&#8211;', hint: 'suspended or not reachable' },
};

const CARD_ORDER: readonly AccountAuditStatus[] = ['compliant', 'non_compliant', 'error', 'skipped'];

const ROLE_LABEL: Record<AuditReport['metadata']['callerRole'], string> = {
  management: 'management account',
  'delegated-admin': 'delegated administrator',
  other: 'other account',
};

const pct = (n: number, total: number) => (total === 0 ? 0 : Math.round((n / total) * 1000) / 10);

function header(r: AuditReport): string {
  const s = r.summary;
  const verdict = r.partial
    ? r.partial.reason === 'listing-failed'
      ? `<span class="verdict warn">PARTIAL: the organization could not be listed in full; ${plural(r.partial.accountsNotAudited, 'listed account')} and every unlisted one not audited</span>`
      : `<span class="verdict warn">PARTIAL: interrupted, ${plural(r.partial.accountsNotAudited, 'account')} not audited</span>`
    : s.non_compliant > 0
      ? `<span class="verdict bad">${plural(s.non_compliant, 'account')} ${s.non_compliant === 1 ? 'holds' : 'hold'} root credentials</span>`
      : s.error > 0
        ? `<span class="verdict warn">${plural(s.error, 'account')} could not be audited</span>`
        : `<span class="verdict good">No audited account holds root credentials</span>`;
  return (
    `<header class="top"><div><p class="eyebrow">rootctl &middot; root credential audit</p>` +
    `<h1>Root credentials in <code>${esc(r.organizationId)}</code></h1>` +
    `<p class="sub">${plural(s.total, 'account')} &middot; ${esc(fmtDateTime(r.generatedAt))} &middot; ${esc(r.metadata.detail)} detail &middot; scope: ${esc(r.metadata.scope)}</p></div>` +
    `${verdict}</header>`
  );
}

function cards(r: AuditReport): string {
  const s = r.summary;
  const items = CARD_ORDER.map(
    (k) =>
      `<button type="button" class="card k-${k}" data-f="${k}" aria-pressed="false" title="Show only ${STATUS_LABEL[k].toLowerCase()} accounts">` +
      `<span class="l"><span class="ico" aria-hidden="true">${CARD[k].icon}</span>${STATUS_LABEL[k]}</span>` +
      `<span class="v" id="count-${k}">${fmtInt(s[k])}</span>` +
      `<span class="pc">${pct(s[k], s.total).toFixed(1)}% &middot; ${CARD[k].hint}</span></button>`,
  ).join('');
  const bar = CARD_ORDER.filter((k) => s[k] > 0)
    .map((k) => `<span class="w-${k}"></span>`)
    .join('');
  return `<section class="cards" aria-label="Summary">${items}</section><div class="bar" aria-hidden="true">${bar}</div>`;
}

/** Widths of the proportion bar; in the stylesheet because the CSP allows no inline style attributes. */
function barCss(r: AuditReport): string {
  const colour: Record<AccountAuditStatus, string> = {
    compliant: 'ok',
    non_compliant: 'nc',
    error: 'er',
    skipped: 'sk',
  };
  return CARD_ORDER.map(
    (k) => `.w-${k}{width:${pct(r.summary[k], r.summary.total)}%;background:var(--${colour[k]}-a)}`,
  ).join('');
}

function metadata(r: AuditReport): string {
  const m = r.metadata;
  const item = (label: string, value: string, wide = false) =>
    `<div${wide ? ' class="wide"' : ''}><dt>${label}</dt><dd>${value}</dd></div>`;
  const items = [
    item('Organization', `<code>${esc(r.organizationId)}</code>`),
    item('Management account', `<code>${esc(r.managementAccountId)}</code>`),
    item('Generated', `<time datetime="${esc(r.generatedAt)}">${esc(fmtDateTime(r.generatedAt))}</time>`),
    item('Duration', esc(fmtDuration(m.durationMs))),
    item(
      'Caller',
      `<code>${esc(m.callerArn)}</code> <span class="mu">(${esc(ROLE_LABEL[m.callerRole] ?? m.callerRole)})</span>`,
      true,
    ),
    item('Region', `<code>${esc(m.region)}</code>`),
    item('Detail level', esc(m.detail)),
    item('Scope', esc(m.scope)),
    item('rootctl version', esc(m.rootctlVersion)),
  ];
  return `<details class="panel" open><summary>About this audit</summary><dl class="meta">${items.join('')}</dl></details>`;
}

function notes(r: AuditReport): string {
  const out: string[] = [];
  const mr = r.managementRoot;
  if (mr) {
    const mfa = mr.mfa === undefined ? 'unknown' : mr.mfa ? 'enabled' : '<strong>not enabled</strong>';
    const keys =
      mr.accessKeys === undefined ? 'unknown' : mr.accessKeys ? '<strong>present</strong>' : 'none';
    const bad = mr.mfa === false || mr.accessKeys === true;
    out.push(
      `<p class="note${bad ? ' bad' : ''}" id="mgmt-root"><strong>Management account root user</strong> ` +
        `(<code>${esc(r.managementAccountId)}</code>, read from the caller's own account; root sessions cannot reach it): ` +
        `MFA ${mfa}; access keys ${keys}.</p>`,
    );
  }
  return out.join('');
}

function filters(r: AuditReport): string {
  const s = r.summary;
  const seg: [string, string, number][] = [
    ['all', 'All', s.total],
    ['problems', 'Problems', s.non_compliant + s.error],
    ...STATUS_ORDER.map((k): [string, string, number] => [k, STATUS_LABEL[k], s[k]]),
  ];
  const overdue = r.accounts.filter((a) => a.overdueException).length;
  return (
    `<nav class="filters" aria-label="Filters"><div class="seg" role="group" aria-label="Filter by status">` +
    seg
      .map(
        ([f, label, n]) =>
          `<button type="button" data-f="${f}" aria-pressed="${f === 'all'}">${label}<span class="n">${fmtInt(n)}</span></button>`,
      )
      .join('') +
    `</div><input id="q" class="search" type="search" placeholder="Search account id or name   ( / )" aria-label="Search account id or name" autocomplete="off" spellcheck="false">` +
    `<div class="row2">` +
    (overdue > 0
      ? `<label class="chk"><input id="overdue" type="checkbox"> Only overdue exceptions (${fmtInt(overdue)})</label>`
      : '') +
    `<button type="button" class="btn" id="expand">Expand all</button><button type="button" class="btn" id="collapse">Collapse all</button>` +
    `<span class="shown" id="shown" role="status" aria-live="polite"></span></div></nav>`
  );
}

function ouPills(n: OuNode): string {
  const pills = [`<span class="p">${plural(n.counts.total, 'account')}</span>`];
  for (const k of STATUS_ORDER) {
    if (n.counts[k] > 0)
      pills.push(`<span class="p k-${k}">${fmtInt(n.counts[k])} ${STATUS_LABEL[k].toLowerCase()}</span>`);
  }
  return `<span class="ouc">${pills.join('')}</span>`;
}

const ROWS_PER_CHUNK = 100;

function renderOu(n: OuNode, now: string, out: string[]): void {
  out.push(
    `<details class="ou" open data-path="${esc(n.path)}" data-total="${n.counts.total}"><summary>` +
      `<span class="on">${esc(n.name)}</span>${ouPills(n)}<span class="vis"></span></summary>`,
  );
  if (n.accounts.length > 0) {
    // Chunks of rows let the browser skip laying out the ones off screen (content-visibility).
    out.push('<div class="rows">');
    for (let i = 0; i < n.accounts.length; i += ROWS_PER_CHUNK) {
      out.push('<div class="ch">');
      for (const a of n.accounts.slice(i, i + ROWS_PER_CHUNK)) out.push(renderAccount(a, now));
      out.push('</div>');
    }
    out.push('</div>');
  }
  for (const c of n.children) renderOu(c, now, out);
  out.push('</details>');
}

function cspHash(text: string): string {
  return `'sha256-${base64(sha256(text))}'`;
}

/** Renders the whole report as one HTML document (a string; the CLI writes it to a file). */
export function renderHtml(report: AuditReport, options: HtmlOptions = {}): string {
  const css = REPORT_CSS + barCss(report);
  const js = REPORT_JS;
  const csp = `default-src 'none'; script-src ${cspHash(js)}; style-src ${cspHash(css)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const title =
    options.title ?? `Root credential audit · ${report.organizationId} · ${fmtDateTime(report.generatedAt)}`;
  const tree: string[] = [];
  const asOf = reportAsOf(report);
  for (const n of buildOuTree(report.accounts)) renderOu(n, asOf, tree);
  const body =
    report.accounts.length === 0
      ? '<p class="empty">This audit covered no accounts.</p>'
      : `${tree.join('')}<p class="empty" id="empty" hidden>No account matches these filters.</p>`;
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="referrer" content="no-referrer"><meta name="generator" content="rootctl ${esc(report.metadata.rootctlVersion)}">` +
    `<link rel="icon" href="data:,"><title>${esc(title)}</title><style>${css}</style></head>\n` +
    `<body><div class="wrap">${header(report)}${cards(report)}${notes(report)}${metadata(report)}` +
    `${filters(report)}<main id="tree" aria-label="Accounts by organizational unit">${body}</main>` +
    `<footer>Generated by rootctl ${esc(report.metadata.rootctlVersion)} &middot; report schema v${report.schemaVersion} &middot; ` +
    `a self-contained file: it loads nothing from the network.</footer></div>` +
    `<script>${js}</script></body></html>\n`
  );
}
