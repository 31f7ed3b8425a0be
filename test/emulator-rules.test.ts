/**
 * The enforcement rules of root sessions, each shown allowed and refused through the real SDK:
 * inside a root session only the actions of its task policy succeed, and sessions expire.
 * SCPs: emulator-rules-scp.test.ts.
 */
import {
  CreateLoginProfileCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteSigningCertificateCommand,
  DeleteVirtualMFADeviceCommand,
  EnableOrganizationsRootSessionsCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListOrganizationsFeaturesCommand,
  ListSigningCertificatesCommand,
  ListVirtualMFADevicesCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
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
} from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskPolicyName } from '../src/core/model/task-policies.js';
import {
  adminPost,
  assumeRoot,
  credsOf,
  errorOf,
  iamClient,
  members,
  s3Client,
  sqsClient,
  startTestEmulator,
  stsClient,
  type Creds,
  type TestEmulator,
} from './helpers/emulator-clients.js';

type Call = (c: Creds, url: string, account: string) => Promise<unknown>;
const FAKE_KEY = 'AKIADOESNOTEXIST0001';

/** Every call a root session might try; ids that do not exist keep allowed calls side-effect free. */
const CALLS: Record<string, Call> = {
  'iam:GetAccountSummary': (c, u) => iamClient(u, c).send(new GetAccountSummaryCommand({})),
  'iam:GetUser': (c, u) => iamClient(u, c).send(new GetUserCommand({})),
  'iam:GetLoginProfile': (c, u) => iamClient(u, c).send(new GetLoginProfileCommand({})),
  'iam:ListAccessKeys': (c, u) => iamClient(u, c).send(new ListAccessKeysCommand({})),
  'iam:GetAccessKeyLastUsed': (c, u) =>
    iamClient(u, c).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: FAKE_KEY })),
  'iam:ListSigningCertificates': (c, u) => iamClient(u, c).send(new ListSigningCertificatesCommand({})),
  'iam:ListMFADevices': (c, u) => iamClient(u, c).send(new ListMFADevicesCommand({})),
  'iam:DeleteLoginProfile': (c, u) => iamClient(u, c).send(new DeleteLoginProfileCommand({})),
  'iam:DeleteAccessKey': (c, u) =>
    iamClient(u, c).send(new DeleteAccessKeyCommand({ AccessKeyId: FAKE_KEY })),
  'iam:DeleteSigningCertificate': (c, u) =>
    iamClient(u, c).send(
      new DeleteSigningCertificateCommand({ CertificateId: 'CERTDOESNOTEXIST00000000001' }),
    ),
  'iam:DeactivateMFADevice': (c, u, a) =>
    iamClient(u, c).send(new DeactivateMFADeviceCommand({ SerialNumber: `arn:aws:iam::${a}:mfa/not-there` })),
  'iam:DeleteVirtualMFADevice': (c, u, a) =>
    iamClient(u, c).send(
      new DeleteVirtualMFADeviceCommand({ SerialNumber: `arn:aws:iam::${a}:mfa/not-there` }),
    ),
  'iam:CreateLoginProfile': (c, u) => iamClient(u, c).send(new CreateLoginProfileCommand({})),
  'iam:UpdateAccessKey': (c, u) =>
    iamClient(u, c).send(new UpdateAccessKeyCommand({ AccessKeyId: FAKE_KEY, Status: 'Inactive' })),
  'iam:ListVirtualMFADevices': (c, u) => iamClient(u, c).send(new ListVirtualMFADevicesCommand({})),
  'iam:ListOrganizationsFeatures': (c, u) => iamClient(u, c).send(new ListOrganizationsFeaturesCommand({})),
  'iam:EnableOrganizationsRootSessions': (c, u) =>
    iamClient(u, c).send(new EnableOrganizationsRootSessionsCommand({})),
  's3:ListAllMyBuckets': (c, u) => s3Client(u, c).send(new ListBucketsCommand({})),
  's3:GetBucketPolicy': (c, u) =>
    s3Client(u, c).send(new GetBucketPolicyCommand({ Bucket: 'no-such-bucket-rules' })),
  's3:PutBucketPolicy': (c, u) =>
    s3Client(u, c).send(
      new PutBucketPolicyCommand({ Bucket: 'no-such-bucket-rules', Policy: '{"Statement":[]}' }),
    ),
  's3:DeleteBucketPolicy': (c, u) =>
    s3Client(u, c).send(new DeleteBucketPolicyCommand({ Bucket: 'no-such-bucket-rules' })),
  'sqs:ListQueues': (c, u) => sqsClient(u, c).send(new ListQueuesCommand({})),
  'sqs:GetQueueUrl': (c, u) => sqsClient(u, c).send(new GetQueueUrlCommand({ QueueName: 'no-such-queue' })),
  'sqs:GetQueueAttributes': (c, u, a) =>
    sqsClient(u, c).send(
      new GetQueueAttributesCommand({ QueueUrl: `${u}/${a}/no-such-queue`, AttributeNames: ['Policy'] }),
    ),
  'sqs:SetQueueAttributes': (c, u, a) =>
    sqsClient(u, c).send(
      new SetQueueAttributesCommand({ QueueUrl: `${u}/${a}/no-such-queue`, Attributes: { Policy: '' } }),
    ),
};

