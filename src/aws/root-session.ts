/**
 * Root sessions: sts:AssumeRoot on the Regional STS endpoint, then the IAM/S3/SQS calls a task allows,
 * with the session's credentials held in memory only (never logged, never stored). Each task's session
 * has only the methods of its port (src/core/ports.ts): the calls its task policy allows.
 */
import {
  CreateLoginProfileCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteSigningCertificateCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListSigningCertificatesCommand,
} from '@aws-sdk/client-iam';
import { DeleteBucketPolicyCommand, GetBucketPolicyCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { AssumeRootCommand } from '@aws-sdk/client-sts';
import type { AccountId } from '../core/model/account-id.js';
import { partitionForRegion } from '../core/model/arn.js';
import { taskPolicyArn, type TaskPolicyName } from '../core/model/task-policies.js';
import type {
  AccessKeyInfo,
  AuditRootSession,
  DeleteRootSession,
  MfaDeviceInfo,
  RootAccountSummary,
  RootSessionInfo,
  RootSessionOpener,
  RootSessions,
  SigningCertificateInfo,
} from '../core/ports.js';
import type { SessionClients, AwsContext } from './clients.js';
import { isAwsError } from './errors.js';
import { awsCall } from './wrap.js';

const iso = (d: Date | undefined) => d?.toISOString();

type Answered = { $metadata?: { requestId?: string } } | undefined;

/**
 * Runs a delete; "already gone" (NoSuchEntity) is reported as false, not as an error. `seen` gets
 * AWS's request id of the answer either way (the journal records it with the step).
 */
async function deleted(
  operation: string,
  fn: () => Promise<unknown>,
  seen: (requestId: string | undefined) => void = () => {},
): Promise<boolean> {
  return awsCall(operation, async () => {
    try {
      seen(((await fn()) as Answered)?.$metadata?.requestId);
      return true;
    } catch (e) {
      if (isAwsError(e, 'NoSuchEntity', 'NoSuchEntityException')) {
        seen((e as Answered)?.$metadata?.requestId);
        return false;
      }
      throw e;
    }
  });
}

/** The SDK clients of one session, and where its delete calls report AWS's request id. */
interface SessionCalls {
  clients: SessionClients;
  seen: (requestId: string | undefined) => void;
}

const ACCOUNT_SUMMARY_KEYS = [
  ['password', 'AccountPasswordPresent'],
  ['accessKeys', 'AccountAccessKeysPresent'],
  ['signingCertificates', 'AccountSigningCertificatesPresent'],
  ['mfa', 'AccountMFAEnabled'],
] as const;

function accountSummary({ clients }: SessionCalls): AuditRootSession['accountSummary'] {
  return () =>
    awsCall('iam:GetAccountSummary', async () => {
      const m: Record<string, number | undefined> =
        (await clients.iam.send(new GetAccountSummaryCommand({}))).SummaryMap ?? {};
      const summary: RootAccountSummary = {};
      for (const [key, awsKey] of ACCOUNT_SUMMARY_KEYS) {
        const v = m[awsKey];
        if (v !== undefined) summary[key] = v > 0;
      }
      return summary;
    });
}

function loginProfile({ clients }: SessionCalls): AuditRootSession['loginProfile'] {
  return () =>
    awsCall('iam:GetLoginProfile', async () => {
      try {
        const p = (await clients.iam.send(new GetLoginProfileCommand({}))).LoginProfile;
        return { createDate: iso(p?.CreateDate) };
      } catch (e) {
        if (isAwsError(e, 'NoSuchEntity')) return undefined;
        throw e;
      }
    });
}

/** An IAM list answer: one page and the marker of the next. */
interface Paged {
  IsTruncated?: boolean | undefined;
  Marker?: string | undefined;
}

/** Every page of a Marker-paged IAM list. */
async function allPages<P extends Paged, T>(
  page: (marker: string | undefined) => Promise<P>,
  items: (p: P) => T[],
): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;
  do {
    const p = await page(marker);
    out.push(...items(p));
    marker = p.IsTruncated ? p.Marker : undefined;
  } while (marker);
  return out;
}

