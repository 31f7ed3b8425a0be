/**
 * `rootctl history --diff --output csv` (and `audit --diff`): one row per changed account, in the
 * diff's order (worst first), RFC 4180 quoting and the same guard against spreadsheet formulas as
 * the audit CSV (`csvCell`): account and OU names come from the organization. DIFF_CSV_COLUMNS is the
 * source of the column list in docs/audit.md.
 */
import type { AccountChange, AuditDiff } from '../audit/diff.js';
import { csvCell } from './csv.js';

type Cell = string | number | undefined;

export interface DiffCsvColumn {
  name: string;
  value: (change: AccountChange, diff: AuditDiff) => Cell;
  doc: string;
}

export const DIFF_CSV_COLUMNS: readonly DiffCsvColumn[] = [
  {
    name: 'change',
    value: (c) => c.kind,
    doc: 'regained | credentials-added | new-error | added | status-changed | credentials-removed | remediated | error-resolved | removed',
  },
  { name: 'accountId', value: (c) => c.accountId, doc: '12-digit account id' },
  { name: 'accountName', value: (c) => c.accountName, doc: 'account name in AWS Organizations' },
  { name: 'ouPath', value: (c) => c.ouPath, doc: 'OU path, e.g. Root/Workloads/Prod' },
  {
    name: 'joinedMethod',
    value: (c) => c.joinedMethod,
    doc: 'INVITED (joined by invitation: kept its old root credentials) | CREATED (empty when unknown)',
  },
  { name: 'before', value: (c) => c.before, doc: 'status in the older audit (empty: not in it)' },
  { name: 'after', value: (c) => c.after, doc: 'status in the newer audit (empty: not in it)' },
  { name: 'added', value: (c) => c.added.join('; '), doc: 'credentials present now and not before' },
  { name: 'removed', value: (c) => c.removed.join('; '), doc: 'credentials present before and not now' },
  { name: 'detail', value: (c) => c.detail, doc: 'the change in plain words' },
  { name: 'fromAuditId', value: (_c, d) => d.from.auditId, doc: 'the older audit (history id)' },
  { name: 'toAuditId', value: (_c, d) => d.to.auditId, doc: 'the newer audit (empty: not saved)' },
];

export function renderDiffCsv(diff: AuditDiff): string {
  const lines = [DIFF_CSV_COLUMNS.map((c) => c.name).join(',')];
  for (const change of diff.changes)
    lines.push(DIFF_CSV_COLUMNS.map((c) => csvCell(c.value(change, diff))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
