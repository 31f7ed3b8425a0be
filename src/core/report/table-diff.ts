/**
 * A diff between two audits as text (`rootctl audit --diff`, `rootctl history --diff`): accounts that
 * regained root credentials first, then the other changes in CHANGE_ORDER.
 */
import { CHANGE_ORDER, type AuditDiff, type ChangeKind } from '../audit/diff.js';
import { columns, type Paint } from './table.js';

export const CHANGE_TITLE: Record<ChangeKind, string> = {
  regained: 'Regained root credentials',
  'credentials-added': 'New root credentials',
  'new-error': 'New errors',
  added: 'New accounts',
  'status-changed': 'Status changed',
  'credentials-removed': 'Fewer root credentials',
  remediated: 'Remediated',
  'error-resolved': 'Errors resolved',
  removed: 'No longer in the audit',
};

export const CHANGE_TONE: Record<ChangeKind, 'non_compliant' | 'error' | 'compliant' | 'skipped'> = {
  regained: 'non_compliant',
  'credentials-added': 'non_compliant',
  'new-error': 'error',
  added: 'skipped',
  'status-changed': 'skipped',
  'credentials-removed': 'compliant',
  remediated: 'compliant',
  'error-resolved': 'compliant',
  removed: 'skipped',
};

export function renderDiffTable(diff: AuditDiff, options: { paint?: Paint } = {}): string {
  const paint: Paint = options.paint ?? ((_s, t) => t);
  const d = (s: string) => s.replace(/\.\d{3}Z$/, 'Z');
  const name = (x: AuditDiff['from']) =>
    `${x.auditId === undefined ? 'the audit' : `audit ${x.auditId}`} of ${d(x.generatedAt)} (${x.scope})`;
  const out = [paint('bold', `Changes since ${name(diff.from)} to ${name(diff.to)}`)];
  if (diff.commonAccountsOnly)
    out.push(
      `Different scopes: only the ${diff.commonAccountsOnly.accounts} account(s) both audits cover are compared.`,
    );
  const sums = (x: AuditDiff['from']) =>
    `${x.summary.non_compliant} non-compliant, ${x.summary.error} error, ${x.summary.compliant} compliant`;
  out.push(`Before: ${sums(diff.from)}. Now: ${sums(diff.to)}.`);
  if (diff.from.organizationId !== diff.to.organizationId)
    out.push(
      paint(
        'error',
        `Note: different organizations (${diff.from.organizationId} -> ${diff.to.organizationId}).`,
      ),
    );
  if (!diff.changes.length) {
    out.push('', `No changes (${diff.unchanged} accounts unchanged).`);
    return out.join('\n');
  }
  for (const kind of CHANGE_ORDER) {
    const list = diff.changes.filter((c) => c.kind === kind);
    if (!list.length) continue;
    out.push('', paint(CHANGE_TONE[kind], `${CHANGE_TITLE[kind]} (${list.length})`));
    out.push(
      ...columns(
        ['ACCOUNT', 'NAME', 'OU', 'CHANGE'],
        list.map((c) => [c.accountId, c.accountName, c.ouPath, c.detail]),
      ),
    );
  }
  out.push('', `${diff.unchanged} accounts unchanged.`);
  return out.join('\n');
}
