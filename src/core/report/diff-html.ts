/**
 * `rootctl history --diff --output html` (and `audit --diff`): the diff as one self-contained page for
 * an auditor. No script; the inline stylesheet is allowed by its hash in a Content-Security-Policy
 * that allows nothing else, so the file loads nothing from the network. Every value from the
 * organization (names, OU paths, error texts) is escaped.
 */
import { CHANGE_ORDER, type AccountChange, type AuditDiff, type AuditSide } from '../audit/diff.js';
import { esc, fmtDateTime, fmtInt, plural } from './html-format.js';
import { base64, sha256 } from './sha256.js';
import { CHANGE_TITLE, CHANGE_TONE } from './table-diff.js';

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;color:#1b1f24;max-width:80rem;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:2rem 0 .5rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}code{font:12px ui-monospace,monospace}.muted{color:#57606a}
.non_compliant{color:#b42318}.error{color:#b54708}.compliant{color:#067647}.skipped{color:#57606a}
.inv{display:inline-block;padding:0 6px;border-radius:4px;font-size:11px;font-weight:700;background:#b42318;color:#fff}`;

const STATUS = (s: string | undefined) =>
  s === undefined ? '<span class="muted">-</span>' : esc(s.replace('_', '-'));

function sideLine(label: string, x: AuditSide): string {
  const s = x.summary;
  const id = x.auditId === undefined ? 'not saved' : `audit ${fmtInt(x.auditId)}`;
  return (
    `<tr><th>${label}</th><td>${esc(id)}</td><td><time datetime="${esc(x.generatedAt)}">${esc(fmtDateTime(x.generatedAt))}</time></td>` +
    `<td><code>${esc(x.organizationId)}</code></td><td>${esc(x.scope)}</td><td>${esc(x.detail)}</td>` +
    `<td>${fmtInt(s.non_compliant)}</td><td>${fmtInt(s.error)}</td><td>${fmtInt(s.compliant)}</td><td>${fmtInt(s.skipped)}</td></tr>`
  );
}

function audits(diff: AuditDiff): string {
  const head = [
    '',
    'Audit',
    'Generated',
    'Organization',
    'Scope',
    'Detail',
    'Non-compliant',
    'Error',
    'Compliant',
    'Skipped',
  ];
  const notes: string[] = [];
  if (diff.commonAccountsOnly)
    notes.push(
      `Different scopes: only the ${plural(diff.commonAccountsOnly.accounts, 'account')} both audits cover are compared.`,
    );
  if (diff.from.organizationId !== diff.to.organizationId)
    notes.push(`Different organizations (${diff.from.organizationId} to ${diff.to.organizationId}).`);
  return (
    `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>` +
    sideLine('Before', diff.from) +
    sideLine('Now', diff.to) +
    `</tbody></table>${notes.map((n) => `<p class="error">${esc(n)}</p>`).join('')}`
  );
}

function row(c: AccountChange): string {
  const invited = c.joinedMethod === 'INVITED' ? ' <span class="inv">joined by invitation</span>' : '';
  return (
    `<tr><td><code>${esc(c.accountId)}</code></td><td>${esc(c.accountName)}${invited}</td><td>${esc(c.ouPath)}</td>` +
    `<td>${STATUS(c.before)}</td><td>${STATUS(c.after)}</td><td>${esc(c.added.join(', '))}</td>` +
    `<td>${esc(c.removed.join(', '))}</td><td>${esc(c.detail)}</td></tr>`
  );
}

function sections(diff: AuditDiff): string {
  const head = ['Account', 'Name', 'OU', 'Before', 'After', 'Added', 'Removed', 'Change'];
  const out: string[] = [];
  for (const kind of CHANGE_ORDER) {
    const list = diff.changes.filter((c) => c.kind === kind);
    if (!list.length) continue;
    out.push(
      `<h2 id="${kind}" class="${CHANGE_TONE[kind]}">${esc(CHANGE_TITLE[kind])} (${fmtInt(list.length)})</h2>` +
        `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${list.map(row).join('')}</tbody></table>`,
    );
  }
  return out.length ? out.join('') : '<p>No account changed.</p>';
}

/** The diff as one HTML document. */
export function renderDiffHtml(diff: AuditDiff, rootctlVersion?: string): string {
  const title = `Root credential changes · ${diff.to.organizationId} · ${fmtDateTime(diff.to.generatedAt)}`;
  const csp = `default-src 'none'; style-src 'sha256-${base64(sha256(CSS))}'; base-uri 'none'; form-action 'none'`;
  const by = rootctlVersion === undefined ? 'rootctl' : `rootctl ${rootctlVersion}`;
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${csp}"><meta name="referrer" content="no-referrer">` +
    `<title>${esc(title)}</title><style>${CSS}</style></head>\n<body>` +
    `<h1>Root credential changes in <code>${esc(diff.to.organizationId)}</code></h1>` +
    `<p class="muted">Accounts that regained root credentials first. Credentials are compared by id when both audits used full detail, by kind otherwise.</p>` +
    audits(diff) +
    sections(diff) +
    `<p class="muted">${plural(diff.unchanged, 'account')} unchanged.</p>` +
    `<footer class="muted">Generated by ${esc(by)} &middot; diff schema v${diff.schemaVersion} &middot; a self-contained file: it loads nothing from the network.</footer>` +
    `</body></html>\n`
  );
}
