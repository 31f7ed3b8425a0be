/**
 * The policies a generated organization holds: its SCPs (FullAWSAccess, deny-leave, the root deny with
 * and without the aws:AssumedRoot exemption), the operator roles' permissions, and the resource
 * policies that lock everyone out of a bucket or queue.
 */
import type { Partition } from '../../core/model/arn.js';
import { exemptRootScpDocument } from '../../core/model/root-scp.js';
import { randomString, type Rng } from '../random.js';
import type { ScenarioPolicy } from './schema.js';

/** The classic SCP that denies everything to any root user - and so breaks root sessions. */
export const blockingScpContent = (partition: Partition): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyRootUser',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { StringLike: { 'aws:PrincipalArn': `arn:${partition}:iam::*:root` } },
      },
    ],
  });
export const BLOCKING_SCP_CONTENT = blockingScpContent('aws');

/** The same intent, written the way AWS recommends: root sessions (aws:AssumedRoot) are exempt. */
export const exemptRootScpContent = (partition: Partition): string =>
  JSON.stringify(exemptRootScpDocument(partition));
export const EXEMPT_ROOT_SCP_CONTENT = exemptRootScpContent('aws');

const FULL_ACCESS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});
const DENY_LEAVE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'DenyLeaveOrg', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
  ],
});

export const OPERATOR_ALLOW = [
  'sts:AssumeRoot',
  'sts:GetCallerIdentity',
  'organizations:Describe*',
  'organizations:List*',
  'iam:ListOrganizationsFeatures',
  'cloudtrail:LookupEvents',
];
export const AUDITOR_ALLOW = OPERATOR_ALLOW.filter((a) => a !== 'sts:AssumeRoot');

/** FullAWSAccess everywhere, deny-leave on the root, the exempting root deny on Prod, maybe the blocking one. */
export function scpPolicies(
  rng: Rng,
  partition: Partition,
  tree: { rootId: string; prod: string; legacy: string },
  allTargets: string[],
  blockingScp: boolean,
): ScenarioPolicy[] {
  const policies: ScenarioPolicy[] = [
    {
      id: 'p-FullAWSAccess',
      name: 'FullAWSAccess',
      description: 'Allows access to every operation',
      type: 'SERVICE_CONTROL_POLICY',
      awsManaged: true,
      content: FULL_ACCESS,
      targets: allTargets,
    },
    {
      id: `p-${randomString(rng, 8, 'lower')}`,
      name: 'DenyLeaveOrganization',
      description: 'Member accounts cannot leave the organization',
      type: 'SERVICE_CONTROL_POLICY',
      awsManaged: false,
      content: DENY_LEAVE,
      targets: [tree.rootId],
    },
    {
      id: `p-${randomString(rng, 8, 'lower')}`,
      name: 'DenyRootUserExceptRootSessions',
      description: 'Root user denied; centralized root sessions exempt',
      type: 'SERVICE_CONTROL_POLICY',
      awsManaged: false,
      content: exemptRootScpContent(partition),
      targets: [tree.prod],
    },
  ];
  if (blockingScp) {
    policies.push({
      id: `p-${randomString(rng, 8, 'lower')}`,
      name: 'DenyRootUser',
      description: 'Deny all actions to the root user',
      type: 'SERVICE_CONTROL_POLICY',
      awsManaged: false,
      content: blockingScpContent(partition),
      targets: [tree.legacy],
    });
  }
  return policies;
}

export function lockoutPolicy(kind: 's3' | 'sqs', accountId: string, partition: Partition): string {
  const resource = kind === 's3' ? `arn:${partition}:s3:::*` : `arn:${partition}:sqs:*:${accountId}:*`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyEveryone',
        Effect: 'Deny',
        Principal: '*',
        Action: kind === 's3' ? 's3:*' : 'sqs:*',
        Resource: resource,
      },
    ],
  });
}
