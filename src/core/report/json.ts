/**
 * `--output json`: the AuditReport itself, versioned by `schemaVersion` (docs/audit.md documents
 * every field). Keys are written in the model's order so diffs of two files stay readable.
 */
import type { AuditReport } from '../audit/model.js';

export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
