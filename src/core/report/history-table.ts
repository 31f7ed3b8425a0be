/** `rootctl history` as a table: one line per saved audit, newest first. */
import { columns } from './table.js';

export interface HistoryRow {
  id: number;
  generatedAt: string;
  organizationId: string;
  scope: string;
  detail: string;
  total: number;
  nonCompliant: number;
  error: number;
  compliant: number;
  skipped: number;
}

const HEADERS = [
  'ID',
  'GENERATED',
  'ORGANIZATION',
  'SCOPE',
  'DETAIL',
  'ACCOUNTS',
  'NON-COMPLIANT',
  'ERROR',
  'COMPLIANT',
  'SKIPPED',
];

export function renderHistoryTable(rows: readonly HistoryRow[]): string {
  if (!rows.length) return 'No audits in the history yet: run `rootctl audit`.';
  return columns(
    HEADERS,
    rows.map((r) => [
      String(r.id),
      r.generatedAt.replace(/\.\d{3}Z$/, 'Z'),
      r.organizationId,
      r.scope,
      r.detail,
      String(r.total),
      String(r.nonCompliant),
      String(r.error),
      String(r.compliant),
      String(r.skipped),
    ]),
  ).join('\n');
}
