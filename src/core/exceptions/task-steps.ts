/**
 * What opening an exception does, per task: one entry each, naming the task's root session, the read
 * that shows the target's state, the change and how reading back proves it in effect. open.ts runs
 * the entries; the inputs each task needs (its target) are checked by exceptionTarget in rules.ts.
 */
import type { JournalAction } from '../execute/types.js';
import type { AccountId } from '../model/account-id.js';
import type { TaskPolicyName } from '../model/task-policies.js';
import type { RootSessionOpener } from '../ports.js';
import { EXCEPTION_TASK_POLICY, type ExceptionTask } from './rules.js';

/** The target's state as the task's session reads it. */
export interface TargetState {
  /** Unlock tasks: the resource policy, undefined when there is none. */
  policy?: string | undefined;
  /** Password recovery: whether the root user has a login profile. */
  loginProfile?: boolean | undefined;
}

/** The calls an exception makes in its task's root session (and no other: the session port has no more). */
export interface TaskCalls {
  accessKeyId: string;
  read(target: string): Promise<TargetState>;
  /** Makes the change; false when nothing had to change (a login profile already existed). */
  change(target: string): Promise<boolean>;
}

export interface ExceptionTaskSteps {
  taskPolicy: TaskPolicyName;
  /** The journal action of the read that saves the policy before the change; none for password recovery. */
  saveAction: JournalAction | undefined;
  changeAction: JournalAction;
  open(opener: RootSessionOpener, accountId: AccountId): Promise<TaskCalls>;
  /** Whether the state read back shows the change in effect. */
  inEffect(state: TargetState): boolean;
}

export const EXCEPTION_TASK_STEPS: Record<ExceptionTask, ExceptionTaskSteps> = {
  'password-recovery': {
    taskPolicy: EXCEPTION_TASK_POLICY['password-recovery'],
    saveAction: undefined,
    changeAction: 'CreateLoginProfile',
    open: async (opener, accountId) => {
      const s = await opener.open(accountId, 'IAMCreateRootUserPassword');
      return {
        accessKeyId: s.accessKeyId,
        read: async () => ({ loginProfile: (await s.loginProfile()) !== undefined }),
        change: () => s.allowPasswordRecovery(),
      };
    },
    inEffect: (state) => state.loginProfile === true,
  },
  'unlock-s3-bucket-policy': {
    taskPolicy: EXCEPTION_TASK_POLICY['unlock-s3-bucket-policy'],
    saveAction: 'GetBucketPolicy',
    changeAction: 'DeleteBucketPolicy',
    open: async (opener, accountId) => {
      const s = await opener.open(accountId, 'S3UnlockBucketPolicy');
      return {
        accessKeyId: s.accessKeyId,
        read: async (bucket) => ({ policy: await s.getBucketPolicy(bucket) }),
        change: (bucket) => s.deleteBucketPolicy(bucket).then(() => true),
      };
    },
    inEffect: (state) => state.policy === undefined,
  },
  'unlock-sqs-queue-policy': {
    taskPolicy: EXCEPTION_TASK_POLICY['unlock-sqs-queue-policy'],
    saveAction: 'GetQueuePolicy',
    changeAction: 'DeleteQueuePolicy',
    open: async (opener, accountId) => {
      const s = await opener.open(accountId, 'SQSUnlockQueuePolicy');
      return {
        accessKeyId: s.accessKeyId,
        read: async (queueUrl) => ({ policy: await s.getQueuePolicy(queueUrl) }),
        change: (queueUrl) => s.deleteQueuePolicy(queueUrl).then(() => true),
      };
    },
    inEffect: (state) => state.policy === undefined,
  },
};
