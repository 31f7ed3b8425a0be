/** The plan as a table (for people) or JSON (the versioned schema in docs/remediate.md). Strings only. */
import { day, plural, table } from './table.js';
import { CREDENTIAL_KINDS, type Plan, type PlannedDeletion } from './types.js';

export function renderPlanJson(plan: Plan): string {
  return JSON.stringify(plan, null, 2);
}

function lastUsed(d: PlannedDeletion, now: Date): string {
  if (d.kind !== 'access-keys') return '';
  if (!d.lastUsed) return 'never used';
  const days = Math.floor((now.getTime() - Date.parse(d.lastUsed.date)) / 86_400_000);
  return `${day(d.lastUsed.date)} ${d.lastUsed.service}${d.recentlyUsed ? ` (RECENTLY USED, ${plural(Math.max(0, days), 'day')} ago)` : ''}`;
}

/**
 * The plan's opening lines: who made it for what, what it deletes, what it holds back, warnings.
 * `below`: the tables follow, so the lines point at them (the full plan; the summary has its own).
 */
export function planHeader(plan: Plan, below = true): string[] {
  const t = plan.totals;
  const kinds = CREDENTIAL_KINDS.filter((k) => t.byKind[k])
    .map((k) => `${k} ${t.byKind[k]}`)
    .join(', ');
  const lines = [
    `Remediation plan for ${plan.scope} in ${plan.organizationId}, made ${plan.createdAt} by ${plan.callerArn}`,
    t.deletions
      ? `Deletes ${plural(t.deletions, 'root credential')} in ${plural(t.accountsToChange, 'account')} (${kinds}).`
      : 'Nothing to delete: no planned root credentials in scope.',
  ];
  if (t.heldBack) {
    lines.push(
      `${plural(t.heldBack, 'access key')} used in the last ${plan.options.recentlyUsedDays} days ${t.heldBack === 1 ? 'is' : 'are'} held back${below ? ' (HOLD below)' : ''}; add --include-recently-used to delete ${t.heldBack === 1 ? 'it' : 'them'} too.`,
    );
  }
  const possibly = plan.accounts.filter((a) => a.possiblyBlocked !== undefined);
  if (possibly.length)
    lines.push(
      `WARNING: an SCP may block root sessions in ${plural(possibly.length, 'account')}${below ? ' (POSSIBLY BLOCKED below)' : ''}: its condition cannot be evaluated before the call, so the run will try and report any denial.`,
    );
  if (plan.options.only.length < CREDENTIAL_KINDS.length)
    lines.push(`Only: ${plan.options.only.join(', ')}.`);
  return lines;
}

export function renderPlanTable(plan: Plan): string {
  const now = new Date(plan.createdAt);
  const t = plan.totals;
  const lines = planHeader(plan);
  const possibly = plan.accounts.filter((a) => a.possiblyBlocked !== undefined);
  const rows: string[][] = [];
  for (const a of plan.accounts) {
    const items = [
      ...a.deletions.map((d) => ({ d, hold: false })),
      ...a.heldBack.map((d) => ({ d, hold: true })),
    ];
    items.forEach(({ d, hold }, i) => {
      rows.push([
        i ? '' : a.accountId,
        i ? '' : a.accountName,
        i ? '' : a.ouPath,
        hold ? `HOLD ${d.action}` : d.action,
        d.targetId,
        day(d.createdAt),
        lastUsed(d, now),
      ]);
    });
  }
  if (rows.length)
    lines.push('', ...table(['ACCOUNT', 'NAME', 'OU', 'ACTION', 'TARGET', 'CREATED', 'LAST USED'], rows));
  if (possibly.length) {
    lines.push('', `Possibly blocked (${possibly.length}):`);
    lines.push(
      ...table(
        ['ACCOUNT', 'NAME', 'WHY'],
        possibly.map((a) => [a.accountId, a.accountName, a.possiblyBlocked ?? '']),
      ).map((l) => `  ${l}`),
    );
  }
  if (plan.untouched.length) {
    lines.push('', `Not touched (${plan.untouched.length}):`);
    lines.push(
      ...table(
        ['ACCOUNT', 'NAME', 'WHY'],
        plan.untouched.map((u) => [u.accountId, u.accountName, u.detail]),
      ).map((l) => `  ${l}`),
    );
  }
  if (t.accountsClean)
    lines.push(
      '',
      `${plural(t.accountsClean, 'account')} in scope ${t.accountsClean === 1 ? 'is' : 'are'} already clean: no root credentials to delete.`,
    );
  return lines.join('\n');
}
