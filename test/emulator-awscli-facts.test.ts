/**
 * Issue 11 through the unmodified AWS CLI (`aws`, botocore), as far as the CLI can send the request:
 * - fact 8: an identity policy whose Allow of sts:AssumeRoot is conditioned on sts:TaskPolicyArn is
 *   enforced (the audit task is issued, the delete task refused with AWS's bare denial);
 * - fact 9: a deny-root SCP with a condition on aws:SourceIp denies a root session's calls, and a
 *   policy with a condition operator IAM does not know is refused when it is written (S3
 *   PutBucketPolicy, SQS SetQueueAttributes);
 * - fact 6: a request signed more than 15 minutes off the server's clock is refused (the CLI's clock is
 *   moved by a sitecustomize that skews botocore's signing time; the machine's clock is untouched).
 * Skips, saying why, where `aws` is not installed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { generateScenario } from '../src/emulator/scenario/generate.js';
import type { Scenario } from '../src/emulator/scenario/schema.js';
import { awsCli, awsCliVersion, cliEnv } from './helpers/aws-cli.js';

const AUDIT_ARN = 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials';
const DELETE_ARN = 'arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials';
const BAD_OPERATOR_POLICY = (resource: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        Principal: '*',
        Action: '*',
        Resource: resource,
        Condition: { StringEqualz: { 'aws:PrincipalAccount': '111111111111' } },
      },
    ],
  });

if (awsCliVersion === undefined)
  process.stderr.write(
    'test/emulator-awscli-facts.test.ts: SKIPPED - `aws` is not on PATH; CI installs it.\n',
  );

describe.skipIf(awsCliVersion === undefined)('issue 11 facts through the AWS CLI', () => {
  let scenario: Scenario;
  let emu: RunningEmulator;
  let dir: string;
  let member: string;
  let offNetwork: string;
  const creds = (profile: string) => {
    const p = scenario.principals.find((x) => x.profile === profile)!;
    return {
      accessKeyId: p.accessKeyId,
      secretAccessKey: p.secretAccessKey,
      accountId: p.accountId,
      sessionName: p.sessionName,
      ...(p.sessionToken ? { sessionToken: p.sessionToken } : {}),
    };
  };

  beforeAll(async () => {
    scenario = generateScenario({ accounts: 12, seed: 5, state: 'configured' });
    const security = scenario.principals.find((x) => x.profile === 'security')!;
    security.allow = [...security.allow, 's3:*', 'sqs:*'];
    const others = scenario.accounts.filter(
      (a) =>
        a.status === 'ACTIVE' &&
        a.id !== scenario.organization!.managementAccountId &&
        a.id !== security.accountId,
    );
    member = others[0]!.id;
    offNetwork = others[1]!.id;
    // The operator may assume root only for the audit task (the guardrail of fact 8).
    scenario.principals.push({
      ...security,
      profile: 'audit-only',
      accessKeyId: 'ASIAAUDITONLYCLI0001',
      roleName: 'AuditOnly',
      policies: [
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRoot',
              Resource: '*',
              Condition: { StringEquals: { 'sts:TaskPolicyArn': AUDIT_ARN } },
            },
          ],
        },
      ],
    });
    scenario.policies.push({
      id: 'p-offnetwork3',
      name: 'DenyRootOffNetwork',
      description: '',
      type: 'SERVICE_CONTROL_POLICY',
      awsManaged: false,
      content: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Action: '*',
            Resource: '*',
            Condition: {
              ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' },
              NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
            },
          },
        ],
      }),
      targets: [offNetwork],
    });
    const own = scenario.accounts.find((a) => a.id === security.accountId)!;
    own.buckets.push({ name: `cli-facts-${own.id}` });
    own.queues.push({ name: 'cli-facts' });
    emu = await startEmulator(scenario);
    dir = mkdtempSync(join(tmpdir(), 'rootctl-cli-facts-'));
  });

  afterAll(async () => {
    await emu?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const as = (profile: string, extra: Record<string, string> = {}) => ({
    ...cliEnv(emu.url, creds(profile)),
    ...extra,
  });
  const assumeRoot = (profile: string, target: string, arn: string) =>
    awsCli(
      ['sts', 'assume-root', '--target-principal', target, '--task-policy-arn', `arn=${arn}`],
      as(profile),
    );

  it('fact 8: an sts:TaskPolicyArn condition in the identity policy is enforced on AssumeRoot', async () => {
    const audit = await assumeRoot('audit-only', member, AUDIT_ARN);
    expect(audit.code, audit.stderr).toBe(0);
    expect(JSON.parse(audit.stdout).Credentials.AccessKeyId).toMatch(/^ASIA/);
    const remove = await assumeRoot('audit-only', member, DELETE_ARN);
    expect(remove.code).not.toBe(0);
    const caller = `arn:aws:sts::${creds('security').accountId}:assumed-role/AuditOnly/${creds('security').sessionName}`;
    // AWS's bare denial: no "because ..." (fact 1).
    expect(remove.stderr.trim()).toBe(
      `An error occurred (AccessDenied) when calling the AssumeRoot operation: User: ${caller} is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::${member}:root`,
    );
  });

  it("fact 9: a deny-root SCP conditioned on aws:SourceIp denies the root session's calls", async () => {
    const session = await assumeRoot('security', offNetwork, AUDIT_ARN);
    expect(session.code, session.stderr).toBe(0);
    const c = JSON.parse(session.stdout).Credentials;
    const env = cliEnv(emu.url, {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
    });
    const r = await awsCli(['iam', 'get-account-summary'], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('(AccessDenied) when calling the GetAccountSummary operation');
    expect(r.stderr).toContain('with an explicit deny in a service control policy');
    expect(r.stderr).toContain('service_control_policy/p-offnetwork3');
  });

  it('a bucket or queue policy with an unknown condition operator is refused when written', async () => {
    const account = creds('security').accountId;
    const bucket = `cli-facts-${account}`;
    const s3 = await awsCli(
      [
        's3api',
        'put-bucket-policy',
        '--bucket',
        bucket,
        '--policy',
        BAD_OPERATOR_POLICY(`arn:aws:s3:::${bucket}/*`),
      ],
      as('security'),
    );
    expect(s3.code).not.toBe(0);
    expect(s3.stderr).toContain(
      '(MalformedPolicy) when calling the PutBucketPolicy operation: Invalid Condition type : StringEqualz',
    );
    const url = `${emu.url}/${account}/cli-facts`;
    const sqs = await awsCli(
      [
        'sqs',
        'set-queue-attributes',
        '--endpoint-url',
        emu.url,
        '--queue-url',
        url,
        '--attributes',
        JSON.stringify({ Policy: BAD_OPERATOR_POLICY(`arn:aws:sqs:us-east-1:${account}:cli-facts`) }),
      ],
      as('security'),
    );
    expect(sqs.code, sqs.stderr).not.toBe(0);
    expect(sqs.stderr).toContain('(InvalidAttributeValue) when calling the SetQueueAttributes operation');
    // Nothing was stored.
    const bucketState = emu.world.accounts.get(account)!.buckets.find((b) => b.name === bucket)!;
    expect(bucketState.policy).toBeUndefined();
  });

  it('fact 6: a request signed 20 minutes in the past is refused (STS: Signature expired; S3: RequestTimeTooSkewed)', async () => {
    // Moves only the CLI's signing clock (botocore reads it through get_current_datetime).
    const site = mkdtempSync(join(dir, 'skew-'));
    writeFileSync(
      join(site, 'sitecustomize.py'),
      [
        'import datetime, botocore.auth',
        '_now = botocore.auth.get_current_datetime',
        'botocore.auth.get_current_datetime = lambda *a, **k: _now(*a, **k) - datetime.timedelta(minutes=20)',
        '',
      ].join('\n'),
    );
    const skewed = as('security', { PYTHONPATH: site, AWS_MAX_ATTEMPTS: '1' });
    const sts = await awsCli(['sts', 'get-caller-identity'], skewed);
    expect(sts.code).not.toBe(0);
    expect(sts.stderr).toMatch(
      /\(SignatureDoesNotMatch\) when calling the GetCallerIdentity operation: Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)/,
    );
    const s3 = await awsCli(['s3api', 'list-buckets'], skewed);
    expect(s3.code).not.toBe(0);
    expect(s3.stderr).toContain('(RequestTimeTooSkewed) when calling the ListBuckets operation');
    // The same CLI without the skew is accepted (the refusal is the clock, not the credentials).
    const fine = await awsCli(['sts', 'get-caller-identity'], as('security'));
    expect(fine.code, fine.stderr).toBe(0);
  });
});
