/**
 * Every member account evaluated along its real path (root, OUs, the account), task by task.
 * Accounts whose path carries the same SCPs share one evaluation unless a policy on the path names
 * account ids (or uses policy variables), so 10,000 accounts under a few OUs cost a few evaluations.
 */
import type { AccountId } from '../model/account-id.js';
import type { TaskPolicyName } from '../model/task-policies.js';
import { pathIds, type OrgTree } from '../org/tree.js';
import type { ScpPolicy } from '../ports.js';
import {
  ROOT_TASKS,
  blockerForAccount,
  type AccountBlock,
  type RootSessionFacts,
} from './root-session-blockers.js';

export type AccountBlocks = Partial<Record<TaskPolicyName, AccountBlock>>;

export function analyzeAccounts(
  input: RootSessionFacts & { scps: readonly ScpPolicy[] },
  tree: OrgTree,
  accounts: readonly AccountId[],
): { blocks: Map<AccountId, AccountBlocks>; analysed: number } {
  const policiesOn = new Map<string, ScpPolicy[]>();
  for (const p of input.scps)
    for (const t of p.targets) policiesOn.set(t.id, [...(policiesOn.get(t.id) ?? []), p]);
  const cache = new Map<string, AccountBlocks>();
  const blocks = new Map<AccountId, AccountBlocks>();
  for (const account of accounts) {
    const onPath = pathIds(tree, account).map((id) => [id, policiesOn.get(id) ?? []] as const);
    const sensitive = onPath.some(([, ps]) =>
      ps.some((p) => /\d{12}/.test(p.content) || p.content.includes('${')),
    );
    const signature = sensitive
      ? undefined
      : onPath.map(([id, ps]) => `${id === account ? '@' : id}=${ps.map((p) => p.id).join(',')}`).join('/');
    let result = signature === undefined ? undefined : cache.get(signature);
    if (!result) {
      result = {};
      for (const task of ROOT_TASKS) {
        const b = blockerForAccount(tree, input.scps, account, task, input);
        if (b) result[task] = b;
      }
      if (signature !== undefined) cache.set(signature, result);
    }
    if (Object.keys(result).length) blocks.set(account, rebase(result, account));
  }
  return { blocks, analysed: accounts.length };
}

/** A cached answer names the account itself as the target where the block sits at account level. */
function rebase(r: AccountBlocks, account: AccountId): AccountBlocks {
  const out: AccountBlocks = {};
  for (const [task, b] of Object.entries(r) as [TaskPolicyName, AccountBlock][])
    out[task] = /^\d{12}$/.test(b.targetId) ? { ...b, targetId: account } : b;
  return out;
}
