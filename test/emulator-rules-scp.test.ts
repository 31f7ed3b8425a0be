/**
 * SCPs are evaluated for root sessions, through the real SDK: attached to the root, an OU (including
 * a parent OU) or the account, the classic "deny the root user" SCP breaks every root task with AWS's
 * explicit-deny message, while the aws:AssumedRoot-exempt version does not; SCPs also apply to the
 * delegated admin calling AssumeRoot, never to the management account.
 */
import { GetAccountSummaryCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskPolicyName } from '../src/core/model/task-policies.js';
import { BLOCKING_SCP_CONTENT, EXEMPT_ROOT_SCP_CONTENT } from '../src/emulator/scenario/generate.js';
import type { Scenario } from '../src/emulator/scenario/schema.js';
import {
  assumeRoot,
  credsOf,
  errorOf,
  iamClient,
  members,
  ouId,
  s3Client,
  sqsClient,
  startTestEmulator,
  type Creds,
  type TestEmulator,
} from './helpers/emulator-clients.js';
import { addScp as addScenarioScp } from './helpers/scenario-env.js';

function addScp(s: Scenario, name: string, content: string, targets: string[]): string {
  const id = `p-${name
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .padEnd(8, '0')
    .slice(0, 12)}`;
  addScenarioScp(s, id, name, content, targets);
  return id;
}

/** Sessions for four tasks each try one call in `account`; returns the AccessDenied messages. */
async function tryRootTasks(t: TestEmulator, account: string): Promise<string[]> {
  const caller = credsOf(t.scenario, 'security');
  const tries: [TaskPolicyName, (c: Creds) => Promise<unknown>][] = [
    ['IAMAuditRootUserCredentials', (c) => iamClient(t.url, c).send(new GetAccountSummaryCommand({}))],
    ['IAMDeleteRootUserCredentials', (c) => iamClient(t.url, c).send(new ListAccessKeysCommand({}))],
    ['S3UnlockBucketPolicy', (c) => s3Client(t.url, c).send(new ListBucketsCommand({}))],
    ['SQSUnlockQueuePolicy', (c) => sqsClient(t.url, c).send(new ListQueuesCommand({}))],
  ];
  const failures: string[] = [];
  for (const [task, call] of tries) {
    const session = await assumeRoot(t.url, caller, account, task); // AssumeRoot itself is not blocked
    try {
      await call(session);
    } catch (e) {
      const err = e as Error;
      failures.push(err.name === 'AccessDenied' ? `denied: ${err.message}` : `${err.name}: ${err.message}`);
    }
  }
  return failures;
}

describe('SCPs are evaluated for root sessions', () => {
  let t: TestEmulator;
  const ids = { direct: '', nested: '', exempt: '', free: '', policy: '', ouPolicy: '' };
  beforeAll(async () => {
    t = await startTestEmulator({ accounts: 14, seed: 12, state: 'configured' }, (s) => {
      const [a, b, c, d] = members(s, (x) => x.name !== 'Security' && x.parentId !== ouId(s, 'Legacy'));
      a!.parentId = ouId(s, 'Infrastructure');
      b!.parentId = ouId(s, 'Sandbox'); // Sandbox is inside Dev, where the OU-level SCP is attached
      c!.parentId = ouId(s, 'Prod'); // Prod carries the generator's aws:AssumedRoot-exempt SCP
      d!.parentId = ouId(s, 'Infrastructure');
      ids.policy = addScp(s, 'DenyRootOnAccount', BLOCKING_SCP_CONTENT, [a!.id]);
      ids.ouPolicy = addScp(s, 'DenyRootOnDev', BLOCKING_SCP_CONTENT, [ouId(s, 'Dev')]);
      [ids.direct, ids.nested, ids.exempt, ids.free] = [a!.id, b!.id, c!.id, d!.id];
    });
  });
  afterAll(async () => t.close());

  const scpArn = (policyId: string) =>
    `arn:aws:organizations::${t.scenario.organization!.managementAccountId}:policy/${t.scenario.organization!.id}/service_control_policy/${policyId}`;

  it('blocks every root task in an account the deny-root SCP is attached to, with the explicit-deny message', async () => {
    const failures = await tryRootTasks(t, ids.direct);
    expect(failures).toHaveLength(4);
    for (const f of failures)
      expect(f).toMatch(
        new RegExp(
          `^denied: User: arn:aws:iam::${ids.direct}:root is not authorized to perform: \\S+ on resource: \\S+ with an explicit deny in a service control policy: ${scpArn(ids.policy)}$`,
        ),
      );
  });

  it('blocks accounts anywhere below an OU it is attached to', async () => {
    const failures = await tryRootTasks(t, ids.nested);
    expect(failures).toHaveLength(4);
    expect(failures[0]).toContain(scpArn(ids.ouPolicy));
  });

  it('does not block the aws:AssumedRoot-exempt version, nor accounts outside its targets', async () => {
    expect(await tryRootTasks(t, ids.exempt)).toEqual([]);
    expect(await tryRootTasks(t, ids.free)).toEqual([]);
  });
});

describe('SCPs attached to the root', () => {
  it('block every member with the classic deny-root SCP, and none with the exempt one', async () => {
    for (const [content, blocked] of [
      [BLOCKING_SCP_CONTENT, true],
      [EXEMPT_ROOT_SCP_CONTENT, false],
    ] as const) {
      const t = await startTestEmulator(
        { accounts: 10, seed: 3, state: 'configured' },
        (s) => void addScp(s, 'RootLevel', content, [s.organization!.rootId]),
      );
      try {
        for (const m of members(t.scenario, (a) => a.name !== 'Security').slice(0, 3)) {
          expect((await tryRootTasks(t, m.id)).length, m.id).toBe(blocked ? 4 : 0);
        }
      } finally {
        await t.close();
      }
    }
  });

  it('apply to the delegated admin calling AssumeRoot, never to the management account', async () => {
    const denyAssumeRoot = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRoot', Resource: '*' }],
    });
    let policyId = '';
    const t = await startTestEmulator(
      { accounts: 10, seed: 3, state: 'configured' },
      (s) => void (policyId = addScp(s, 'NoAssumeRoot', denyAssumeRoot, [s.organization!.rootId])),
    );
    try {
      const target = members(t.scenario, (a) => a.name !== 'Security')[0]!.id;
      const e = await errorOf(
        assumeRoot(t.url, credsOf(t.scenario, 'security'), target, 'IAMAuditRootUserCredentials'),
      );
      expect(e.name).toBe('AccessDenied');
      // AssumeRoot's refusals name no reason on live AWS, even for an explicit deny (radkawar/stackd
      // testdata/aws/iam/root_access.json); the SCP shows only in that it is the management account's
      // calls that still go through.
      expect(e.message).toMatch(
        /^User: \S+ is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::\d{12}:root$/,
      );
      expect(policyId).toMatch(/^p-/);
      await expect(
        assumeRoot(t.url, credsOf(t.scenario, 'management'), target, 'IAMAuditRootUserCredentials'),
      ).resolves.toBeDefined();
    } finally {
      await t.close();
    }
  });
});
