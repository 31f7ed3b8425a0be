import type { Partition } from './arn.js';

/**
 * The five AWS managed root-task policies. There is no API that lists them, so they are fixed here.
 * `task` is rootctl's name for each, the one every command prints and documents
 * (`guardrails --tasks audit,delete`, `exception open --task unlock-s3-bucket-policy`).
 */
export const TASK_POLICIES = [
  { task: 'audit', name: 'IAMAuditRootUserCredentials' },
  { task: 'delete', name: 'IAMDeleteRootUserCredentials' },
  { task: 'password-recovery', name: 'IAMCreateRootUserPassword' },
  { task: 'unlock-s3-bucket-policy', name: 'S3UnlockBucketPolicy' },
  { task: 'unlock-sqs-queue-policy', name: 'SQSUnlockQueuePolicy' },
] as const;

export type TaskName = (typeof TASK_POLICIES)[number]['task'];
export type TaskPolicyName = (typeof TASK_POLICIES)[number]['name'];

/**
 * Older spellings still accepted wherever a task name is input (`guardrails --tasks` said `unlock-s3`
 * and `unlock-sqs` before the names were made one); never printed.
 */
export const TASK_ALIASES = {
  'unlock-s3': 'unlock-s3-bucket-policy',
  'unlock-sqs': 'unlock-sqs-queue-policy',
} as const satisfies Record<string, TaskName>;
export type TaskAlias = keyof typeof TASK_ALIASES;

/** A task name or one of its aliases as its task name; undefined when it is neither. */
export function canonicalTask(value: string): TaskName | undefined {
  const v = value.trim();
  if (Object.hasOwn(TASK_ALIASES, v)) return TASK_ALIASES[v as TaskAlias];
  return TASK_POLICIES.find((t) => t.task === v)?.task;
}

export function taskPolicyArn(name: TaskPolicyName, partition: Partition = 'aws'): string {
  return `arn:${partition}:iam::aws:policy/root-task/${name}`;
}

export function taskPolicyNameOf(arn: string): TaskPolicyName | undefined {
  const m = /^arn:[a-z-]+:iam::aws:policy\/root-task\/([A-Za-z0-9]+)$/.exec(arn);
  const name = m?.[1];
  return TASK_POLICIES.find((t) => t.name === name)?.name;
}

export function policyForTask(task: TaskName | TaskAlias): TaskPolicyName {
  const name = canonicalTask(task);
  return TASK_POLICIES.find((t) => t.task === name)!.name;
}

/** rootctl's name of a task policy. */
export function taskOfPolicy(name: TaskPolicyName): TaskName {
  return TASK_POLICIES.find((t) => t.name === name)!.task;
}

export const IAM_SERVICE_PRINCIPAL = 'iam.amazonaws.com';
export const ORG_FEATURES = ['RootCredentialsManagement', 'RootSessions'] as const;
export type OrgFeature = (typeof ORG_FEATURES)[number];

/**
 * The organization feature AssumeRoot requires for each task; neither implies the other. Observed on
 * live AWS (radkawar/stackd testdata/aws/iam/root_sessions.json: with only RootCredentialsManagement
 * the three IAM tasks are issued and both unlock tasks refused, with only RootSessions the reverse).
 */
export const TASK_FEATURE: Record<TaskPolicyName, OrgFeature> = {
  IAMAuditRootUserCredentials: 'RootCredentialsManagement',
  IAMDeleteRootUserCredentials: 'RootCredentialsManagement',
  IAMCreateRootUserPassword: 'RootCredentialsManagement',
  S3UnlockBucketPolicy: 'RootSessions',
  SQSUnlockQueuePolicy: 'RootSessions',
};

/** The tasks a feature enables. */
export function tasksOf(feature: OrgFeature): TaskPolicyName[] {
  return TASK_POLICIES.filter((t) => TASK_FEATURE[t.name] === feature).map((t) => t.name);
}
