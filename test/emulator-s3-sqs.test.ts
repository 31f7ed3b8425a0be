/**
 * The S3 and SQS unlock tasks through the real SDK: a resource policy that denies everyone locks
 * out the account's admins, and a root session with the matching task policy reads and removes it.
 */
import {
  DeleteBucketPolicyCommand,
  GetBucketPolicyCommand,
  ListBucketsCommand,
  PutBucketPolicyCommand,
} from '@aws-sdk/client-s3';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assumeRoot,
  credsOf,
  emulatorState,
  errorOf,
  members,
  s3Client,
  sqsClient,
  startTestEmulator,
  stateAccount,
  type TestEmulator,
} from './helpers/emulator-clients.js';

const DENY_ALL_S3 = (bucket: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      },
    ],
  });

let t: TestEmulator;
let owner = '';
let other = '';
let bucket = '';
let queue = '';

beforeAll(async () => {
  t = await startTestEmulator({ accounts: 14, seed: 33, state: 'configured' }, (s) => {
    const [a, b] = members(s, (x) => x.name !== 'Security' && !x.name.startsWith('legacy'));
    bucket = `locked-${a!.id}`;
    queue = 'locked-queue';
    a!.buckets = [{ name: bucket, policy: DENY_ALL_S3(bucket) }, { name: `open-${a!.id}` }];
    a!.queues = [
      {
        name: queue,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 'sqs:*',
              Resource: `arn:aws:sqs:us-east-1:${a!.id}:${queue}`,
            },
          ],
        }),
      },
      { name: 'orders' },
    ];
    b!.buckets = [{ name: `other-${b!.id}` }];
    b!.queues = [{ name: 'other-queue' }];
    s.principals.push({
      profile: 'owner-admin',
      accessKeyId: 'ASIAOWNERADMINEXAMP1',
      secretAccessKey: 'ownerAdminSecretKeyExample000000000000',
      sessionToken: 'IQoJownerAdminToken',
      accountId: a!.id,
      kind: 'role',
      roleName: 'Admin',
      sessionName: 'rootctl',
      allow: ['*'],
    });
    [owner, other] = [a!.id, b!.id];
  });
});
afterAll(async () => t.close());

describe('S3 unlock', () => {
  it('locks out the account admin, lets an S3 unlock root session delete the policy, then the admin is back', async () => {
    const admin = s3Client(t.url, credsOf(t.scenario, 'owner-admin'));
    const locked = await errorOf(admin.send(new GetBucketPolicyCommand({ Bucket: bucket })));
    expect(locked.name).toBe('AccessDenied');
    expect(locked.$metadata?.httpStatusCode).toBe(403);

    const root = s3Client(
      t.url,
      await assumeRoot(t.url, credsOf(t.scenario, 'security'), owner, 'S3UnlockBucketPolicy'),
    );
    const listed = await root.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((b) => b.Name).sort()).toEqual(
      (await stateAccount(t.url, owner)).buckets.map((b) => b.name).sort(),
    );
    expect(listed.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    const policy = await root.send(new GetBucketPolicyCommand({ Bucket: bucket }));
    expect(policy.Policy).toBe(
      (await stateAccount(t.url, owner)).buckets.find((b) => b.name === bucket)!.policy,
    );

    const deleted = await root.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect((await stateAccount(t.url, owner)).buckets.find((b) => b.name === bucket)!.policy).toBeUndefined();
    const none = await errorOf(root.send(new GetBucketPolicyCommand({ Bucket: bucket })));
    expect(none.name).toBe('NoSuchBucketPolicy');
    expect(none.$metadata?.httpStatusCode).toBe(404);
    // The admin is no longer locked out: it now learns there is no policy.
    expect((await errorOf(admin.send(new GetBucketPolicyCommand({ Bucket: bucket })))).name).toBe(
      'NoSuchBucketPolicy',
    );
    const trail = (await emulatorState(t.url)).events.find(
      (e) => e.eventName === 'DeleteBucketPolicy' && !e.errorCode,
    )!;
    expect(trail).toMatchObject({
      eventSource: 's3.amazonaws.com',
      recipientAccountId: owner,
      requestParameters: { bucketName: bucket },
      userIdentity: { type: 'Root' },
    });
  });

  it('re-locks with PutBucketPolicy and rejects a malformed policy', async () => {
    const root = s3Client(
      t.url,
      await assumeRoot(t.url, credsOf(t.scenario, 'security'), owner, 'S3UnlockBucketPolicy'),
    );
    const doc = DENY_ALL_S3(bucket);
    await root.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: doc }));
    expect((await stateAccount(t.url, owner)).buckets.find((b) => b.name === bucket)!.policy).toBe(doc);
    expect(
      (await errorOf(root.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: 'not json' })))).name,
    ).toBe('MalformedPolicy');
    expect(
      (
        await errorOf(
          s3Client(t.url, credsOf(t.scenario, 'owner-admin')).send(
            new GetBucketPolicyCommand({ Bucket: bucket }),
          ),
        )
      ).name,
    ).toBe('AccessDenied');
  });

  it("answers NoSuchBucket for unknown buckets and AccessDenied for another account's bucket", async () => {
    const root = s3Client(
      t.url,
      await assumeRoot(t.url, credsOf(t.scenario, 'security'), owner, 'S3UnlockBucketPolicy'),
    );
    const missing = await errorOf(
      root.send(new GetBucketPolicyCommand({ Bucket: 'no-such-bucket-anywhere' })),
    );
    expect(missing.name).toBe('NoSuchBucket');
    expect(missing.$metadata?.httpStatusCode).toBe(404);
    expect((await errorOf(root.send(new DeleteBucketPolicyCommand({ Bucket: `other-${other}` })))).name).toBe(
      'AccessDenied',
    );
    expect((await root.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).not.toContain(
      `other-${other}`,
    );
  });
});

