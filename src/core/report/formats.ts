/**
 * The audit report's output formats and the choice between them, shared by `rootctl audit`,
 * `rootctl history --show` and the library (the same report renders the same way from each).
 */
import type { AuditReport } from '../audit/model.js';
import { renderAsff } from '../findings/asff.js';
import { renderOcsf } from '../findings/ocsf.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderTable, type Paint } from './table.js';

export const AUDIT_OUTPUTS = ['table', 'json', 'csv', 'html', 'ocsf', 'asff'] as const;
export type AuditOutput = (typeof AUDIT_OUTPUTS)[number];

/** The report as text in `output`; `paint` colours the table (nothing else is coloured). */
export function renderAuditReport(
  report: AuditReport,
  output: AuditOutput,
  options: { paint?: Paint | undefined } = {},
): string {
  switch (output) {
    case 'json':
      return renderJson(report);
    case 'csv':
      return renderCsv(report);
    case 'html':
      return renderHtml(report);
    case 'ocsf':
      return renderOcsf(report);
    case 'asff':
      return renderAsff(report);
    case 'table':
      return renderTable(report, options.paint ? { paint: options.paint } : {});
  }
}
