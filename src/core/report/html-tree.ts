/**
 * Groups audited accounts under their OU path ("Root/Workloads/Prod") as a tree whose every node
 * carries the status counts of all accounts beneath it, so each OU heading can say what it holds
 * even when collapsed.
 */
import type { AccountAudit, AccountAuditStatus, AuditSummary } from '../audit/model.js';

export interface OuNode {
  name: string;
  /** The full path up to and including this OU. */
  path: string;
  depth: number;
  accounts: AccountAudit[];
  children: OuNode[];
  counts: AuditSummary;
}

/** Problems first: an auditor reads the top of each OU, so that is where the findings go. */
export const STATUS_ORDER: readonly AccountAuditStatus[] = ['non_compliant', 'error', 'skipped', 'compliant'];

/** "legacy-3" before "legacy-18", as a person would sort them. */
const NATURAL = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

const emptyCounts = (): AuditSummary => ({ total: 0, compliant: 0, non_compliant: 0, error: 0, skipped: 0 });

function splitPath(ouPath: string): string[] {
  const parts = ouPath
    .split('/')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return parts.length > 0 ? parts : ['(no OU)'];
}

export function buildOuTree(accounts: readonly AccountAudit[]): OuNode[] {
  const top: OuNode[] = [];
  const byPath = new Map<string, OuNode>();
  for (const account of accounts) {
    const parts = splitPath(account.ouPath);
    let siblings = top;
    let node: OuNode | undefined;
    let path = '';
    for (const [depth, name] of parts.entries()) {
      path = path ? `${path}/${name}` : name;
      node = byPath.get(path);
      if (!node) {
        node = { name, path, depth, accounts: [], children: [], counts: emptyCounts() };
        byPath.set(path, node);
        siblings.push(node);
      }
      node.counts.total++;
      node.counts[account.status]++;
      siblings = node.children;
    }
    node?.accounts.push(account);
  }
  const rank = new Map(STATUS_ORDER.map((s, i) => [s, i]));
  const sortNode = (n: OuNode) => {
    n.accounts.sort(
      (a, b) =>
        (rank.get(a.status) ?? 9) - (rank.get(b.status) ?? 9) ||
        NATURAL.compare(a.accountName, b.accountName) ||
        a.accountId.localeCompare(b.accountId),
    );
    n.children.sort((a, b) => NATURAL.compare(a.name, b.name));
    n.children.forEach(sortNode);
  };
  top.sort((a, b) => NATURAL.compare(a.name, b.name));
  top.forEach(sortNode);
  return top;
}
