import { describe, expect, it } from 'vitest';
import type { AccountAudit } from '../audit/model.js';
import { cleanRoot } from '../checks/audit/samples.js';
import type { AccountId } from '../model/account-id.js';
import { planOptions } from './options.js';
import { buildPlan } from './planner.js';
import { renderPlanTable } from './render.js';
import { renderPlanSummary, SUMMARY_LIST_ROWS } from './render-summary.js';
import { PLAN_PAGE_LINES, planStepLines, summarizePlan } from './summary.js';
import type { Plan } from './types.js';

const NOW = new Date('2025-03-01T00:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();
const id = (n: number) => `3000000${String(n).padStart(5, '0')}` as AccountId;

/** An account audit with `keys` access keys (the first `recent` used 2 days ago) and maybe a password. */
function account(n: number, ouPath: string, keys: number, recent = 0, password = true): AccountAudit {
  const accessKeys = Array.from({ length: keys }, (_, i) => ({
    id: `AKIA${String(n).padStart(8, '0')}${String(i).padStart(8, '0')}`,
    status: 'Active' as const,
    createDate: daysAgo(900),
    lastUsed: { date: daysAgo(i < recent ? 2 : 400), service: 's3', region: 'us-east-1' },
  }));
  const clean = !keys && !password;
  return {
    accountId: id(n),
    accountName: `acct-${n}`,
    ouPath,
    status: clean ? 'compliant' : 'non_compliant',
    auditedAt: NOW.toISOString(),
    root: {
      ...cleanRoot('full'),
      password: password ? { present: true, createDate: daysAgo(500) } : { present: false },
      accessKeys,
      accessKeysPresent: keys > 0,
    },
  };
}

function plan(audits: AccountAudit[], extra: Partial<Parameters<typeof buildPlan>[0]> = {}): Plan {
  return buildPlan({
    audits,
    organizationId: 'o-abcdefghij',
    managementAccountId: '100000000000',
    callerArn: 'arn:aws:sts::200000000000:assumed-role/RootOps/x',
    scope: '--all',
    options: planOptions({}),
    now: NOW,
    ...extra,
  });
}

describe('summarizePlan', () => {
  const audits = [
    account(1, 'Root/Prod', 2, 1), // password + 1 key deleted, 1 recent key held back
    account(2, 'Root/Prod', 1), // password + 1 key
    account(3, 'Root/Dev', 0), // password only
    account(4, 'Root/Dev', 0, 0, false), // clean
    account(5, 'Root/Dev', 1), // blocked by an SCP
    account(6, 'Root/Sandbox', 3, 3, false), // only recently used keys: all held back
    account(7, 'Root/Dev', 1), // possibly blocked
  ];
  const p = plan(audits, {
    blockers: new Map([[id(5), 'blocked by SCP p-1 (DenyRoot) attached to Root/Dev']]),
    possiblyBlocked: new Map([[id(7), 'possibly blocked by SCP p-2 (IpOnly)']]),
  });
  const s = summarizePlan(p);

  it('counts deletions by OU (most first) and by credential type', () => {
    expect(s.deletions).toBe(7);
    expect(s.accountsToChange).toBe(4);
    expect(s.byKind).toEqual({ password: 4, 'access-keys': 3, 'signing-certificates': 0, mfa: 0 });
    expect(s.byOu).toEqual([
      { ouPath: 'Root/Prod', accountsToChange: 2, deletions: 4, heldBack: 1, untouched: 0 },
      { ouPath: 'Root/Dev', accountsToChange: 2, deletions: 3, heldBack: 0, untouched: 1 },
      { ouPath: 'Root/Sandbox', accountsToChange: 0, deletions: 0, heldBack: 3, untouched: 0 },
    ]);
  });

  it('counts held-back keys and their accounts, blocked and possibly blocked accounts, and clean ones', () => {
    expect(s.heldBack).toEqual({ keys: 4, accounts: 2 });
    expect(s.blocked).toEqual([
      {
        accountId: id(5),
        accountName: 'acct-5',
        ouPath: 'Root/Dev',
        detail: 'blocked by SCP p-1 (DenyRoot) attached to Root/Dev',
      },
    ]);
    expect(s.possiblyBlocked.map((a) => [a.accountId, a.detail])).toEqual([
      [id(7), 'possibly blocked by SCP p-2 (IpOnly)'],
    ]);
    expect(s.untouchedByReason).toEqual({ blocked: 1 });
    expect(s.nothingToDo).toBe(1);
    expect(s.accountsInScope).toBe(7);
  });

  it('counts the step lines the full table shows, and is over a page only above PLAN_PAGE_LINES', () => {
    // 7 deletions + 4 held back + 1 possibly blocked + 1 untouched.
    expect(planStepLines(p)).toBe(13);
    expect(s.stepLines).toBe(13);
    expect(s.overPage).toBe(false);
    expect(summarizePlan(p, 12).overPage).toBe(true);
    expect(summarizePlan(p, 13).overPage).toBe(false);
    // The rule agrees with the table: every step line is one line of renderPlanTable.
    const table = renderPlanTable(p).split('\n');
    expect(table.filter((l) => /^\d{12}\s|^\s{12,}\S|^ {2}\d{12}\s/.test(l)).length).toBe(13);
  });

  it('a plan of many accounts is over a page; its summary is a screen and names what is left out', () => {
    const many = Array.from({ length: 60 }, (_, i) => account(100 + i, `Root/OU-${i % 15}`, 1));
    const big = plan(many, {
      blockers: new Map(many.slice(0, 12).map((a) => [a.accountId, 'blocked by SCP p-1 (DenyRoot)'])),
    });
    const sum = summarizePlan(big);
    expect(sum.overPage).toBe(true);
    expect(sum.stepLines).toBeGreaterThan(PLAN_PAGE_LINES);
    const text = renderPlanSummary(big, sum);
    expect(text.split('\n').length).toBeLessThanOrEqual(PLAN_PAGE_LINES);
    expect(text).toContain('By OU (15):');
    expect(text).toContain(`... and ${15 - SUMMARY_LIST_ROWS} OUs more`);
    expect(text).toContain('Blocked by an SCP (12):');
    expect(text).toContain(`... and ${12 - SUMMARY_LIST_ROWS} accounts more`);
    expect(text).toContain('Not touched: 12 accounts (blocked by an SCP 12).');
    expect(text).toContain('Deletes 96 root credentials in 48 accounts');
  });

  it('renders held-back keys, possibly blocked accounts and clean accounts', () => {
    const text = renderPlanSummary(p, s);
    expect(text).toContain(
      'Recently used access keys held back: 4 keys in 2 accounts (used in the last 30 days).',
    );
    expect(text).toContain('Possibly blocked by an SCP (1):');
    expect(text).toMatch(new RegExp(`${id(7)}\\s+acct-7\\s+Root/Dev\\s+possibly blocked by SCP p-2`));
    expect(text).toContain('Nothing to do in 1 account: no root credentials to delete.');
    expect(text).toMatch(/password\s+4/);
    expect(text).not.toContain('HOLD below');
  });
});