describe('SQS unlock', () => {
  it('locks out the account admin, lets an SQS unlock root session clear the policy, then the admin is back', async () => {
    const admin = sqsClient(t.url, credsOf(t.scenario, 'owner-admin'));
    const denied = await errorOf(admin.send(new GetQueueUrlCommand({ QueueName: queue })));
    expect(denied.name).toBe('AccessDenied');

    const root = sqsClient(
      t.url,
      await assumeRoot(t.url, credsOf(t.scenario, 'security'), owner, 'SQSUnlockQueuePolicy'),
    );
    const listed = await root.send(new ListQueuesCommand({}));
    expect(listed.QueueUrls?.map((u) => u.split('/').pop()).sort()).toEqual(
      (await stateAccount(t.url, owner)).queues.map((q) => q.name).sort(),
    );
    const { QueueUrl } = await root.send(new GetQueueUrlCommand({ QueueName: queue }));
    expect(QueueUrl).toBe(`${t.url}/${owner}/${queue}`);
    const before = await root.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }));
    expect(before.Attributes?.Policy).toBe(
      (await stateAccount(t.url, owner)).queues.find((q) => q.name === queue)!.policy,
    );
    const all = await root.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    expect(all.Attributes).toMatchObject({
      QueueArn: `arn:aws:sqs:us-east-1:${owner}:${queue}`,
      Policy: before.Attributes!.Policy,
    });

    await root.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: '' } }));
    expect((await stateAccount(t.url, owner)).queues.find((q) => q.name === queue)!.policy).toBeUndefined();
    const after = await root.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy'] }));
    expect(after.Attributes?.Policy).toBeUndefined();
    expect((await admin.send(new GetQueueUrlCommand({ QueueName: queue }))).QueueUrl).toBe(QueueUrl);
  });

  it("answers QueueDoesNotExist, InvalidAttributeName and AccessDenied across accounts with the SDK's names", async () => {
    const root = sqsClient(
      t.url,
      await assumeRoot(t.url, credsOf(t.scenario, 'security'), owner, 'SQSUnlockQueuePolicy'),
    );
    const missing = await errorOf(root.send(new GetQueueUrlCommand({ QueueName: 'nope' })));
    expect(missing.name).toBe('QueueDoesNotExist');
    expect(missing.$metadata?.httpStatusCode).toBe(400);
    expect(
      (
        await errorOf(
          root.send(
            new GetQueueAttributesCommand({ QueueUrl: `${t.url}/${owner}/nope`, AttributeNames: ['Policy'] }),
          ),
        )
      ).name,
    ).toBe('QueueDoesNotExist');
    expect(
      (
        await errorOf(
          root.send(
            new GetQueueAttributesCommand({
              QueueUrl: `${t.url}/${owner}/orders`,
              AttributeNames: ['Bogus' as 'All'],
            }),
          ),
        )
      ).name,
    ).toBe('InvalidAttributeName');
    expect(
      (
        await errorOf(
          root.send(
            new SetQueueAttributesCommand({
              QueueUrl: `${t.url}/${owner}/orders`,
              Attributes: { Policy: '{not json' },
            }),
          ),
        )
      ).name,
    ).toBe('InvalidAttributeValue');
    // The SQS task policy denies GetQueueAttributes on queues of other accounts (aws:ResourceAccount).
    const cross = await errorOf(
      root.send(
        new GetQueueAttributesCommand({
          QueueUrl: `${t.url}/${other}/other-queue`,
          AttributeNames: ['Policy'],
        }),
      ),
    );
    expect(cross.name).toBe('AccessDenied');
    expect(cross.message).toContain('with an explicit deny in a session policy');
  });

  it('keeps working when the SDK takes the endpoint from the QueueUrl', async () => {
    const creds = await assumeRoot(t.url, credsOf(t.scenario, 'security'), owner, 'SQSUnlockQueuePolicy');
    const quiet = { debug() {}, info() {}, warn() {}, error() {}, trace() {} };
    // No endpoint configured: the SQS client would go to sqs.us-east-1.amazonaws.com, but it sends
    // requests that carry a QueueUrl to that URL's origin - the emulator.
    const client = new SQSClient({ region: 'us-east-1', credentials: creds, maxAttempts: 1, logger: quiet });
    const out = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: `${t.url}/${owner}/orders`, AttributeNames: ['QueueArn'] }),
    );
    expect(out.Attributes?.QueueArn).toBe(`arn:aws:sqs:us-east-1:${owner}:orders`);
  });
});
