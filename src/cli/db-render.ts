/** `rootctl db status` (and init, migrate) as text. */
import type { DbStatus } from '../store/admin.js';

export function renderStatus(s: DbStatus): string {
  const schema = Object.entries(s.schema)
    .map(
      ([store, v]) => `${store} ${v.version}${v.version === v.latest ? '' : ` (this rootctl: ${v.latest})`}`,
    )
    .join(', ');
  const c = s.counts;
  return [
    `Backend:    ${s.backend === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`,
    `Location:   ${s.location}`,
    `Schema:     ${schema}${s.upToDate ? ' (up to date)' : ' - run `rootctl db migrate` to upgrade'}`,
    `Audits:     ${c.audits}`,
    `Journal:    ${c.journalRuns} run(s), ${c.journalSteps} step(s)`,
    `Exceptions: ${c.exceptionsOpen} open, ${c.exceptionsOverdue} overdue, ${c.exceptionsClosed} closed`,
  ].join('\n');
}
