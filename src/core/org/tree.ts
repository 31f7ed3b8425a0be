/**
 * The organization's shape: OUs, which parent each account sits under, and OU paths. Built by walking
 * the tree through the OrganizationsReader port (ListOrganizationalUnitsForParent and
 * ListAccountsForParent), a few parents at a time, streaming accounts to the caller as they are found.
 */
import type { AccountId } from '../model/account-id.js';
import type { OrgAccount, OrgUnit, OrganizationsReader } from '../ports.js';

export interface OrgTree {
  rootId: string;
  ous: Map<string, OrgUnit>;
  accounts: Map<AccountId, OrgAccount>;
  /** Direct parent (root or OU id) of every account. */
  parentOf: Map<AccountId, string>;
}

export function emptyTree(rootId: string): OrgTree {
  return { rootId, ous: new Map(), accounts: new Map(), parentOf: new Map() };
}

/**
 * Walks the whole tree under `startId` (the root, or an OU for `--ou`). `onAccounts` receives each
 * batch as soon as its page arrives, so auditing can start before the walk ends.
 */
export async function walkTree(
  reader: OrganizationsReader,
  rootId: string,
  options: {
    startId?: string;
    concurrency?: number;
    onAccounts?: (accounts: OrgAccount[], parentId: string) => void;
    /** Fill this tree (the caller can read it while the walk goes on) instead of a new one. */
    tree?: OrgTree;
  } = {},
): Promise<OrgTree> {
  const tree = options.tree ?? emptyTree(rootId);
  const queue: string[] = [options.startId ?? rootId];
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const found = (accounts: OrgAccount[], parentId: string) => {
    for (const a of accounts) {
      tree.accounts.set(a.id, a);
      tree.parentOf.set(a.id, parentId);
    }
    if (accounts.length) options.onAccounts?.(accounts, parentId);
  };
  // Page by page where the reader can: an OU of thousands of accounts reaches the audit as its
  // pages arrive, not after its last one.
  const listAccounts = async (parentId: string) => {
    if (!reader.accountsForParentPage) return found(await reader.listAccountsForParent(parentId), parentId);
    let token: string | undefined;
    do {
      const page = await reader.accountsForParentPage(parentId, token);
      found(page.accounts, parentId);
      token = page.next;
    } while (token);
  };
  // Wakes the loop below when a visit ends or finds child OUs (a long page run must not hold them).
  let wake: (() => void) | undefined;
  const poke = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const visit = async (parentId: string) => {
    const listingOus = reader.listOusForParent(parentId).then((ous) => {
      for (const ou of ous) {
        tree.ous.set(ou.id, ou);
        queue.push(ou.id);
      }
      if (ous.length) poke();
    });
    await Promise.all([listingOus, listAccounts(parentId)]);
  };
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  while ((queue.length || running.size) && !failure) {
    while (queue.length && running.size < concurrency) {
      const p: Promise<void> = visit(queue.shift()!)
        .catch((error: unknown) => void (failure ??= { error }))
        .finally(() => {
          running.delete(p);
          poke();
        });
      running.add(p);
    }
    if (running.size) await new Promise<void>((resolve) => (wake = resolve));
  }
  if (failure) {
    await Promise.allSettled(running);
    throw failure.error;
  }
  return tree;
}

/** "Root/Workloads/Prod" for a parent id. */
export function ouPath(tree: OrgTree, parentId: string | undefined): string {
  const names: string[] = [];
  let id = parentId;
  while (id !== undefined && id !== tree.rootId) {
    const ou = tree.ous.get(id);
    if (!ou) break;
    names.unshift(ou.name);
    id = ou.parentId;
  }
  return ['Root', ...names].join('/');
}

/** Root first, then each OU down to the account's parent, then the account itself. */
export function pathIds(tree: OrgTree, accountId: AccountId): string[] {
  const path: string[] = [accountId];
  let id = tree.parentOf.get(accountId);
  while (id !== undefined) {
    path.unshift(id);
    id = id === tree.rootId ? undefined : tree.ous.get(id)?.parentId;
  }
  return path;
}

/** Every account under a target (root, OU recursively, or the account itself). */
export function accountsUnder(tree: OrgTree, targetId: string): AccountId[] {
  if (tree.accounts.has(targetId as AccountId)) return [targetId as AccountId];
  return [...tree.accounts.keys()].filter((id) => pathIds(tree, id).includes(targetId));
}
