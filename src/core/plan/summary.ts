/**
 * A remediation plan in one screen: what it deletes by OU and by credential type, the recently used
 * access keys it holds back, the accounts an SCP blocks or may block, the accounts it leaves alone and
 * those with nothing to do. Pure data from the Plan; `overPage` is the rule that decides when a
 * terminal shows this summary instead of every step (`rootctl remediate --show-plan` shows them all).
 */
import type { AccountId } from '../model/account-id.js';
import { CREDENTIAL_KINDS, type CredentialKind, type Plan, type UntouchedAccount } from './types.js';

/**
 * A page: a plan whose step tables run over this many lines is summarized on a terminal. A fixed
 * number, not the terminal's height, so the same plan always reads the same way (and tests do not
 * depend on the window); 40 lines fit a default 80x24 terminal scrolled once, not a 3,000-line plan.
 */
export const PLAN_PAGE_LINES = 40;

/** One OU's share of the plan (accounts directly in it; the OU path as the plan names it). */
export interface OuSummary {
  ouPath: string;
  /** Accounts with at least one planned deletion. */
  accountsToChange: number;
  deletions: number;
  /** Recently used access keys held back. */
  heldBack: number;
  /** Accounts the plan does not touch (blocked, audit error, management, suspended, open exception). */
  untouched: number;
}

/** An account named by the summary, with the one line that says why. */
export interface SummaryAccount {
  accountId: AccountId;
  accountName: string;
  ouPath: string;
  detail: string;
}

export type UntouchedReason = UntouchedAccount['reason'];

export interface PlanSummary {
  /**
   * Lines of the plan's tables when every step is shown: one per deletion and held-back key, one per
   * possibly blocked and per untouched account.
   */
  stepLines: number;
  /** True when `stepLines` is over the page (`PLAN_PAGE_LINES`): show this summary, not every step. */
  overPage: boolean;
  accountsInScope: number;
  accountsToChange: number;
  deletions: number;
  byKind: Record<CredentialKind, number>;
  /** Every OU with something planned or left untouched, most deletions first (then by path). */
  byOu: OuSummary[];
  /** Recently used access keys held back (not deleted without --include-recently-used). */
  heldBack: { keys: number; accounts: number };
  /** Accounts the run will try although an SCP may deny its calls (a condition known only at call time). */
  possiblyBlocked: SummaryAccount[];
  /** Accounts left out because an SCP denies the delete task to root sessions. */
  blocked: SummaryAccount[];
  /** Accounts left out, counted by why (reasons with none left out are absent). */
  untouchedByReason: Partial<Record<UntouchedReason, number>>;
  /** Accounts in scope with no root credential to delete. */
  nothingToDo: number;
}

function ouRow(rows: Map<string, OuSummary>, ouPath: string): OuSummary {
  let row = rows.get(ouPath);
  if (!row) {
    row = { ouPath, accountsToChange: 0, deletions: 0, heldBack: 0, untouched: 0 };
    rows.set(ouPath, row);
  }
  return row;
}

function byOuOf(plan: Plan): OuSummary[] {
  const rows = new Map<string, OuSummary>();
  for (const a of plan.accounts) {
    const row = ouRow(rows, a.ouPath);
    if (a.deletions.length) row.accountsToChange++;
    row.deletions += a.deletions.length;
    row.heldBack += a.heldBack.length;
  }
  for (const u of plan.untouched) ouRow(rows, u.ouPath).untouched++;
  return [...rows.values()].sort((x, y) => y.deletions - x.deletions || x.ouPath.localeCompare(y.ouPath));
}

/** The lines `renderPlanTable` gives the plan's steps and named accounts (headers not counted). */
export function planStepLines(plan: Plan): number {
  let lines = 0;
  for (const a of plan.accounts) {
    lines += a.deletions.length + a.heldBack.length;
    if (a.possiblyBlocked !== undefined) lines++;
  }
  return lines + plan.untouched.length;
}

export function summarizePlan(plan: Plan, pageLines: number = PLAN_PAGE_LINES): PlanSummary {
  const stepLines = planStepLines(plan);
  const byKind = Object.fromEntries(CREDENTIAL_KINDS.map((k) => [k, 0])) as Record<CredentialKind, number>;
  for (const a of plan.accounts) for (const d of a.deletions) byKind[d.kind]++;
  const untouchedByReason: Partial<Record<UntouchedReason, number>> = {};
  for (const u of plan.untouched) untouchedByReason[u.reason] = (untouchedByReason[u.reason] ?? 0) + 1;
  const named = (a: { accountId: AccountId; accountName: string; ouPath: string }, detail: string) => ({
    accountId: a.accountId,
    accountName: a.accountName,
    ouPath: a.ouPath,
    detail,
  });
  return {
    stepLines,
    overPage: stepLines > pageLines,
    accountsInScope: plan.totals.accountsInScope,
    accountsToChange: plan.accounts.filter((a) => a.deletions.length > 0).length,
    deletions: plan.accounts.reduce((n, a) => n + a.deletions.length, 0),
    byKind,
    byOu: byOuOf(plan),
    heldBack: {
      keys: plan.accounts.reduce((n, a) => n + a.heldBack.length, 0),
      accounts: plan.accounts.filter((a) => a.heldBack.length > 0).length,
    },
    possiblyBlocked: plan.accounts.flatMap((a) =>
      a.possiblyBlocked === undefined ? [] : [named(a, a.possiblyBlocked)],
    ),
    blocked: plan.untouched.filter((u) => u.reason === 'blocked').map((u) => named(u, u.detail)),
    untouchedByReason,
    nothingToDo: plan.clean.length,
  };
}
