/**
 * Issue 11, fact 7: S3 unlock across Regions. Emulator buckets have a Region; a request that reaches a
 * bucket through another Region's endpoint gets S3's 301 PermanentRedirect with x-amz-bucket-region,
 * which the unmodified SDK follows only with followRegionRedirects and the AWS CLI follows itself; and
 * `rootctl exception open --task unlock-s3-bucket-policy` works for a bucket outside --region.
 */
import { GetBucketPolicyCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../src/emulator/scenario/schema.js';
import { awsCli, awsCliVersion, cliEnv } from './helpers/aws-cli.js';
import { credsOf, errorOf } from './helpers/emulator-clients.js';
import { fixture, type Fixture } from './remediate-support.js';

const POLICY = (bucket: string) =>
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

let f: Fixture;
let scenario: Scenario;
let account = '';
let bucket = '';

beforeAll(async () => {
  f = await fixture({
    accounts: 12,
    seed: 9,
    mutate: (s) => {
      scenario = s;
      const legacy = s.ous.find((o) => o.name === 'Legacy')?.id;
      const a = s.accounts.find(
        (x) =>
          x.status === 'ACTIVE' &&
          x.id !== s.organization!.managementAccountId &&
          x.parentId !== legacy &&
          x.name !== 'Security',
      )!;
      account = a.id;
      bucket = `eu-locked-${a.id}`;
      a.buckets = [{ name: bucket, policy: POLICY(bucket), region: 'eu-west-1' }];
      s.principals.push({
        profile: 'region-admin',
        accessKeyId: 'ASIAREGIONADMIN00001',
        secretAccessKey: 'regionAdminSecretExample0000000000000',
        sessionToken: 'IQoJregionAdminToken',
        accountId: a.id,
        kind: 'role',
        roleName: 'Admin',
        sessionName: 'region',
        allow: ['*'],
      });
    },
  });
}, 120_000);
afterAll(async () => f?.close());

const s3 = (region: string, follow: boolean) =>
  new S3Client({
    region,
    endpoint: f.emu.url,
    credentials: credsOf(scenario, 'region-admin'),
    forcePathStyle: true,
    maxAttempts: 1,
    followRegionRedirects: follow,
  });

describe('a bucket in another Region', () => {
  it('answers 301 PermanentRedirect with x-amz-bucket-region; the SDK follows it when told to', async () => {
    const e = (await errorOf(
      s3('us-east-1', false).send(new GetBucketPolicyCommand({ Bucket: bucket })),
    )) as Error & {
      $metadata: { httpStatusCode?: number };
      $response?: { headers: Record<string, string> };
    };
    expect(e.$metadata.httpStatusCode).toBe(301);
    expect(e.$response?.headers['x-amz-bucket-region']).toBe('eu-west-1');
    // The policy denies everyone but the root: reaching the bucket is what is tested, so AccessDenied.
    const followed = await errorOf(
      s3('us-east-1', true).send(new GetBucketPolicyCommand({ Bucket: bucket })),
    );
    expect(followed.name).toBe('AccessDenied');
    const inRegion = await errorOf(
      s3('eu-west-1', false).send(new GetBucketPolicyCommand({ Bucket: bucket })),
    );
    expect(inRegion.name).toBe('AccessDenied');
    const listed = await s3('us-east-1', false).send(new ListBucketsCommand({}));
    expect(listed.Buckets?.find((b) => b.Name === bucket)?.BucketRegion).toBe('eu-west-1');
  });

  it.skipIf(awsCliVersion === undefined)('the AWS CLI follows the redirect by itself', async () => {
    const r = await awsCli(
      ['s3api', 'get-bucket-policy', '--bucket', bucket],
      cliEnv(f.emu.url, credsOf(scenario, 'region-admin'), 'us-east-1'),
    );
    expect(r.stderr).toContain('(AccessDenied) when calling the GetBucketPolicy operation');
  });

  it('rootctl exception open --task unlock-s3-bucket-policy removes the policy of a bucket outside --region', async () => {
    const r = await f.run([
      'exception',
      'open',
      '--account',
      account,
      '--task',
      'unlock-s3-bucket-policy',
      '--bucket',
      bucket,
      '--region',
      'us-east-1',
      '--reason',
      'CHG-7 eu bucket lockout',
      '--yes',
      '--output',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ savedPolicy: POLICY(bucket), verified: true });
    const after = (await f.state()).accounts.find((a) => a.id === account)!;
    expect(after.buckets.find((b) => b.name === bucket)!.policy).toBeUndefined();
  });
});
