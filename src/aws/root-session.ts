/**
 * Root sessions: sts:AssumeRoot on the Regional STS endpoint, then the IAM/S3/SQS calls a task allows,
 * with the session's credentials held in memory only (never logged, never stored).
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
import type { AccessKeyInfo, RootSession, RootSessionOpener } from '../core/ports.js';
import type { AwsContext } from './clients.js';
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

export function rootSessionOpener(ctx: AwsContext): RootSessionOpener {
  const partition = partitionForRegion(ctx.region);
  return {
    async open(accountId: AccountId, task: TaskPolicyName, durationSeconds = 900): Promise<RootSession> {
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
      const seen = (id: string | undefined) => void (lastRequestId = id);
      return {
        accountId,
        task,
        accessKeyId: c.AccessKeyId!,
        expiresAt: c.Expiration ?? new Date(Date.now() + durationSeconds * 1000),
        requestId: out.$metadata.requestId,
        get lastRequestId() {
          return lastRequestId;
        },
        accountSummary: () =>
          awsCall('iam:GetAccountSummary', async () => {
            const m: Record<string, number | undefined> =
              (await clients.iam.send(new GetAccountSummaryCommand({}))).SummaryMap ?? {};
            const flag = (k: string) => {
              const v = m[k];
              return v === undefined ? undefined : v > 0;
            };
            const r: {
              password?: boolean;
              accessKeys?: boolean;
              signingCertificates?: boolean;
              mfa?: boolean;
            } = {};
            const set = (key: keyof typeof r, k: string) => {
              const v = flag(k);
              if (v !== undefined) r[key] = v;
            };
            set('password', 'AccountPasswordPresent');
            set('accessKeys', 'AccountAccessKeysPresent');
            set('signingCertificates', 'AccountSigningCertificatesPresent');
            set('mfa', 'AccountMFAEnabled');
            return r;
          }),
        loginProfile: () =>
          awsCall('iam:GetLoginProfile', async () => {
            try {
              const p = (await clients.iam.send(new GetLoginProfileCommand({}))).LoginProfile;
              return { createDate: iso(p?.CreateDate) };
            } catch (e) {
              if (isAwsError(e, 'NoSuchEntity')) return undefined;
              throw e;
            }
          }),
        accessKeys: async (withLastUsed) => {
          const keys: AccessKeyInfo[] = [];
          let Marker: string | undefined;
          do {
            const r = await awsCall('iam:ListAccessKeys', () =>
              clients.iam.send(new ListAccessKeysCommand({ Marker })),
            );
            for (const k of r.AccessKeyMetadata ?? []) {
              keys.push({
                id: k.AccessKeyId!,
                status: (k.Status ?? 'Active') as 'Active' | 'Inactive',
                createDate: iso(k.CreateDate),
                lastUsed: undefined,
              });
            }
            Marker = r.IsTruncated ? r.Marker : undefined;
          } while (Marker);
          if (withLastUsed) {
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
          }
          return keys;
        },
        signingCertificates: async () => {
          const out = [];
          let Marker: string | undefined;
          do {
            const r = await awsCall('iam:ListSigningCertificates', () =>
              clients.iam.send(new ListSigningCertificatesCommand({ Marker })),
            );
            for (const c of r.Certificates ?? [])
              out.push({
                id: c.CertificateId!,
                status: (c.Status ?? 'Active') as 'Active' | 'Inactive',
                uploadDate: iso(c.UploadDate),
              });
            Marker = r.IsTruncated ? r.Marker : undefined;
          } while (Marker);
          return out;
        },
        mfaDevices: async () => {
          const out = [];
          let Marker: string | undefined;
          do {
            const r = await awsCall('iam:ListMFADevices', () =>
              clients.iam.send(new ListMFADevicesCommand({ Marker })),
            );
            for (const d of r.MFADevices ?? [])
              out.push({ serialNumber: d.SerialNumber!, enableDate: iso(d.EnableDate) });
            Marker = r.IsTruncated ? r.Marker : undefined;
          } while (Marker);
          return out;
        },
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
        allowPasswordRecovery: () =>
          awsCall('iam:CreateLoginProfile', async () => {
            try {
              await clients.iam.send(new CreateLoginProfileCommand({}));
              return true;
            } catch (e) {
              if (isAwsError(e, 'EntityAlreadyExists')) return false;
              throw e;
            }
          }),
        getBucketPolicy: (bucket) =>
          awsCall('s3:GetBucketPolicy', async () => {
            try {
              return (await clients.s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy;
            } catch (e) {
              if (isAwsError(e, 'NoSuchBucketPolicy')) return undefined;
              throw e;
            }
          }),
        deleteBucketPolicy: (bucket) =>
          awsCall(
            's3:DeleteBucketPolicy',
            async () => void (await clients.s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }))),
          ),
        getQueuePolicy: (queueUrl) =>
          awsCall('sqs:GetQueueAttributes', async () => {
            const r = await clients.sqs.send(
              new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['Policy'] }),
            );
            const p = r.Attributes?.Policy;
            return p === undefined || p === '' ? undefined : p;
          }),
        deleteQueuePolicy: (queueUrl) =>
          awsCall(
            'sqs:SetQueueAttributes',
            async () =>
              void (await clients.sqs.send(
                new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { Policy: '' } }),
              )),
          ),
      };
    },
  };
}
