/**
 * Which SCPs make root sessions fail, for one account. A root session's calls run as
 * arn:<partition>:iam::<member>:root with aws:AssumedRoot=true, and SCPs still apply to them; the classic
 * "deny the root user" SCP without the `Null aws:AssumedRoot` exemption therefore blocks every root
 * task in the accounts under it. Evaluated with the same policy evaluator the emulator uses, one
 * request per task action, with 'partial' knowledge: keys only a real request has (source IP, time,
 * tags) are unknown, so a Deny that depends on them is reported as possibly blocking.
 * The organization-wide view (doctor, scp --check, remediate's plan) is ./analysis.ts.
 */
import type { AccountId } from '../model/account-id.js';
import type { Partition } from '../model/arn.js';
import type { TaskPolicyName } from '../model/task-policies.js';
import type { OrgTree } from '../org/tree.js';
import { pathIds } from '../org/tree.js';
import {
  evaluateScps,
  parsePolicyDocument,
  type NamedPolicy,
  type RequestContext,
} from '../model/policy/evaluate.js';
import type { ScpPolicy } from '../ports.js';

export interface TaskCall {
  action: string;
  resource: (partition: Partition, account: string) => string;
  /** Where the call goes: IAM is global (its Region is the partition's), S3/SQS are Regional. */
  global: boolean;
}

const iam = (op: string): TaskCall => ({
  action: `iam:${op}`,
  resource: (p, a) => `arn:${p}:iam::${a}:root`,
  global: true,
});

/** The calls each task makes in the member account (what an SCP must not deny). */
export const TASK_ACTIONS: Record<TaskPolicyName, TaskCall[]> = {
  IAMAuditRootUserCredentials: [
    'GetAccountSummary',
    'GetLoginProfile',
    'ListAccessKeys',
    'GetAccessKeyLastUsed',
    'ListSigningCertificates',
    'ListMFADevices',
  ].map(iam),
  IAMDeleteRootUserCredentials: [
    'DeleteLoginProfile',
    'DeleteAccessKey',
    'DeleteSigningCertificate',
    'DeactivateMFADevice',
    'ListAccessKeys',
  ].map(iam),
  IAMCreateRootUserPassword: [iam('CreateLoginProfile')],
  S3UnlockBucketPolicy: ['GetBucketPolicy', 'DeleteBucketPolicy'].map((op) => ({
    action: `s3:${op}`,
    resource: (p: Partition) => `arn:${p}:s3:::rootctl-unlock-target`,
    global: false,
  })),
  SQSUnlockQueuePolicy: ['GetQueueAttributes', 'SetQueueAttributes'].map((op) => ({
    action: `sqs:${op}`,
    resource: (p: Partition, a: string) => `arn:${p}:sqs:*:${a}:rootctl-unlock-target`,
    global: false,
  })),
};

export const ROOT_TASKS = Object.keys(TASK_ACTIONS) as TaskPolicyName[];

/** The Region global services (IAM) report as aws:RequestedRegion in each partition. */
const GLOBAL_REGION: Record<Partition, string> = {
  aws: 'us-east-1',
  'aws-us-gov': 'us-gov-west-1',
  'aws-cn': 'cn-north-1',
};

export interface RootSessionFacts {
  partition: Partition;
  /** The organization id (aws:PrincipalOrgID / aws:ResourceOrgID) when known. */
  orgId?: string | undefined;
}

/** A root session's call as SCPs see it, with only what is known before the call is made. */
export function rootSessionContext(
  facts: RootSessionFacts,
  accountId: string,
  call: TaskCall,
): RequestContext {
  const org = facts.orgId;
  return {
    action: call.action,
    resource: call.resource(facts.partition, accountId),
    knowledge: 'partial',
    keys: {
      'aws:PrincipalArn': `arn:${facts.partition}:iam::${accountId}:root`,
      'aws:PrincipalAccount': accountId,
      'aws:ResourceAccount': accountId,
      'aws:AssumedRoot': 'true',
      'aws:PrincipalIsAWSService': 'false',
      'aws:ViaAWSService': 'false',
      'aws:SecureTransport': 'true',
      ...(call.global ? { 'aws:RequestedRegion': GLOBAL_REGION[facts.partition] } : {}),
      ...(org ? { 'aws:PrincipalOrgID': org, 'aws:ResourceOrgID': org } : {}),
    },
  };
}

export type AccountBlock =
  | { kind: 'explicit'; policyId: string; policyName: string; targetId: string; action: string }
  | { kind: 'implicit'; targetId: string; action: string }
  /** An SCP might deny the call (a condition on something only the real request has). */
  | { kind: 'unknown'; policyId: string; policyName: string; targetId: string; action: string; why: string };

/** The SCPs attached to each target on an account's path, root first. */
export function scpLevels(
  tree: OrgTree,
  scps: readonly ScpPolicy[],
  accountId: AccountId,
): { targetId: string; policies: NamedPolicy[] }[] {
  return pathIds(tree, accountId).map((targetId) => ({
    targetId,
    policies: scps
      .filter((p) => p.targets.some((t) => t.id === targetId))
      .flatMap((p): NamedPolicy[] => {
        const document = parsePolicyDocument(p.content);
        return document ? [{ id: p.id, name: p.name, document }] : [];
      }),
  }));
}

/**
 * Whether the SCPs in force for one account block a task's calls; undefined when they do not. The facts
 * are required: a root session's ARNs are in the organization's partition (orgPartition), and a default
 * of 'aws' made every GovCloud deny-root SCP look harmless.
 */
export function blockerForAccount(
  tree: OrgTree,
  scps: readonly ScpPolicy[],
  accountId: AccountId,
  task: TaskPolicyName,
  facts: RootSessionFacts,
): AccountBlock | undefined {
  const levels = scpLevels(tree, scps, accountId);
  let unknown: AccountBlock | undefined;
  for (const call of TASK_ACTIONS[task]) {
    const d = evaluateScps(levels, rootSessionContext(facts, accountId, call));
    const { action } = call;
    if (d.decision === 'ExplicitDeny')
      return {
        kind: 'explicit',
        policyId: d.policy.id,
        policyName: d.policy.name,
        targetId: d.targetId,
        action,
      };
    if (d.decision === 'ImplicitDeny') return { kind: 'implicit', targetId: d.targetId, action };
    if (d.decision === 'Unknown')
      unknown ??= {
        kind: 'unknown',
        policyId: d.policy.id,
        policyName: d.policy.name,
        targetId: d.targetId,
        action,
        why:
          d.possibly === 'Deny'
            ? 'a Deny whose condition cannot be evaluated before the call'
            : 'an Allow whose condition cannot be evaluated before the call',
      };
  }
  return unknown;
}
