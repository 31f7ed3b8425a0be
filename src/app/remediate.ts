/**
 * Library entry point for remediation and exceptions on AWS: the audit's ports (src/app/audit.ts),
 * the journal and exception stores on the shared database, and the SCP lookup that names what blocks
 * a root session. The work itself is the pure core: planRemediation, applyPlan, open/closeException.
 *
 *   const ctx = createAuditContexts({ profile: 'security' });
 *   const { plan } = await planRemediation(auditPorts(ctx), { scope: { kind: 'all' }, options: planOptions() });
 *   const result = await applyPlan(plan, remediationDeps(ctx, openDb()), { callerArn: plan.callerArn });
 */
import { AdaptiveLimiter } from '../core/concurrency/adaptive-limiter.js';
import type { AuditPorts } from '../core/audit/types.js';
import type { ApplyDeps } from '../core/execute/apply.js';
import { DELETE_TASK } from '../core/execute/account-runner.js';
import { describeBlock } from '../core/execute/diagnose.js';
import type { AccountId } from '../core/model/account-id.js';
import type { TaskPolicyName } from '../core/model/task-policies.js';
import { walkTree, type OrgTree } from '../core/org/tree.js';
import { auditAccounts } from '../core/plan/index.js';
import type { OrganizationsReader, ScpPolicy } from '../core/ports.js';
import { blockerForAccount } from '../core/scp/root-session-blockers.js';
import type { Db } from '../store/db.js';
import { ExceptionStore } from '../store/exceptions.js';
import { Journal } from '../store/journal.js';
import { auditPorts, type AuditContexts } from './audit.js';

export { auditPorts, createAuditContexts, type AuditContexts } from './audit.js';
export { applyPlan } from '../core/execute/apply.js';
export { planRemediation } from '../core/plan/index.js';

/**
 * "blocked by SCP p-... (Name) attached to ...: denies iam:DeleteAccessKey" for an account whose SCPs
 * deny a task's calls to root sessions; undefined when they do not. The tree and the SCPs are read
 * once, on the first question (only asked after an AccessDenied).
 */
export function scpBlockerLookup(
  reader: OrganizationsReader,
  task: TaskPolicyName = DELETE_TASK,
): (accountId: AccountId) => Promise<string | undefined> {
  let loaded: Promise<{ tree: OrgTree; scps: ScpPolicy[] } | undefined> | undefined;
  const load = async () => {
    try {
      const [roots, scps] = await Promise.all([reader.listRoots(), reader.listScps()]);
      const rootId = roots[0]?.id;
      return rootId === undefined ? undefined : { tree: await walkTree(reader, rootId), scps };
    } catch {
      return undefined; // Without Organizations read access the diagnosis falls back to AWS's message.
    }
  };
  return async (accountId) => {
    const org = await (loaded ??= load());
    if (!org || !org.tree.accounts.has(accountId)) return undefined;
    const b = blockerForAccount(org.tree, org.scps, accountId, task);
    return b && describeBlock(b);
  };
}

export interface RemediationOptions {
  /** Accounts worked on at once (adaptive up to this cap); default 20. */
  concurrency?: number | undefined;
  region?: string | undefined;
}

/** The executor's dependencies on AWS and the database. */
export function remediationDeps(
  source: AuditContexts | AuditPorts,
  db: Db,
  options: RemediationOptions = {},
): ApplyDeps & { ports: AuditPorts; journal: Journal; exceptions: ExceptionStore } {
  const ports = 'rootSessions' in source ? source : auditPorts(source);
  const max = options.concurrency ?? 20;
  return {
    ports,
    opener: ports.rootSessions,
    journal: new Journal(db),
    exceptions: new ExceptionStore(db),
    verify: auditAccounts(ports, { concurrency: max, region: options.region }),
    blockerOf: scpBlockerLookup(ports.organizations),
    limiter: new AdaptiveLimiter({ max }),
    classify: ports.classify,
  };
}
