import { describe, expect, it } from 'vitest';
import type { AccountId } from '../core/model/account-id.js';
import { cleanRoot } from '../core/checks/audit/samples.js';
import { planOptions } from '../core/plan/options.js';
import { buildPlan } from '../core/plan/planner.js';
import { summarizePlan } from '../core/plan/summary.js';
import { planText, planView, type PlanViewInput } from './remediate-view.js';

const NOW = new Date('2025-03-01T00:00:00Z');

/** A plan of `n` accounts, each with a password to delete (n step lines). */
function plan(n: number) {
  return buildPlan({
    audits: Array.from({ length: n }, (_, i) => ({
      accountId: `3000000${String(i).padStart(5, '0')}` as AccountId,
      accountName: `a-${i}`,
      ouPath: 'Root/Prod',
      status: 'non_compliant' as const,
      auditedAt: NOW.toISOString(),
      root: { ...cleanRoot('full'), password: { present: true, createDate: '2024-01-01T00:00:00Z' } },
    })),
    organizationId: 'o-abcdefghij',
    managementAccountId: '100000000000',
    callerArn: 'arn:aws:sts::200000000000:assumed-role/RootOps/x',
    scope: '--all',
    options: planOptions({}),
    now: NOW,
  });
}

const seen = (over: Partial<PlanViewInput> = {}): PlanViewInput => ({
  json: false,
  yes: false,
  interactive: true,
  stdoutTerminal: true,
  showPlan: false,
  ...over,
});

describe('planView', () => {
  const big = plan(41);
  const small = plan(40);
  const view = (p: ReturnType<typeof plan>, over: Partial<PlanViewInput> = {}) =>
    planView(seen(over), p, summarizePlan(p));

  it('summarizes text over a page on a terminal, and only there', () => {
    expect(view(big)).toEqual({ to: 'out', as: 'summary' });
    expect(view(small)).toEqual({ to: 'out', as: 'table' });
    expect(view(big, { showPlan: true })).toEqual({ to: 'out', as: 'table' });
    expect(view(big, { stdoutTerminal: false, interactive: false })).toEqual({ to: 'out', as: 'table' });
  });

  it('JSON: the plan on stdout unless it is applied; asked at a terminal, the text (summarized) on stderr', () => {
    expect(view(big, { json: true, interactive: false })).toEqual({ to: 'out', as: 'json' });
    expect(view(big, { json: true })).toEqual({ to: 'err', as: 'summary' });
    expect(view(big, { json: true, showPlan: true })).toEqual({ to: 'err', as: 'table' });
    expect(view(big, { json: true, yes: true })).toEqual({ to: 'none', as: 'json' });
  });

  it('planText: a summary ends with how to see the rest, naming the --out file when there is one', () => {
    const s = summarizePlan(big);
    expect(planText('summary', big, s)).toMatch(
      /plan of 41 lines: --show-plan prints every step; --out plan\.json/,
    );
    expect(planText('summary', big, s, '/tmp/p.json')).toContain('the whole plan (JSON) is in /tmp/p.json');
    expect(JSON.parse(planText('json', big, s))).toEqual(big);
  });
});
