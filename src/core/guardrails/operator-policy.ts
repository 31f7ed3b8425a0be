/**
 * The least-privilege identity policy for the operator role that runs rootctl: AssumeRoot only with
 * the chosen AWS managed task policies (sts:TaskPolicyArn), optionally only into named accounts and
 * only into accounts of one organization (aws:ResourceOrgID where AWS supplies it), plus the read calls rootctl makes.
 */
import { rootUserArn, type Partition } from '../model/arn.js';
import type { AccountId } from '../model/account-id.js';
import { policyForTask, taskPolicyArn, type TaskAlias, type TaskName } from '../model/task-policies.js';
import type { IamPolicy, IamStatement } from './types.js';

/**
 * Every read rootctl makes with the operator's own credentials (doctor, audit, remediate planning,
 * guardrails scp --check, activity). Calls inside root sessions are governed by the task policies,
 * and sts:GetCallerIdentity needs no permission.
 */
export const ROOTCTL_READ_ACTIONS = [
  'organizations:DescribeOrganization',
  'organizations:DescribeAccount',
  'organizations:DescribePolicy',
  'organizations:ListAccounts',
  'organizations:ListAccountsForParent',
  'organizations:ListAWSServiceAccessForOrganization',
  'organizations:ListChildren',
  'organizations:ListDelegatedAdministrators',
  'organizations:ListOrganizationalUnitsForParent',
  'organizations:ListParents',
  'organizations:ListPolicies',
  'organizations:ListPoliciesForTarget',
  'organizations:ListRoots',
  'organizations:ListTargetsForPolicy',
  'iam:ListOrganizationsFeatures',
  'cloudtrail:LookupEvents',
] as const;

/** Turning centralized root access off is never the operator's job; an explicit deny keeps it so. */
export const DISABLE_ACTIONS = [
  'iam:DisableOrganizationsRootCredentialsManagement',
  'iam:DisableOrganizationsRootSessions',
  'organizations:DisableAWSServiceAccess',
  'organizations:DeregisterDelegatedAdministrator',
] as const;

export interface OperatorPolicyOptions {
  /** Task names; the older spellings (`unlock-s3`, `unlock-sqs`) are accepted too. */
  tasks: readonly (TaskName | TaskAlias)[];
  /** Only these member accounts may be targeted; default any account (arn:<p>:iam::*:root). */
  accounts?: readonly AccountId[] | undefined;
  /** Only accounts of this organization may be targeted (aws:ResourceOrgID). */
  orgId?: string | undefined;
  partition?: Partition;
}

export const OPERATOR_SIDS = {
  read: 'RootctlReads',
  assumeRoot: 'AssumeRootForChosenTasksOnly',
  denyDisable: 'NeverTurnCentralizedRootAccessOff',
} as const;

export function buildOperatorPolicy(options: OperatorPolicyOptions): IamPolicy {
  const partition = options.partition ?? 'aws';
  const taskArns = options.tasks.map((t) => taskPolicyArn(policyForTask(t), partition));
  const resources =
    options.accounts && options.accounts.length > 0
      ? options.accounts.map((a) => rootUserArn(partition, a))
      : [`arn:${partition}:iam::*:root`];
  const assumeRoot: IamStatement = {
    Sid: OPERATOR_SIDS.assumeRoot,
    Effect: 'Allow',
    Action: 'sts:AssumeRoot',
    Resource: resources,
    Condition: {
      // ArnEquals, not ArnLike: the five task policy ARNs are fixed, and a pattern could match a future one.
      ArnEquals: { 'sts:TaskPolicyArn': taskArns },
      // IfExists: the Service Authorization Reference documents only sts:TaskPolicyArn for
      // sts:AssumeRoot, and aws:ResourceOrgID is in a request context only where the service supplies
      // it. A plain StringEquals on a key AWS does not send would refuse every AssumeRoot; IfExists
      // restricts the organization wherever AWS does send it and never breaks the call.
      ...(options.orgId ? { StringEqualsIfExists: { 'aws:ResourceOrgID': options.orgId } } : {}),
    },
  };
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: OPERATOR_SIDS.read, Effect: 'Allow', Action: [...ROOTCTL_READ_ACTIONS], Resource: '*' },
      assumeRoot,
      { Sid: OPERATOR_SIDS.denyDisable, Effect: 'Deny', Action: [...DISABLE_ACTIONS], Resource: '*' },
    ],
  };
}

/** IAM size quotas, counted without whitespace: managed policies 6,144; inline role policies (all together) 10,240. */
export const MANAGED_POLICY_MAX_CHARS = 6144;
export const INLINE_ROLE_POLICY_MAX_CHARS = 10240;

/** A warning when the policy is too large for IAM (long --accounts lists), else undefined. */
export function operatorPolicySizeWarning(policy: IamPolicy): string | undefined {
  const size = JSON.stringify(policy).length;
  if (size <= MANAGED_POLICY_MAX_CHARS) return undefined;
  const where =
    size <= INLINE_ROLE_POLICY_MAX_CHARS
      ? 'fits only as an inline role policy (10,240)'
      : 'is too large even for an inline role policy (10,240)';
  return `the policy is ${size} characters: over the managed-policy quota (6,144); it ${where}. Prefer --org-id to a long --accounts list.`;
}
