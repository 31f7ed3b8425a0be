/**
 * The emulator's Security Hub (restJson1), SNS (awsQuery) and S3 object operations through the
 * unmodified AWS SDK: what the scheduled audit and `audit --to securityhub` call.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
} from '@aws-sdk/client-securityhub';
import { CreateTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  credsOf,
  errorOf,
  s3Client,
  startTestEmulator,
  type Creds,
  type TestEmulator,
} from './helpers/emulator-clients.js';

let t: TestEmulator;
let security = '';
let bucket = '';
let creds: Creds;

beforeAll(async () => {
  t = await startTestEmulator({ accounts: 8, seed: 5, state: 'configured' }, (s) => {
    const p = s.principals.find((x) => x.profile === 'security')!;
    security = p.accountId;
    p.allow = [...p.allow, 'securityhub:*', 's3:PutObject', 's3:GetObject', 's3:ListBucket', 'sns:*'];
    bucket = `reports-${security}`;
    s.accounts.find((a) => a.id === security)!.buckets = [{ name: bucket }];
  });
  creds = credsOf(t.scenario, 'security');
});
afterAll(() => t.close());

const hub = (c: Creds = creds) =>
  new SecurityHubClient({ region: 'us-east-1', endpoint: t.url, credentials: c, maxAttempts: 1 });
const productArn = () => `arn:aws:securityhub:us-east-1:${security}:product/${security}/default`;

function finding(id: string, over: Partial<AwsSecurityFinding> = {}): AwsSecurityFinding {
  return {
    SchemaVersion: '2018-10-08',
    Id: id,
    ProductArn: productArn(),
    GeneratorId: 'rootctl/root-password-absent',
    AwsAccountId: security,
    CreatedAt: '2025-01-01T00:00:00Z',
    UpdatedAt: '2025-01-01T00:00:00Z',
    Title: 'Member account root user has no password',
    Description: 'A finding',
    Resources: [{ Type: 'AwsAccount', Id: 'AWS::::Account:123456789012' }],
    Compliance: { Status: 'FAILED' },
    RecordState: 'ACTIVE',
    ...over,
  };
}

async function findingById(id: string): Promise<AwsSecurityFinding | undefined> {
  const out = await hub().send(
    new GetFindingsCommand({ Filters: { Id: [{ Value: id, Comparison: 'EQUALS' }] } }),
  );
  return out.Findings?.[0];
}

describe('Security Hub BatchImportFindings / GetFindings', () => {
  it('imports a finding, then updates it in place: PASSED and ARCHIVED resolve its workflow', async () => {
    const out = await hub().send(new BatchImportFindingsCommand({ Findings: [finding('f-1')] }));
    expect([out.SuccessCount, out.FailedCount]).toEqual([1, 0]);
    expect((await findingById('f-1'))?.Workflow?.Status).toBe('NEW');
    await hub().send(
      new BatchImportFindingsCommand({
        Findings: [
          finding('f-1', {
            Compliance: { Status: 'PASSED' },
            RecordState: 'ARCHIVED',
            UpdatedAt: '2025-01-02T00:00:00Z',
            Workflow: { Status: 'SUPPRESSED' },
          }),
        ],
      }),
    );
    const f = await findingById('f-1');
    expect([f?.Compliance?.Status, f?.RecordState, f?.Workflow?.Status, f?.UpdatedAt]).toEqual([
      'PASSED',
      'ARCHIVED',
      'RESOLVED',
      '2025-01-02T00:00:00Z',
    ]);
    // Failing again reopens it.
    await hub().send(new BatchImportFindingsCommand({ Findings: [finding('f-1')] }));
    expect((await findingById('f-1'))?.Workflow?.Status).toBe('NEW');
  });

  it('refuses, finding by finding, another account, another product and a finding without resources', async () => {
    const out = await hub().send(
      new BatchImportFindingsCommand({
        Findings: [
          finding('ok-2'),
          finding('other-account', { AwsAccountId: '123456789012' }),
          finding('other-product', { ProductArn: productArn().replace(security, '123456789012') }),
          finding('no-resources', { Resources: [] }),
        ],
      }),
    );
    expect(out.SuccessCount).toBe(1);
    expect(out.FailedFindings?.map((f) => [f.Id, f.ErrorCode])).toEqual([
      ['other-account', 'AccessDeniedException'],
      ['other-product', 'AccessDeniedException'],
      ['no-resources', 'InvalidInput'],
    ]);
    expect(out.FailedFindings?.[2]?.ErrorMessage).toBe(
      'Finding does not adhere to Amazon Finding Format. data.Resources should NOT have fewer than 1 items.',
    );
  });

  it('refuses more than 100 findings in one call with InvalidInputException', async () => {
    const many = Array.from({ length: 101 }, (_, i) => finding(`many-${i}`));
    const e = await errorOf(hub().send(new BatchImportFindingsCommand({ Findings: many })));
    expect([e.name, e.$metadata?.httpStatusCode]).toEqual(['InvalidInputException', 400]);
  });

  it('filters by prefix and record state and pages with NextToken', async () => {
    await hub().send(
      new BatchImportFindingsCommand({
        Findings: Array.from({ length: 30 }, (_, i) =>
          finding(`page-${i}`, {
            GeneratorId: 'other/gen',
            RecordState: i % 3 === 0 ? 'ARCHIVED' : 'ACTIVE',
          }),
        ),
      }),
    );
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const out = await hub().send(
        new GetFindingsCommand({
          Filters: {
            GeneratorId: [{ Value: 'other/', Comparison: 'PREFIX' }],
            RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
          },
          MaxResults: 7,
          ...(token ? { NextToken: token } : {}),
        }),
      );
      ids.push(...(out.Findings ?? []).map((f) => f.Id!));
      token = out.NextToken;
    } while (token);
    expect(ids).toHaveLength(20);
  });

  it('needs securityhub permissions: AccessDeniedException without them', async () => {
    const e = await errorOf(hub(credsOf(t.scenario, 'security-readonly')).send(new GetFindingsCommand({})));
    expect([e.name, e.$metadata?.httpStatusCode]).toEqual(['AccessDeniedException', 403]);
  });
});

describe('SNS CreateTopic / Publish', () => {
  const sns = () =>
    new SNSClient({ region: 'us-east-1', endpoint: t.url, credentials: creds, maxAttempts: 1 });

  it('publishes to a topic of the caller and keeps the message for the admin endpoint', async () => {
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: 'rootctl-alerts' }));
    expect(TopicArn).toBe(`arn:aws:sns:us-east-1:${security}:rootctl-alerts`);
    const out = await sns().send(
      new PublishCommand({ TopicArn, Subject: 'hello', Message: 'account 1 regained' }),
    );
    expect(out.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    const messages = (await (await fetch(`${t.url}/_emulator/sns/messages`)).json()) as { message: string }[];
    expect(messages.at(-1)?.message).toBe('account 1 regained');
  });

  it('refuses an unknown topic (NotFound) and a subject with a line break (InvalidParameter)', async () => {
    const missing = await errorOf(
      sns().send(new PublishCommand({ TopicArn: `arn:aws:sns:us-east-1:${security}:nope`, Message: 'x' })),
    );
    expect([missing.name, missing.$metadata?.httpStatusCode]).toEqual(['NotFoundException', 404]);
    const { TopicArn } = await sns().send(new CreateTopicCommand({ Name: 'rootctl-alerts' }));
    const bad = await errorOf(sns().send(new PublishCommand({ TopicArn, Subject: 'a\nb', Message: 'x' })));
    expect([bad.name, bad.message]).toEqual(['InvalidParameterException', 'Invalid parameter: Subject']);
  });
});

describe('S3 PutObject / GetObject / ListObjectsV2', () => {
  it('writes, reads back and lists objects page by page; a missing key is NoSuchKey', async () => {
    const s3 = s3Client(t.url, creds);
    for (let i = 0; i < 5; i++)
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `rootctl/reports/r${i}.json`,
          Body: `{"n":${i}}`,
          ContentType: 'application/json',
        }),
      );
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'rootctl/reports/r3.json' }));
    expect(await got.Body?.transformToString()).toBe('{"n":3}');
    expect(got.ContentType).toBe('application/json');
    const first = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'rootctl/reports/', MaxKeys: 3 }),
    );
    expect([first.KeyCount, first.IsTruncated]).toEqual([3, true]);
    const rest = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: 'rootctl/',
        ContinuationToken: first.NextContinuationToken,
      }),
    );
    expect(rest.Contents?.map((c) => c.Key)).toEqual(['rootctl/reports/r3.json', 'rootctl/reports/r4.json']);
    const e = await errorOf(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'nope' })));
    expect([e.name, e.$metadata?.httpStatusCode]).toEqual(['NoSuchKey', 404]);
  });
});
