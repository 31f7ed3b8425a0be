/**
 * The plan summary as text (./summary.ts): what a terminal shows instead of a plan longer than a page.
 * Long lists stop at a few rows and say how many more there are; every row is in the full plan.
 */
import { planHeader } from './render.js';
import type { PlanSummary, SummaryAccount, UntouchedReason } from './summary.js';
import { plural, table } from './table.js';
import { CREDENTIAL_KINDS, type Plan } from './types.js';

/** Rows shown of each list (OUs, blocked and possibly blocked accounts) before "... and N more". */
export const SUMMARY_LIST_ROWS = 10;

const REASON_TEXT: Record<UntouchedReason, string> = {
  blocked: 'blocked by an SCP',
  'audit-error': 'audit error',
  'management-account': 'management account',
  suspended: 'suspended',
  'open-exception': 'open root-task exception',
};

function more(total: number, shown: number, what: string): string[] {
  return total > shown ? [`  ... and ${plural(total - shown, what)} more`] : [];
}

function accountList(title: string, accounts: readonly SummaryAccount[]): string[] {
  if (!accounts.length) return [];
  const shown = accounts.slice(0, SUMMARY_LIST_ROWS);
  return [
    '',
    `${title} (${accounts.length}):`,
    ...table(
      ['ACCOUNT', 'NAME', 'OU', 'WHY'],
      shown.map((a) => [a.accountId, a.accountName, a.ouPath, a.detail]),
    ).map((l) => `  ${l}`),
    ...more(accounts.length, shown.length, 'account'),
  ];
}

function ouTable(s: PlanSummary): string[] {
  if (!s.byOu.length) return [];
  const shown = s.byOu.slice(0, SUMMARY_LIST_ROWS);
  return [
    '',
    `By OU (${s.byOu.length}):`,
    ...table(
      ['OU', 'ACCOUNTS', 'DELETIONS', 'HELD BACK', 'NOT TOUCHED'],
      shown.map((o) => [
        o.ouPath,
        String(o.accountsToChange),
        String(o.deletions),
        String(o.heldBack),
        String(o.untouched),
      ]),
    ).map((l) => `  ${l}`),
    ...more(s.byOu.length, shown.length, 'OU'),
  ];
}

function kindTable(s: PlanSummary): string[] {
  const kinds = CREDENTIAL_KINDS.filter((k) => s.byKind[k]);
  if (!kinds.length) return [];
  return [
    '',
    'By credential type:',
    ...table(
      ['TYPE', 'DELETIONS'],
      kinds.map((k) => [k, String(s.byKind[k])]),
    ).map((l) => `  ${l}`),
  ];
}

function untouchedLines(s: PlanSummary): string[] {
  const reasons = (Object.keys(REASON_TEXT) as UntouchedReason[]).filter((r) => s.untouchedByReason[r]);
  if (!reasons.length) return [];
  const total = reasons.reduce((n, r) => n + (s.untouchedByReason[r] ?? 0), 0);
  return [
    '',
    `Not touched: ${plural(total, 'account')} (${reasons.map((r) => `${REASON_TEXT[r]} ${s.untouchedByReason[r]}`).join(', ')}).`,
  ];
}

/** The summary of a plan: header, by OU, by credential type, held back, blocked, not touched, clean. */
export function renderPlanSummary(plan: Plan, s: PlanSummary): string {
  const lines = [...planHeader(plan, false), ...ouTable(s), ...kindTable(s)];
  if (s.heldBack.keys)
    lines.push(
      '',
      `Recently used access keys held back: ${plural(s.heldBack.keys, 'key')} in ${plural(s.heldBack.accounts, 'account')} (used in the last ${plan.options.recentlyUsedDays} days).`,
    );
  lines.push(...accountList('Possibly blocked by an SCP', s.possiblyBlocked));
  lines.push(...accountList('Blocked by an SCP', s.blocked));
  lines.push(...untouchedLines(s));
  if (s.nothingToDo)
    lines.push('', `Nothing to do in ${plural(s.nothingToDo, 'account')}: no root credentials to delete.`);
  return lines.join('\n');
}

/** The line under a summary: how to see the rest (`out`: the plan file already written, if any). */
export function summaryFooter(s: PlanSummary, out?: string): string {
  const file =
    out === undefined ? '; --out plan.json saves the plan as JSON' : `; the whole plan (JSON) is in ${out}`;
  return `\nThis is a summary of a plan of ${plural(s.stepLines, 'line')}: --show-plan prints every step${file}.`;
}