async function withLastUsed(clients: SessionClients, keys: AccessKeyInfo[]): Promise<AccessKeyInfo[]> {
  for (const k of keys) {
    const u = (
      await awsCall('iam:GetAccessKeyLastUsed', () =>
        clients.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.id })),
      )
    ).AccessKeyLastUsed;
    if (u?.LastUsedDate)
      k.lastUsed = {
        date: u.LastUsedDate.toISOString(),
        service: u.ServiceName ?? 'N/A',
        region: u.Region ?? 'N/A',
      };
  }
  return keys;
}

/** iam:ListAccessKeys, ListSigningCertificates, ListMFADevices (all pages). */
function credentialLists({ clients }: SessionCalls) {
  const iamPages = <P extends Paged, T>(
    operation: string,
    send: (Marker: string | undefined) => Promise<P>,
    items: (p: P) => T[],
  ) => allPages((marker) => awsCall(operation, () => send(marker)), items);
  return {
    accessKeys: async (lastUsed: boolean): Promise<AccessKeyInfo[]> => {
      const keys = await iamPages(
        'iam:ListAccessKeys',
        (Marker) => clients.iam.send(new ListAccessKeysCommand({ Marker })),
        (r) =>
          (r.AccessKeyMetadata ?? []).map((k) => ({
            id: k.AccessKeyId!,
            status: (k.Status ?? 'Active') as 'Active' | 'Inactive',
            createDate: iso(k.CreateDate),
            lastUsed: undefined,
          })),
      );
      return lastUsed ? withLastUsed(clients, keys) : keys;
    },
    signingCertificates: (): Promise<SigningCertificateInfo[]> =>
      iamPages(
        'iam:ListSigningCertificates',
        (Marker) => clients.iam.send(new ListSigningCertificatesCommand({ Marker })),
        (r) =>
          (r.Certificates ?? []).map((c) => ({
            id: c.CertificateId!,
            status: (c.Status ?? 'Active') as 'Active' | 'Inactive',
            uploadDate: iso(c.UploadDate),
          })),
      ),
    mfaDevices: (): Promise<MfaDeviceInfo[]> =>
      iamPages(
        'iam:ListMFADevices',
        (Marker) => clients.iam.send(new ListMFADevicesCommand({ Marker })),
        (r) =>
          (r.MFADevices ?? []).map((d) => ({ serialNumber: d.SerialNumber!, enableDate: iso(d.EnableDate) })),
      ),
  };
}

type DeleteCalls = Pick<
  DeleteRootSession,
  'deleteLoginProfile' | 'deleteAccessKey' | 'deleteSigningCertificate' | 'deactivateMfaDevice'
>;

function credentialDeletes({ clients, seen }: SessionCalls): DeleteCalls {
  return {
    deleteLoginProfile: () =>
      deleted('iam:DeleteLoginProfile', () => clients.iam.send(new DeleteLoginProfileCommand({})), seen),
    deleteAccessKey: (id) =>
      deleted(
        'iam:DeleteAccessKey',
        () => clients.iam.send(new DeleteAccessKeyCommand({ AccessKeyId: id })),
        seen,
      ),
    deleteSigningCertificate: (id) =>
      deleted(
        'iam:DeleteSigningCertificate',
        () => clients.iam.send(new DeleteSigningCertificateCommand({ CertificateId: id })),
        seen,
      ),
    deactivateMfaDevice: (serial) =>
      deleted(
        'iam:DeactivateMFADevice',
        () => clients.iam.send(new DeactivateMFADeviceCommand({ SerialNumber: serial })),
        seen,
      ),
  };
}

