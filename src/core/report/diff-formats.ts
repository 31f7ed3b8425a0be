/**
 * The diff's output formats, shared by `rootctl history --diff`, `rootctl audit --diff` and the
 * library (the same diff renders the same way from each).
 */
import type { AuditDiff } from '../audit/diff.js';
import { renderDiffCsv } from './diff-csv.js';
import { renderDiffHtml } from './diff-html.js';
import type { Paint } from './table.js';
import { renderDiffTable } from './table-diff.js';

export const DIFF_OUTPUTS = ['table', 'json', 'csv', 'html'] as const;
export type DiffOutput = (typeof DIFF_OUTPUTS)[number];

export function isDiffOutput(output: string): output is DiffOutput {
  return (DIFF_OUTPUTS as readonly string[]).includes(output);
}

/** The diff as text in `output`; `paint` colours the table (nothing else is coloured). */
export function renderDiff(
  diff: AuditDiff,
  output: DiffOutput,
  options: { paint?: Paint | undefined; rootctlVersion?: string | undefined } = {},
): string {
  switch (output) {
    case 'json':
      return `${JSON.stringify(diff, null, 2)}\n`;
    case 'csv':
      return renderDiffCsv(diff);
    case 'html':
      return renderDiffHtml(diff, options.rootctlVersion);
    case 'table':
      return renderDiffTable(diff, options.paint ? { paint: options.paint } : {});
  }
}
