/** `rootctl exception open | list | close | enforce` as text (and list as JSON). */
import { exceptionState, type ExceptionRecord } from '../../core/exceptions/rules.js';
import { table } from '../../core/plan/table.js';
import { exceptionList } from '../../core/exceptions/documents.js';
import type { ClosePlan } from '../../core/exceptions/close.js';
import type { EnforceResult } from '../../core/exceptions/enforce.js';
import type { ExceptionPreview, OpenedException } from '../../core/exceptions/open.js';

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

/** What opening will do, shown before the question. */
export function previewLines(p: ExceptionPreview, ttl: string): string[] {
  const lines = [
    `Exception: ${p.task} in ${p.accountId} (${p.accountName}) with AssumeRoot ${p.taskPolicy}, for ${ttl}`,
    `Reason: ${p.reason}`,
  ];
  if (p.task === 'password-recovery')
    lines.push(
      p.loginProfileExists
        ? 'The root user already has a login profile: nothing to create; the exception is recorded.'
        : 'Will create a login profile with no password, so the root user can use "Forgot password" to sign in.',
    );
  else
    lines.push(
      `Will remove the resource policy of ${p.target}. It is saved in the journal and the exception record first. Current policy:`,
      p.currentPolicy!,
    );
  return lines;
}

export function openedLines(opened: OpenedException): string[] {
  return [
    `Opened exception ${opened.exceptionId}: ${opened.task} in ${opened.accountId}, expires ${opened.expiresAt} (run ${opened.runId}).`,
    ...(opened.note ? [`Note: ${opened.note}.`] : []),
    opened.verified
      ? `Verified: ${opened.task === 'password-recovery' ? 'the root user has a login profile' : `${opened.target} has no policy now`}.`
      : 'NOT verified: the change did not read back as expected; see the journal.',
    `Close it when done: rootctl exception close --account ${opened.accountId} --yes`,
  ];
}

export function closingLine(c: ClosePlan, accountId: string): string {
  return `Closing ${c.open.length} exception(s) in ${accountId}: ${c.open.map((e) => `${e.id} ${e.task} (${e.target})`).join(', ')}`;
}

export function renderEnforce(r: EnforceResult): string {
  if (!r.accounts.length) return `No overdue exceptions (checked ${r.checkedAt}).`;
  const lines: string[] = [];
  for (const a of r.accounts) {
    const ids = a.exceptions.map((e) => `${e.id} ${e.task} (${e.target}, expired ${e.expiresAt})`).join(', ');
    if (!r.applied)
      lines.push(`${a.accountId}: overdue ${ids}: will delete its root credentials again and close`);
    else if (a.closed)
      lines.push(
        `${a.accountId}: CLOSED ${ids}; ${a.deleted} root credential(s) deleted again (run ${a.runId})`,
      );
    else
      lines.push(
        `${a.accountId}: still OPEN ${ids}: ${a.error?.code ?? 'NotClosed'}: ${a.error?.message ?? ''}`,
      );
    for (const p of a.policiesNotRestored) lines.push(`  exception ${p.exceptionId}: ${p.note}`);
  }
  const t = r.totals;
  lines.push(
    r.applied
      ? `${t.closed} of ${t.overdue} overdue exception(s) closed${t.left ? `, ${t.left} still open` : ''}${t.policiesNotRestored ? `; ${t.policiesNotRestored} resource policy(ies) not restored (put corrected ones back yourself)` : ''}.`
      : `${t.overdue} overdue exception(s) in ${r.accounts.length} account(s).`,
  );
  return lines.join('\n');
}