function allowPasswordRecovery({ clients }: SessionCalls): () => Promise<boolean> {
  return () =>
    awsCall('iam:CreateLoginProfile', async () => {
      try {
        await clients.iam.send(new CreateLoginProfileCommand({}));
        return true;
      } catch (e) {
        if (isAwsError(e, 'EntityAlreadyExists')) return false;
        throw e;
      }
    });
}

function bucketPolicyCalls({ clients }: SessionCalls) {
  return {
    getBucketPolicy: (bucket: string) =>
      awsCall('s3:GetBucketPolicy', async () => {
        try {
          return (await clients.s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy;
        } catch (e) {
          if (isAwsError(e, 'NoSuchBucketPolicy')) return undefined;
          throw e;
        }
      }),
    deleteBucketPolicy: (bucket: string) =>
      awsCall(
        's3:DeleteBucketPolicy',
        async () => void (await clients.s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }))),
      ),
  };
}

function queuePolicyCalls({ clients }: SessionCalls) {
  return {
    getQueuePolicy: (queueUrl: string) =>
      awsCall('sqs:GetQueueAttributes', async () => {
        const r = await clients.sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['Policy'] }),
        );
        const p = r.Attributes?.Policy;
        return p === undefined || p === '' ? undefined : p;
      }),
    deleteQueuePolicy: (queueUrl: string) =>
      awsCall(
        'sqs:SetQueueAttributes',
        async () =>
          void (await clients.sqs.send(
            new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { Policy: '' } }),
          )),
      ),
  };
}

/** The methods of each task's session port, and nothing else: the calls its task policy allows. */
type SessionMethods = { [T in TaskPolicyName]: Omit<RootSessions[T], keyof RootSessionInfo> };
const SESSION_METHODS: { [T in TaskPolicyName]: (calls: SessionCalls) => SessionMethods[T] } = {
  IAMAuditRootUserCredentials: (calls) => ({
    accountSummary: accountSummary(calls),
    loginProfile: loginProfile(calls),
    ...credentialLists(calls),
  }),
  IAMDeleteRootUserCredentials: (calls) => ({
    loginProfile: loginProfile(calls),
    ...credentialLists(calls),
    ...credentialDeletes(calls),
  }),
  IAMCreateRootUserPassword: (calls) => ({
    loginProfile: loginProfile(calls),
    allowPasswordRecovery: allowPasswordRecovery(calls),
  }),
  S3UnlockBucketPolicy: bucketPolicyCalls,
  SQSUnlockQueuePolicy: queuePolicyCalls,
};

export function rootSessionOpener(ctx: AwsContext): RootSessionOpener {
  const partition = partitionForRegion(ctx.region);
  return {
    async open<T extends TaskPolicyName>(
      accountId: AccountId,
      task: T,
      durationSeconds = 900,
    ): Promise<RootSessions[T]> {
      const out = await awsCall('sts:AssumeRoot', () =>
        ctx.sts.send(
          new AssumeRootCommand({
            TargetPrincipal: accountId,
            TaskPolicyArn: { arn: taskPolicyArn(task, partition) },
            DurationSeconds: durationSeconds,
          }),
        ),
      );
      const c = out.Credentials!;
      const clients = ctx.withCredentials({
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken!,
        ...(c.Expiration ? { expiration: c.Expiration } : {}),
      });
      let lastRequestId: string | undefined;
      const methods = SESSION_METHODS[task]({ clients, seen: (id) => void (lastRequestId = id) });
      const info: RootSessionInfo<T> = {
        accountId,
        task,
        accessKeyId: c.AccessKeyId!,
        expiresAt: c.Expiration ?? new Date(Date.now() + durationSeconds * 1000),
        requestId: out.$metadata.requestId,
        get lastRequestId() {
          return lastRequestId;
        },
      };
      // Object.assign keeps the lastRequestId getter live (a spread would copy its value once).
      return Object.assign(info, methods) as unknown as RootSessions[T];
    },
  };
}
