/**
 * The SCPs a diagnosis needs, and no more: when an account's root session is denied by an SCP, the
 * policies attached along that account's path (root, OUs, the account) are read with
 * ListPoliciesForTarget, and each distinct policy's document once with DescribePolicy. Each target
 * and each policy is fetched at most once per audit (accounts under the same OU share the reads),
 * a few at a time, starting as soon as the first denial is seen, while the other accounts are still
 * being audited. The account's own attachments are read only when the root's and OUs' SCPs do not
 * already explain the denial (an explicit Deny above the account decides whatever is attached to
 * it). The cost is bounded by the denied accounts' paths, not by how many targets an SCP such as
 * FullAWSAccess is attached to.
 */
import { AdaptiveLimiter } from '../concurrency/adaptive-limiter.js';
import type { AccountId } from '../model/account-id.js';
import type { TaskPolicyName } from '../model/task-policies.js';
import { pathIds, type OrgTree } from '../org/tree.js';
import type { OrganizationsReader, ScpPolicy, ScpSummary, ScpTarget } from '../ports.js';
import { blockerForAccount, type RootSessionFacts } from '../scp/root-session-blockers.js';
import type { Retrying } from './scope.js';

/** The document of the AWS managed FullAWSAccess SCP (AWS managed SCPs cannot be edited). */
const AWS_MANAGED_CONTENT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});

export type ScpReader = Pick<OrganizationsReader, 'listScpsForTarget' | 'describeScp'>;
type Described = Awaited<ReturnType<ScpReader['describeScp']>>;

export interface ScpsForPath {
  /** Every policy attached to a target of the path, with those targets (other targets are not read). */
  scps: ScpPolicy[];
  /** False when some target or document of the path could not be read. */
  complete: boolean;
}

export class ScpLookup {
  private readonly byTarget = new Map<string, Promise<ScpSummary[] | undefined>>();
  private readonly documents = new Map<string, Promise<Described | undefined>>();
  /** A fixed number of reads in flight (min = max: the limit never moves). */
  private readonly slots: AdaptiveLimiter;

  constructor(
    private readonly reader: ScpReader,
    private readonly retrying: Retrying,
    concurrency = 4,
  ) {
    this.slots = new AdaptiveLimiter({ max: concurrency, min: concurrency, initial: concurrency });
  }

  /** Starts reading the policies attached above an account (root and OUs); never throws. */
  wantAbove(tree: OrgTree, accountId: AccountId): void {
    for (const id of pathIds(tree, accountId).slice(0, -1)) void this.target(id);
  }

  /**
   * The SCPs that decide whether `task` is blocked for the account: those attached to its root and
   * OUs, plus its own attachments when the ones above do not end in an explicit Deny of the task's
   * first call (only then could the account's own policies change the answer).
   */
  async forAccount(
    tree: OrgTree,
    accountId: AccountId,
    task: TaskPolicyName,
    facts: RootSessionFacts,
    extraPolicyIds: readonly string[] = [],
  ): Promise<ScpsForPath> {
    const path = pathIds(tree, accountId);
    const above = await this.forPath(path.slice(0, -1), extraPolicyIds);
    if (above.complete && blockerForAccount(tree, above.scps, accountId, task, facts)?.kind === 'explicit')
      return above;
    return this.forPath(path, extraPolicyIds);
  }

  /** Starts reading one policy's document (a denial message names its policy id). */
  wantPolicy(policyId: string): void {
    void this.document(policyId);
  }

  /** Reads (if not yet read) and assembles the policies of these targets. */
  async forPath(path: readonly string[], extraPolicyIds: readonly string[] = []): Promise<ScpsForPath> {
    let complete = true;
    const policies = new Map<string, { summary: ScpSummary; targets: ScpTarget[] }>();
    for (const targetId of path) {
      const attached = await this.target(targetId);
      if (attached === undefined) {
        complete = false;
        continue;
      }
      for (const s of attached) {
        const p = policies.get(s.id) ?? { summary: s, targets: [] };
        p.targets.push({ id: targetId, type: targetType(targetId), name: '' });
        policies.set(s.id, p);
      }
    }
    const out: ScpPolicy[] = [];
    for (const { summary, targets } of policies.values()) {
      const content = summary.awsManaged ? AWS_MANAGED_CONTENT : (await this.document(summary.id))?.content;
      if (content === undefined) {
        complete = false;
        continue;
      }
      out.push({ ...summary, content, targets });
    }
    // A policy named by a denial but not attached on the path (e.g. in the caller's account): its name.
    for (const id of extraPolicyIds) {
      if (policies.has(id)) continue;
      const d = await this.document(id);
      if (d !== undefined) out.push({ ...d, targets: [] });
    }
    return { scps: out, complete };
  }

  private target(id: string): Promise<ScpSummary[] | undefined> {
    let p = this.byTarget.get(id);
    if (!p) {
      p = this.limited(() => this.reader.listScpsForTarget(id));
      this.byTarget.set(id, p);
      // Documents are read as soon as their policy is seen.
      // (`limited` never rejects: a failed read is undefined.)
      void p.then((list) => {
        for (const s of list ?? []) if (!s.awsManaged) void this.document(s.id);
      });
    }
    return p;
  }

  private document(policyId: string): Promise<Described | undefined> {
    let p = this.documents.get(policyId);
    if (!p) {
      p = this.limited(() => this.reader.describeScp(policyId));
      this.documents.set(policyId, p);
    }
    return p;
  }

  /** Runs `fn` with retries when fewer than `concurrency` reads are in flight; undefined on failure. */
  private async limited<T>(fn: () => Promise<T>): Promise<T | undefined> {
    const permit = await this.slots.acquire();
    try {
      return await this.retrying(fn);
    } catch {
      return undefined;
    } finally {
      permit.release();
    }
  }
}

function targetType(id: string): ScpTarget['type'] {
  return id.startsWith('r-') ? 'ROOT' : id.startsWith('ou-') ? 'ORGANIZATIONAL_UNIT' : 'ACCOUNT';
}
