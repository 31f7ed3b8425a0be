/**
 * The plan's SCP analysis: which accounts' SCPs deny the delete task to root sessions (held out of
 * the plan) and which an SCP may deny (named as possibly blocked). The one SCP analysis of
 * src/core/scp, fed with as few Organizations reads as the answer needs:
 *
 * - ListPolicies, and each customer SCP's document and targets (customer SCPs are few, with few
 *   targets);
 * - for the AWS managed SCP (FullAWSAccess, attached to every root, OU and account: paging its targets
 *   took ~11 s at 2,000 accounts), ListPoliciesForTarget on the root and the OUs above the planned
 *   accounts, which the plan's audit already listed, and on the few planned accounts that have a
 *   customer SCP of their own;
 * - a planned account with no customer SCP of its own has the AWS managed one attached to it: its root
 *   session passed the audit, which an account with no SCP at all (an implicit deny of everything)
 *   could not.
 */
import type { AuditReport } from '../audit/model.js';
import type { AuditPorts } from '../audit/types.js';
import { describeBlock } from '../execute/diagnose.js';
import type { AccountId } from '../model/account-id.js';
import { orgPartition } from '../model/arn.js';
import { pathIds, walkTree, type OrgTree } from '../org/tree.js';
import type { ScpPolicy, ScpTarget } from '../ports.js';
import { blockerForAccount } from '../scp/root-session-blockers.js';

/** Policy reads in flight at once (under Organizations' request rate, with the audit's other calls). */
const READS_AT_ONCE = 4;

export interface DeleteBlockers {
  blockers: Map<AccountId, string>;
  possiblyBlocked: Map<AccountId, string>;
}

/**
 * The blocked and possibly blocked accounts among the audit's readable non-compliant ones; `listed`
 * is the tree the plan's audit walked (undefined for a scoped audit: walked here). Without
 * Organizations read access the plan goes on as before (the audit's own diagnosis still holds out
 * accounts whose audit session was denied).
 */
export async function deleteBlockers(
  ports: AuditPorts,
  report: AuditReport,
  listed: OrgTree | undefined,
): Promise<DeleteBlockers> {
  const result: DeleteBlockers = { blockers: new Map(), possiblyBlocked: new Map() };
  const readable = report.accounts.filter((a) => a.status === 'non_compliant' && a.root !== undefined);
  if (!readable.length) return result;
  try {
    const listedScps = await ports.organizations.listScps({ awsManagedTargets: false });
    if (!listedScps.some((p) => !p.awsManaged && p.targets.length)) return result;
    const org = await ports.organizations.describeOrganization();
    const tree = listed ?? (await walkWholeTree(ports));
    if (tree === undefined) return result;
    const planned = readable.map((a) => a.accountId).filter((id) => tree.accounts.has(id));
    const scps = await withAwsManagedTargets(ports, tree, listedScps, planned);
    const facts = { partition: orgPartition(org), orgId: org.id };
    for (const id of planned) {
      const b = blockerForAccount(tree, scps, id, 'IAMDeleteRootUserCredentials', facts);
      if (b) (b.kind === 'unknown' ? result.possiblyBlocked : result.blockers).set(id, describeBlock(b));
    }
  } catch {
    // As before: no SCP verdict rather than no plan.
  }
  return result;
}

async function walkWholeTree(ports: AuditPorts): Promise<OrgTree | undefined> {
  const rootId = (await ports.organizations.listRoots())[0]?.id;
  return rootId === undefined ? undefined : walkTree(ports.organizations, rootId);
}

/**
 * The SCPs with the AWS managed ones' targets filled in for the paths of `planned` (see the file
 * comment): read on the root and OUs above them and on the accounts with a customer SCP of their own.
 */
async function withAwsManagedTargets(
  ports: AuditPorts,
  tree: OrgTree,
  scps: readonly ScpPolicy[],
  planned: readonly AccountId[],
): Promise<ScpPolicy[]> {
  const managed = scps.filter((p) => p.awsManaged);
  if (!managed.length) return [...scps];
  const ownCustomer = new Set(scps.filter((p) => !p.awsManaged).flatMap((p) => p.targets.map((t) => t.id)));
  const toRead = new Set<string>();
  for (const id of planned) {
    for (const target of pathIds(tree, id).slice(0, -1)) toRead.add(target);
    if (ownCustomer.has(id)) toRead.add(id);
  }
  const attached = await readAttachments(ports, [...toRead]);
  const targets = new Map<string, ScpTarget[]>(managed.map((p) => [p.id, []]));
  for (const [targetId, policyIds] of attached)
    for (const policyId of policyIds)
      targets.get(policyId)?.push({ id: targetId, type: typeOf(targetId), name: '' });
  // The audit's root session worked in these accounts: an SCP allows at their level, and no customer
  // SCP is attached there, so the AWS managed one is.
  for (const id of planned)
    if (!ownCustomer.has(id))
      for (const p of managed) targets.get(p.id)!.push({ id, type: 'ACCOUNT', name: '' });
  return scps.map((p) => (p.awsManaged ? { ...p, targets: targets.get(p.id)! } : p));
}

/** ListPoliciesForTarget on each target, a few at a time: target id -> attached policy ids. */
async function readAttachments(ports: AuditPorts, targetIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  let next = 0;
  const worker = async () => {
    while (next < targetIds.length) {
      const id = targetIds[next++]!;
      out.set(
        id,
        (await ports.organizations.listScpsForTarget(id)).map((s) => s.id),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, targetIds.length) }, worker));
  return out;
}

function typeOf(id: string): ScpTarget['type'] {
  return id.startsWith('r-') ? 'ROOT' : id.startsWith('ou-') ? 'ORGANIZATIONAL_UNIT' : 'ACCOUNT';
}
