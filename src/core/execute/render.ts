/** A run's result as a table or JSON (strings only; the CLI prints them). */
import type { Plan } from '../plan/types.js';
import { plural, table } from '../plan/table.js';
import type { ApplyResult, ApplyResultDocument } from './types.js';

/** The result with the plan it ran (the plan as `plan`, schema in docs/remediate.md). */
export function renderResultJson(result: ApplyResult, plan: Plan): string {
  const doc: ApplyResultDocument = { ...result, plan };
  return JSON.stringify(doc, null, 2);
}

export function renderResultTable(result: ApplyResult): string {
  const rows = result.accounts.map((a) => {
    const n = (o: string) => a.steps.filter((s) => s.outcome === o).length;
    return [
      a.accountId,
      a.accountName,
      a.status.toUpperCase(),
      String(n('done')),
      String(n('already-gone')),
      String(n('done-earlier')),
      a.verified === undefined ? '-' : a.verified ? 'yes' : 'NO',
      a.diagnosis ?? '',
    ];
  });
  const t = result.totals;
  const lines = [`Run ${result.runId} ${result.status}${result.resumed ? ' (resumed)' : ''}`];
  if (rows.length)
    lines.push(
      '',
      ...table(
        ['ACCOUNT', 'NAME', 'RESULT', 'DELETED', 'ALREADY GONE', 'DONE EARLIER', 'VERIFIED', 'DIAGNOSIS'],
        rows,
      ),
    );
  lines.push(
    '',
    `Totals: ${plural(t.done, 'account')} done, ${t.partial} partial, ${t.failed} failed, ${t.interrupted} interrupted, ${t.skipped} skipped; ` +
      `${plural(t.deleted, 'credential')} deleted, ${t.alreadyGone} already gone, ${t.doneEarlier} done earlier, ${t.failedSteps} failed; ${plural(t.retries, 'retry', 'retries')}.`,
  );
  if (t.left) {
    const r = t.leftByReason;
    const why = [
      r['held-back']
        ? `${r['held-back']} held back (recently used access keys; --include-recently-used deletes them)`
        : '',
      r.failed ? `${r.failed} in failed steps (rootctl journal ${result.runId})` : '',
      r['still-present'] ? `${r['still-present']} still present after the run (verification)` : '',
    ].filter(Boolean);
    lines.push(`Left: ${plural(t.left, 'root credential')}: ${why.join('; ')}.`);
  }
  if (result.status === 'interrupted')
    lines.push('Interrupted: run `rootctl remediate --resume --yes` to continue from the journal.');
  lines.push(`Journal: rootctl journal ${result.runId}`);
  return lines.join('\n');
}
