/** `rootctl exception list` as a table or JSON. */
import { exceptionState, type ExceptionRecord } from '../../core/exceptions/rules.js';
import { table } from '../../core/plan/table.js';
import { exceptionList } from '../../core/exceptions/documents.js';

const time = (iso: string | null) => (iso === null ? '-' : iso.replace(/\.\d{3}Z$/, 'Z'));

export function renderExceptions(records: ExceptionRecord[], now: Date): string {
  if (!records.length) return 'No open exceptions.';
  const rows = records.map((e) => [
    String(e.id),
    e.accountId,
    e.task,
    e.target,
    exceptionState(e, now).toUpperCase(),
    time(e.openedAt),
    time(e.expiresAt),
    e.openerArn,
    e.reason,
  ]);
  const overdue = records.filter((e) => exceptionState(e, now) === 'overdue').length;
  const lines = table(
    ['ID', 'ACCOUNT', 'TASK', 'TARGET', 'STATE', 'OPENED', 'EXPIRES', 'OPENED BY', 'REASON'],
    rows,
  );
  if (overdue)
    lines.push(
      '',
      `${overdue} overdue: close with \`rootctl exception close --account <id> --yes\`, or all of them with \`rootctl exception enforce --yes\`.`,
    );
  return lines.join('\n');
}

export function exceptionsJson(records: ExceptionRecord[], now: Date): string {
  return JSON.stringify(exceptionList(records, now), null, 2);
}

/**
 * What closing did, per exception: a password recovery's credentials were deleted again; an unlock's
 * removed policy was not restored (never claimed as "root credentials deleted").
 */
export function closedLines(closed: readonly ExceptionRecord[], deleted: number): string[] {
  return closed.map((e) =>
    e.task === 'password-recovery'
      ? `Closed exception ${e.id} (${e.task}): ${deleted ? `${deleted} root credential(s) deleted again` : 'no root credential was left'}; verified.`
      : `Closed exception ${e.id} (${e.task}): the resource policy of ${e.target} was NOT restored; the policy removed is saved in the record (rootctl exception list --all --output json): put a corrected one back yourself.`,
  );
}
