import { describe, expect, it } from 'vitest';
import type { AccountAudit, AccountAuditStatus } from '../audit/model.js';
import type { AccountId } from '../model/account-id.js';
import { buildOuTree } from './html-tree.js';

let next = 100_000_000_000;
const acct = (accountName: string, ouPath: string, status: AccountAuditStatus): AccountAudit => ({
  accountId: String(next++) as AccountId,
  accountName,
  ouPath,
  status,
  auditedAt: '2025-01-01T00:00:00Z',
});

describe('buildOuTree', () => {
  it('nests OUs by path and counts every account under each OU, descendants included', () => {
    const tree = buildOuTree([
      acct('a', 'Root', 'skipped'),
      acct('b', 'Root/Workloads/Prod', 'non_compliant'),
      acct('c', 'Root/Workloads/Prod', 'compliant'),
      acct('d', 'Root/Workloads', 'error'),
      acct('e', 'Root/Sandbox', 'compliant'),
    ]);
    expect(tree).toHaveLength(1);
    const root = tree[0]!;
    expect(root.counts).toEqual({ total: 5, compliant: 2, non_compliant: 1, error: 1, skipped: 1 });
    expect(root.accounts.map((a) => a.accountName)).toEqual(['a']);
    expect(root.children.map((c) => c.path)).toEqual(['Root/Sandbox', 'Root/Workloads']);
    const workloads = root.children[1]!;
    expect(workloads.counts).toMatchObject({ total: 3, error: 1, non_compliant: 1, compliant: 1 });
    expect(workloads.children[0]!.path).toBe('Root/Workloads/Prod');
    expect(workloads.children[0]!.depth).toBe(2);
  });

  it('lists problems first in each OU, then names in natural order', () => {
    const [root] = buildOuTree([
      acct('legacy-18', 'Root', 'compliant'),
      acct('legacy-3', 'Root', 'compliant'),
      acct('zeta', 'Root', 'error'),
      acct('Alpha', 'Root', 'skipped'),
      acct('beta', 'Root', 'non_compliant'),
    ]);
    expect(root!.accounts.map((a) => a.accountName)).toEqual([
      'beta',
      'zeta',
      'Alpha',
      'legacy-3',
      'legacy-18',
    ]);
  });

  it('puts accounts without an OU path under "(no OU)"', () => {
    const tree = buildOuTree([acct('x', '', 'compliant'), acct('y', '/', 'compliant')]);
    expect(tree.map((n) => [n.name, n.accounts.length])).toEqual([['(no OU)', 2]]);
  });
});
