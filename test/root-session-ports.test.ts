/**
 * Each task's root session is its own port (src/core/ports.ts) whose methods make exactly the calls
 * its AWS managed task policy allows: the union of the IAM/S3/SQS actions its methods name equals the
 * policy's allow-list (the NotAction of its DenyAllOtherActionsOnAnyResource statement, as the
 * emulator evaluates it: src/core/model/policy/task-policies.ts, from the published v1 documents in
 * /work/shared/reference/aws-root-access.md section 7), less the few actions rootctl has no use for,
 * each named below with why. A method added to a port makes this fail unless its action is one the
 * policy allows and rootctl did not call before; the real adapter's sessions are held to the ports.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsContext, type AwsContext } from '../src/aws/clients.js';
import { rootSessionOpener } from '../src/aws/root-session.js';
import type { Ports } from '../src/cli/permissions.js';
import type { AccountId } from '../src/core/model/account-id.js';
import { TASK_POLICY_DOCUMENTS } from '../src/core/model/policy/task-policies.js';
import { TASK_POLICIES, type TaskPolicyName } from '../src/core/model/task-policies.js';
import { readPortDocs } from '../src/docs/ports-doc.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { generateScenario } from '../src/emulator/scenario/generate.js';
import { credsOf } from './helpers/emulator-clients.js';

/** The session port of each task (the RootSessions interface of src/core/ports.ts). */
const PORT_OF = {
  IAMAuditRootUserCredentials: 'AuditRootSession',
  IAMDeleteRootUserCredentials: 'DeleteRootSession',
  IAMCreateRootUserPassword: 'PasswordRootSession',
  S3UnlockBucketPolicy: 'S3UnlockSession',
  SQSUnlockQueuePolicy: 'SqsUnlockSession',
} as const satisfies Record<TaskPolicyName, keyof Ports>;

/** Actions a task policy allows that rootctl never calls, and why. */
const NOT_CALLED: Record<TaskPolicyName, Record<string, string>> = {
  IAMAuditRootUserCredentials: {
    'iam:GetUser': 'the audit reads credentials; the user record adds nothing GetAccountSummary lacks',
  },
  IAMDeleteRootUserCredentials: {
    'iam:GetUser': 'the credentials are listed, not the user record',
    'iam:DeleteVirtualMFADevice':
      'always denied in this session: its resource is the mfa/ ARN, not the root user (docs/emulator.md, IAM table)',
  },
  IAMCreateRootUserPassword: {},
  S3UnlockBucketPolicy: {
    's3:PutBucketPolicy': 'rootctl removes a policy; the owner writes the corrected one',
    's3:ListAllMyBuckets': 'the operator names the bucket (--bucket)',
  },
  SQSUnlockQueuePolicy: {
    'sqs:ListQueues': 'the operator names the queue (--queue-url)',
    'sqs:GetQueueUrl': 'the operator names the queue (--queue-url)',
  },
};

const ports = readPortDocs(join(import.meta.dirname, '..', 'src/core/ports.ts'));

/** `Interface.method` -> its actions, for one interface. */
function methodsOf(port: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, doc] of ports)
    if (key.startsWith(`${port}.`)) out.set(key.slice(port.length + 1), doc.actions);
  return out;
}

function allowedBy(task: TaskPolicyName): string[] {
  const statements = [TASK_POLICY_DOCUMENTS[task].Statement].flat();
  const deny = statements.find((s) => s.Sid === 'DenyAllOtherActionsOnAnyResource');
  const allowed = deny?.NotAction;
  expect(allowed, `${task} has no allow-list statement`).toBeDefined();
  return [...(typeof allowed === 'string' ? [allowed] : allowed!)].sort();
}

describe('root session ports', () => {
  it('has one port per task policy', () => {
    expect(Object.keys(PORT_OF).sort()).toEqual(TASK_POLICIES.map((t) => t.name).sort());
  });

  it.each(TASK_POLICIES.map((t) => t.name))(
    '%s: the port makes exactly the calls its task policy allows',
    (task) => {
      const methods = methodsOf(PORT_OF[task]);
      expect(methods.size, `${PORT_OF[task]} declares no method`).toBeGreaterThan(0);
      const called = new Set([...methods.values()].flat());
      const unused = Object.keys(NOT_CALLED[task]);
      expect(
        unused.filter((a) => called.has(a)),
        'a port method now makes a call listed as never made: take it off NOT_CALLED',
      ).toEqual([]);
      expect([...called, ...unused].sort()).toEqual(allowedBy(task));
    },
  );
});

describe('the AWS adapter on the emulator', () => {
  let emu: RunningEmulator;
  let ctx: AwsContext;
  let member: AccountId;

  beforeAll(async () => {
    const scenario = generateScenario({ accounts: 4, seed: 21, state: 'configured' });
    emu = await startEmulator(scenario);
    ctx = createAwsContext({
      endpoint: emu.url,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: credsOf(scenario, 'security'),
    });
    const world = emu.world;
    member = [...world.accounts.values()].find(
      (a) => a.id !== world.org!.managementAccountId && a.status === 'ACTIVE',
    )!.id as AccountId;
  });

  afterAll(async () => {
    ctx?.destroy();
    await emu?.close();
  });

  it.each(TASK_POLICIES.map((t) => t.name))(
    '%s: the session has the port methods and no other',
    async (task) => {
      const session = await rootSessionOpener(ctx).open(member, task);
      const functions = Object.keys(session).filter(
        (k) => typeof (session as unknown as Record<string, unknown>)[k] === 'function',
      );
      expect(functions.sort()).toEqual([...methodsOf(PORT_OF[task]).keys()].sort());
      expect(session.task).toBe(task);
    },
  );
});
