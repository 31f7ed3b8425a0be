/**
 * The scheduled audit's Lambda handler end to end against the emulator over HTTP: run 1 imports the
 * findings and stores the report in S3; an account regains a root password (emulator admin
 * endpoint); run 2 alerts SNS naming it and Security Hub's finding turns FAILED; the account is
 * cleaned; run 3 sets the finding PASSED / ARCHIVED / RESOLVED. History comes from the bucket only.
 */
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from '../src/app/lambda-handler.js';
import {
  credsOf,
  s3Client,
  startTestEmulator,
  type Creds,
  type TestEmulator,
} from './helpers/emulator-clients.js';

let t: TestEmulator;
let creds: Creds;
let security = '';
let bucket = '';
let topicArn = '';
let target = '';

beforeAll(async () => {
  t = await startTestEmulator({ accounts: 12, seed: 14, state: 'configured' }, (s) => {
    const p = s.principals.find((x) => x.profile === 'security')!;
    security = p.accountId;
    p.allow = [
      ...p.allow,
      'securityhub:BatchImportFindings',
      'securityhub:GetFindings',
      's3:PutObject',
      's3:GetObject',
      's3:ListBucket',
      'sns:Publish',
      'sns:CreateTopic',
    ];
    bucket = `rootctl-reports-${security}`;
    s.accounts.find((a) => a.id === security)!.buckets = [{ name: bucket }];
  });
  creds = credsOf(t.scenario, 'security');
  const sns = new SNSClient({ region: 'us-east-1', endpoint: t.url, credentials: creds });
  topicArn = (await sns.send(new CreateTopicCommand({ Name: 'rootctl-alerts' }))).TopicArn!;
});
afterAll(() => t.close());

const handler = () =>
  createHandler({
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: t.url,
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    ...(creds.sessionToken ? { AWS_SESSION_TOKEN: creds.sessionToken } : {}),
    ROOTCTL_REPORT_BUCKET: bucket,
    ROOTCTL_TOPIC_ARN: topicArn,
    ROOTCTL_SECURITY_HUB: 'true',
  })();

async function finding(accountId: string, check: string): Promise<AwsSecurityFinding | undefined> {
  const hub = new SecurityHubClient({ region: 'us-east-1', endpoint: t.url, credentials: creds });
  const out = await hub.send(
    new GetFindingsCommand({
      Filters: {
        ResourceId: [{ Value: `AWS::::Account:${accountId}`, Comparison: 'EQUALS' }],
        GeneratorId: [{ Value: `rootctl/${check}`, Comparison: 'EQUALS' }],
      },
    }),
  );
  return out.Findings?.[0];
}

async function keys(prefix: string): Promise<string[]> {
  const out = await s3Client(t.url, creds).send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((c) => c.Key!);
}

async function messages(): Promise<{ subject?: string; message: string }[]> {
  return (await (await fetch(`${t.url}/_emulator/sns/messages`)).json()) as {
    subject?: string;
    message: string;
  }[];
}

async function setRoot(accountId: string, root: unknown): Promise<void> {
  const r = await fetch(`${t.url}/_emulator/accounts/${accountId}/root`, {
    method: 'PUT',
    body: JSON.stringify(root),
  });
  expect(r.status).toBe(200);
}

describe('scheduled audit handler against the emulator', () => {
  it('run 1: imports the findings and stores the report in S3, no alert without a baseline', async () => {
    const r1 = await handler();
    expect(r1.baselineKey).toBeUndefined();
    expect(r1.notified).toBe(false);
    expect(r1.securityHub?.active).toBeGreaterThan(0);
    expect(await keys('rootctl/reports/')).toEqual(
      expect.arrayContaining([r1.reportKey, r1.reportKey.replace(/\.json$/, '.html')]),
    );
    const report = JSON.parse(
      await (
        await s3Client(t.url, creds).send(new GetObjectCommand({ Bucket: bucket, Key: r1.reportKey }))
      ).Body!.transformToString(),
    ) as { accounts: { accountId: string; status: string; root?: { password: { present: boolean } } }[] };
    const dirty = report.accounts.find((a) => a.root?.password.present)!;
    expect((await finding(dirty.accountId, 'root-password-absent'))?.Compliance?.Status).toBe('FAILED');
    // An account that is compliant now: the one that will regain its password.
    target = report.accounts.find((a) => a.status === 'compliant')!.accountId;
    expect(await finding(target, 'root-password-absent')).toBeUndefined();
  });

  it('run 2: the account regained a password; SNS names it and its Security Hub finding is FAILED', async () => {
    await setRoot(target, { password: { createDate: '2025-06-01T00:00:00Z' } });
    const before = (await messages()).length;
    const r2 = await handler();
    expect(r2.baselineKey).toBeDefined();
    expect(r2.diffKey).toBeDefined();
    expect(await keys('rootctl/diffs/')).toContain(r2.diffKey);
    expect(r2.alerts.some((a) => a.includes(target) && a.includes('regained'))).toBe(true);
    const sent = (await messages()).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.message).toContain(target);
    expect(sent[0]!.subject).toMatch(/1 regained root credentials/);
    const f = await finding(target, 'root-password-absent');
    expect([f?.Compliance?.Status, f?.RecordState, f?.Workflow?.Status]).toEqual(['FAILED', 'ACTIVE', 'NEW']);
  });

  it('run 3: the account is clean again; the same finding is PASSED, archived and resolved', async () => {
    await setRoot(target, {});
    const before = (await messages()).length;
    const r3 = await handler();
    expect(r3.securityHub?.resolved).toBeGreaterThanOrEqual(1);
    expect((await messages()).length).toBe(before);
    const f = await finding(target, 'root-password-absent');
    expect([f?.Compliance?.Status, f?.RecordState, f?.Workflow?.Status]).toEqual([
      'PASSED',
      'ARCHIVED',
      'RESOLVED',
    ]);
  });

  it("the fan-out's event {ou} audits that OU only, into <prefix><ou>/ (the Step Functions Map's iteration)", async () => {
    const ou = t.scenario.ous.find((o) => o.name === 'Legacy' || o.name === 'Workloads')!;
    const under = new Set([ou.id]);
    for (let grew = true; grew;) {
      grew = false;
      for (const o of t.scenario.ous)
        if (under.has(o.parentId) && !under.has(o.id)) {
          under.add(o.id);
          grew = true;
        }
    }
    const inOu = t.scenario.accounts.filter((a) => under.has(a.parentId)).length;
    const env = {
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: t.url,
      AWS_ACCESS_KEY_ID: creds.accessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
      ...(creds.sessionToken ? { AWS_SESSION_TOKEN: creds.sessionToken } : {}),
      ROOTCTL_REPORT_BUCKET: bucket,
    };
    const out = await createHandler(env)({ ou: ou.id });
    expect(out.reportKey.startsWith(`rootctl/${ou.id}/`), out.reportKey).toBe(true);
    expect(out.summary.total).toBe(inOu);
    expect(inOu).toBeLessThan(t.scenario.accounts.length);
    expect((await keys(`rootctl/${ou.id}/`)).length).toBeGreaterThan(0);
  });

  it('refuses a configuration without a bucket in one line, before any AWS call', async () => {
    await expect(createHandler({ AWS_REGION: 'us-east-1' })()).rejects.toThrow(/ROOTCTL_REPORT_BUCKET/);
    await expect(
      createHandler({
        AWS_REGION: 'us-east-1',
        ROOTCTL_REPORT_BUCKET: bucket,
        ROOTCTL_ENFORCE_EXCEPTIONS: 'true',
      })(),
    ).rejects.toThrow(/exception enforce/);
  });
});
