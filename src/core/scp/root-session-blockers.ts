/**
 * Which SCPs make root sessions fail. A root session's calls run as arn:aws:iam::<member>:root with
 * aws:AssumedRoot=true, and SCPs still apply to them; the classic "deny the root user" SCP without the
 * `Null aws:AssumedRoot` exemption therefore blocks every root task in the accounts under it.
 * Evaluated with the same policy evaluator the emulator uses, one request per task action.
 */
import type { AccountId } from '../model/account-id.js';
import type { TaskPolicyName } from '../model/task-policies.js';
import type { OrgTree } from '../org/tree.js';
import { accountsUnder, pathIds } from '../org/tree.js';
import {
  evaluatePolicy,
  evaluateScps,
  parsePolicyDocument,
  type NamedPolicy,
  type PolicyStatement,
  type RequestContext,
} from '../policy/evaluate.js';
import type { ScpPolicy, ScpTarget } from '../ports.js';

/** The calls each task makes in the member account (what an SCP must not deny). */
export const TASK_ACTIONS: Record<
  TaskPolicyName,
  { action: string; resource: (account: string) => string }[]
> = {
  IAMAuditRootUserCredentials: [
    'GetAccountSummary',
    'GetLoginProfile',
    'ListAccessKeys',
    'GetAccessKeyLastUsed',
    'ListSigningCertificates',
    'ListMFADevices',
  ].map((op) => ({ action: `iam:${op}`, resource: (a) => `arn:aws:iam::${a}:root` })),
  IAMDeleteRootUserCredentials: [
    'DeleteLoginProfile',
    'DeleteAccessKey',
    'DeleteSigningCertificate',
    'DeactivateMFADevice',
    'ListAccessKeys',
  ].map((op) => ({ action: `iam:${op}`, resource: (a) => `arn:aws:iam::${a}:root` })),
  IAMCreateRootUserPassword: [
    { action: 'iam:CreateLoginProfile', resource: (a) => `arn:aws:iam::${a}:root` },
  ],
  S3UnlockBucketPolicy: ['GetBucketPolicy', 'DeleteBucketPolicy'].map((op) => ({
    action: `s3:${op}`,
    resource: () => 'arn:aws:s3:::example-bucket',
  })),
  SQSUnlockQueuePolicy: ['GetQueueAttributes', 'SetQueueAttributes'].map((op) => ({
    action: `sqs:${op}`,
    resource: (a) => `arn:aws:sqs:us-east-1:${a}:example-queue`,
  })),
};

const TASKS = Object.keys(TASK_ACTIONS) as TaskPolicyName[];

export function rootSessionContext(
  accountId: string,
  action: string,
  resource: string,
  region = 'us-east-1',
): RequestContext {
  return {
    action,
    resource,
    keys: {
      'aws:PrincipalArn': `arn:aws:iam::${accountId}:root`,
      'aws:PrincipalAccount': accountId,
      'aws:AssumedRoot': 'true',
      'aws:RequestedRegion': region,
    },
  };
}

export interface ScpBlocker {
  policyId: string;
  policyName: string;
  /** Tasks whose calls this SCP explicitly denies to root sessions. */
  blockedTasks: TaskPolicyName[];
  blockedActions: string[];
  statementSid: string | undefined;
  /** One line: why it blocks, and how to fix it. */
  reason: string;
  targets: ScpTarget[];
  /** ACTIVE member accounts (not the management account) under its targets; undefined without a tree. */
  accountsCovered: number | undefined;
}

function describeStatement(st: PolicyStatement): string {
  const cond = st.Condition
    ? Object.entries(st.Condition)
        .map(([op, block]) => `${op} ${Object.keys(block).join(',')}`)
        .join('; ')
    : 'no condition';
  return `${st.Sid ? `statement ${st.Sid}` : 'a Deny statement'} (${cond})`;
}

/** SCPs that, on their own, explicitly deny some root-task call to a root session. */
export function findScpBlockers(
  scps: ScpPolicy[],
  tree?: OrgTree,
  managementAccountId?: string,
): ScpBlocker[] {
  const out: ScpBlocker[] = [];
  const probeAccount = '123456789012';
  for (const scp of scps) {
    if (scp.awsManaged) continue;
    const document = parsePolicyDocument(scp.content);
    if (!document) continue;
    const blockedActions = new Set<string>();
    const blockedTasks: TaskPolicyName[] = [];
    let statement: PolicyStatement | undefined;
    for (const task of TASKS) {
      let blocked = false;
      for (const { action, resource } of TASK_ACTIONS[task]) {
        const r = evaluatePolicy(document, rootSessionContext(probeAccount, action, resource(probeAccount)));
        if (r.decision === 'ExplicitDeny') {
          blocked = true;
          blockedActions.add(action);
          statement ??= r.statement;
        }
      }
      if (blocked) blockedTasks.push(task);
    }
    if (!blockedTasks.length) continue;
    const exemptionHint =
      statement?.Condition && JSON.stringify(statement.Condition).includes('aws:PrincipalArn')
        ? 'add "Null": {"aws:AssumedRoot": "true"} to its condition to exempt root sessions'
        : 'exempt root sessions with "Null": {"aws:AssumedRoot": "true"} or detach it';
    const covered = tree
      ? new Set(
          scp.targets
            .flatMap((t) => accountsUnder(tree, t.id))
            .filter((id) => id !== managementAccountId && tree.accounts.get(id)?.state === 'ACTIVE'),
        ).size
      : undefined;
    out.push({
      policyId: scp.id,
      policyName: scp.name,
      blockedTasks,
      blockedActions: [...blockedActions],
      statementSid: statement?.Sid,
      reason: `Denies ${blockedActions.size === 1 ? [...blockedActions][0] : `${blockedActions.size} root-task actions`} to root sessions via ${statement ? describeStatement(statement) : 'a Deny statement'}; ${exemptionHint}.`,
      targets: scp.targets,
      accountsCovered: covered,
    });
  }
  return out;
}

export type AccountBlock =
  | { kind: 'explicit'; policyId: string; policyName: string; targetId: string; action: string }
  | { kind: 'implicit'; targetId: string; action: string };

/** Whether the SCPs in force for one account block a task's calls; undefined when they do not. */
export function blockerForAccount(
  tree: OrgTree,
  scps: ScpPolicy[],
  accountId: AccountId,
  task: TaskPolicyName,
): AccountBlock | undefined {
  const path = pathIds(tree, accountId);
  const levels = path.map((targetId) => ({
    targetId,
    policies: scps
      .filter((p) => p.targets.some((t) => t.id === targetId))
      .flatMap((p): NamedPolicy[] => {
        const document = parsePolicyDocument(p.content);
        return document ? [{ id: p.id, name: p.name, document }] : [];
      }),
  }));
  for (const { action, resource } of TASK_ACTIONS[task]) {
    const d = evaluateScps(levels, rootSessionContext(accountId, action, resource(accountId)));
    if (d.decision === 'ExplicitDeny')
      return {
        kind: 'explicit',
        policyId: d.policy.id,
        policyName: d.policy.name,
        targetId: d.targetId,
        action,
      };
    if (d.decision === 'ImplicitDeny') return { kind: 'implicit', targetId: d.targetId, action };
  }
  return undefined;
}
