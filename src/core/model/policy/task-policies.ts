/**
 * The published v1 documents of the five AWS managed root-task policies (deny-only). The emulator
 * evaluates root sessions against them; guardrails and docs quote them.
 */
import type { TaskPolicyName } from '../task-policies.js';
import type { Partition } from '../arn.js';
import type { PolicyDocument } from './evaluate.js';

/** The documents as AWS publishes them in the commercial partition (the one the emulator serves). */
const PUBLISHED_IN: Partition = 'aws';
const ANY_ROOT_USER = `arn:${PUBLISHED_IN}:iam::*:root`;

const AUDIT = [
  'iam:ListAccessKeys',
  'iam:ListSigningCertificates',
  'iam:GetLoginProfile',
  'iam:ListMFADevices',
  'iam:GetUser',
  'iam:GetAccessKeyLastUsed',
];
const DELETE = [
  'iam:DeleteAccessKey',
  'iam:DeleteSigningCertificate',
  'iam:DeleteLoginProfile',
  'iam:DeactivateMFADevice',
  'iam:DeleteVirtualMFADevice',
  'iam:ListAccessKeys',
  'iam:ListSigningCertificates',
  'iam:GetLoginProfile',
  'iam:ListMFADevices',
  'iam:GetUser',
  'iam:GetAccessKeyLastUsed',
];
const S3 = ['s3:DeleteBucketPolicy', 's3:PutBucketPolicy', 's3:GetBucketPolicy', 's3:ListAllMyBuckets'];
const SQS = ['sqs:SetQueueAttributes', 'sqs:GetQueueAttributes', 'sqs:ListQueues', 'sqs:GetQueueUrl'];

export const TASK_POLICY_DOCUMENTS: Record<TaskPolicyName, PolicyDocument> = {
  IAMAuditRootUserCredentials: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyAllOtherActionsOnAnyResource',
        Effect: 'Deny',
        Resource: '*',
        NotAction: [
          'iam:ListAccessKeys',
          'iam:ListSigningCertificates',
          'iam:GetLoginProfile',
          'iam:ListMFADevices',
          'iam:GetAccountSummary',
          'iam:GetUser',
          'iam:GetAccessKeyLastUsed',
        ],
      },
      {
        Sid: 'DenyAuditingCredentialsOnNonRootUserResource',
        Effect: 'Deny',
        NotResource: ANY_ROOT_USER,
        Action: AUDIT,
      },
    ],
  },
  IAMCreateRootUserPassword: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyAllOtherActionsOnAnyResource',
        Effect: 'Deny',
        Resource: '*',
        NotAction: ['iam:CreateLoginProfile', 'iam:GetLoginProfile'],
      },
      {
        Sid: 'DenyCreatingPasswordOnNonRootUserResource',
        Effect: 'Deny',
        NotResource: ANY_ROOT_USER,
        Action: ['iam:CreateLoginProfile', 'iam:GetLoginProfile'],
      },
    ],
  },
  IAMDeleteRootUserCredentials: {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'DenyAllOtherActionsOnAnyResource', Effect: 'Deny', Resource: '*', NotAction: DELETE },
      {
        Sid: 'DenyDeletingRootUserCredentialsOnNonRootUserResource',
        Effect: 'Deny',
        NotResource: ANY_ROOT_USER,
        Action: DELETE,
      },
    ],
  },
  S3UnlockBucketPolicy: {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'DenyAllOtherActionsOnAnyResource', Effect: 'Deny', Resource: '*', NotAction: S3 },
      {
        Sid: 'DenyManagingBucketPolicyForNonRootCallers',
        Effect: 'Deny',
        Resource: '*',
        Action: S3,
        Condition: { StringNotLike: { 'aws:PrincipalArn': ANY_ROOT_USER } },
      },
    ],
  },
  SQSUnlockQueuePolicy: {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'DenyAllOtherActionsOnAnyResource', Effect: 'Deny', Resource: '*', NotAction: SQS },
      {
        Sid: 'DenyGettingQueueAttributesOnNonOwnQueue',
        Effect: 'Deny',
        Resource: `arn:${PUBLISHED_IN}:sqs:*:*:*`,
        Action: ['sqs:GetQueueAttributes'],
        Condition: { StringNotEqualsIfExists: { 'aws:ResourceAccount': ['${aws:PrincipalAccount}'] } },
      },
      {
        Sid: 'DenyActionsForNonRootUser',
        Effect: 'Deny',
        Resource: '*',
        Action: SQS,
        Condition: { StringNotLike: { 'aws:PrincipalArn': ANY_ROOT_USER } },
      },
    ],
  },
};

const inPartition = new Map<string, PolicyDocument>();

/**
 * A task policy as it stands in a partition: AWS managed policies are published in each partition
 * with that partition's ARNs (arn:aws-us-gov:iam::*:root in GovCloud); the statements are the same.
 */
export function taskPolicyDocument(name: TaskPolicyName, partition: Partition): PolicyDocument {
  if (partition === PUBLISHED_IN) return TASK_POLICY_DOCUMENTS[name];
  const key = `${partition}/${name}`;
  let doc = inPartition.get(key);
  if (!doc) {
    const text = JSON.stringify(TASK_POLICY_DOCUMENTS[name]).replaceAll(
      `arn:${PUBLISHED_IN}:`,
      `arn:${partition}:`,
    );
    doc = JSON.parse(text) as PolicyDocument;
    inPartition.set(key, doc);
  }
  return doc;
}