/** Section 7 of the reference: what each task policy leaves allowed (DeleteVirtualMFADevice is listed but its mfa resource is denied). */
const ALLOWED: Record<TaskPolicyName, string[]> = {
  IAMAuditRootUserCredentials: [
    'iam:GetAccountSummary',
    'iam:GetUser',
    'iam:GetLoginProfile',
    'iam:ListAccessKeys',
    'iam:GetAccessKeyLastUsed',
    'iam:ListSigningCertificates',
    'iam:ListMFADevices',
  ],
  IAMDeleteRootUserCredentials: [
    'iam:GetUser',
    'iam:GetLoginProfile',
    'iam:ListAccessKeys',
    'iam:GetAccessKeyLastUsed',
    'iam:ListSigningCertificates',
    'iam:ListMFADevices',
    'iam:DeleteLoginProfile',
    'iam:DeleteAccessKey',
    'iam:DeleteSigningCertificate',
    'iam:DeactivateMFADevice',
  ],
  IAMCreateRootUserPassword: ['iam:GetLoginProfile', 'iam:CreateLoginProfile'],
  S3UnlockBucketPolicy: [
    's3:ListAllMyBuckets',
    's3:GetBucketPolicy',
    's3:PutBucketPolicy',
    's3:DeleteBucketPolicy',
  ],
  SQSUnlockQueuePolicy: [
    'sqs:ListQueues',
    'sqs:GetQueueUrl',
    'sqs:GetQueueAttributes',
    'sqs:SetQueueAttributes',
  ],
};

/** 'allowed' when the call got past authorization (success, or NoSuchEntity and the like). */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'allowed';
  } catch (e) {
    const err = e as Error;
    return err.name === 'AccessDenied' ? `denied: ${err.message}` : 'allowed';
  }
}

describe("inside a root session only the task policy's actions succeed", () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator({ accounts: 12, seed: 9, state: 'configured' });
  });
  afterAll(async () => t.close());

  it.each(Object.keys(ALLOWED) as TaskPolicyName[])('%s', async (task) => {
    const target = members(t.scenario, (a) => a.name !== 'Security')[0]!.id;
    const session = await assumeRoot(t.url, credsOf(t.scenario, 'security'), target, task);
    const results: Record<string, string> = {};
    for (const [action, call] of Object.entries(CALLS))
      results[action] = await outcome(call(session, t.url, target));
    for (const [action, result] of Object.entries(results)) {
      if (ALLOWED[task].includes(action)) expect(result, action).toBe('allowed');
      else
        expect(result, action).toMatch(
          new RegExp(
            `^denied: User: arn:aws:iam::${target}:root is not authorized to perform: ${action} on resource: .+ with an explicit deny in a session policy$`,
          ),
        );
    }
    // GetCallerIdentity needs no permission: it works in every session.
    expect((await stsClient(t.url, session).send(new GetCallerIdentityCommand({}))).Account).toBe(target);
  });
});

describe('root sessions expire', () => {
  it("refuses a session's credentials with ExpiredToken once its duration has passed, in every service", async () => {
    const t = await startTestEmulator({ accounts: 8, seed: 4, state: 'configured' });
    try {
      const target = members(t.scenario, (a) => a.name !== 'Security')[0]!.id;
      const caller = credsOf(t.scenario, 'security');
      const long = await assumeRoot(t.url, caller, target, 'IAMAuditRootUserCredentials');
      const short = await assumeRoot(t.url, caller, target, 'IAMAuditRootUserCredentials', 300);
      await iamClient(t.url, short).send(new ListAccessKeysCommand({}));
      await adminPost(t.url, 'clock', { advanceSeconds: 301 });
      const e = await errorOf(iamClient(t.url, short).send(new ListAccessKeysCommand({})));
      expect(e.name).toBe('ExpiredToken');
      expect(e.$metadata?.httpStatusCode).toBe(400);
      await expect(iamClient(t.url, long).send(new ListAccessKeysCommand({}))).resolves.toBeDefined();
      await adminPost(t.url, 'clock', { advanceSeconds: 600 });
      expect((await errorOf(iamClient(t.url, long).send(new ListAccessKeysCommand({})))).name).toBe(
        'ExpiredToken',
      );
      expect((await errorOf(stsClient(t.url, long).send(new GetCallerIdentityCommand({})))).name).toBe(
        'ExpiredToken',
      );
      const s3 = await assumeRoot(t.url, caller, target, 'S3UnlockBucketPolicy');
      const sqs = await assumeRoot(t.url, caller, target, 'SQSUnlockQueuePolicy');
      await adminPost(t.url, 'clock', { advanceSeconds: 901 });
      expect((await errorOf(s3Client(t.url, s3).send(new ListBucketsCommand({})))).name).toBe('ExpiredToken');
      expect((await errorOf(sqsClient(t.url, sqs).send(new ListQueuesCommand({})))).name).toBe(
        'ExpiredToken',
      );
    } finally {
      await t.close();
    }
  });
});
