/**
 * CloudTrail through the real SDK over HTTP: the records the emulator writes for mutating calls and
 * AssumeRoot look the way AWS writes them, and LookupEvents scopes, filters, pages and throttles.
 */
import {
  LookupEventsCommand,
  type CloudTrailClient,
  type Event,
  type LookupAttributeKey,
} from '@aws-sdk/client-cloudtrail';
import {
  EnableAWSServiceAccessCommand,
  DisableAWSServiceAccessCommand,
  RegisterDelegatedAdministratorCommand,
} from '@aws-sdk/client-organizations';
import { AssumeRootCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, startTestOrg, type TestOrg } from './emulator-helpers.js';

const AUDIT = 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials';
let t: TestOrg;
let mgmtId: string;
let securityId: string;
let memberId: string;
let otherId: string;
let sessionKey: string;

const principal = (profile: string) => t.scenario.principals.find((p) => p.profile === profile)!;
const lookup = (
  profile: string,
  input: ConstructorParameters<typeof LookupEventsCommand>[0] = {},
  region = 'us-east-1',
  client?: CloudTrailClient,
) => (client ?? t.trail(profile, region)).send(new LookupEventsCommand(input));
const attr = (key: LookupAttributeKey, value: string) => ({
  LookupAttributes: [{ AttributeKey: key, AttributeValue: value }],
});
const record = (e: Event) => JSON.parse(e.CloudTrailEvent!) as Record<string, any>;
/** The emulator's own events for an account and Region, newest first. */
const truth = async (accountId: string, region = 'us-east-1') =>
  (await t.state()).events
    .filter((e) => e.recipientAccountId === accountId && e.awsRegion === region)
    .reverse();

beforeAll(async () => {
  // LookupEvents unthrottled while the history is built and queried; the last test puts AWS's 2/s back.
  t = await startTestOrg({
    state: 'configured',
    rates: { operations: { AssumeRoot: 100, LookupEvents: 1000 }, defaultPerSecond: 0 },
  });
  mgmtId = t.scenario.organization!.managementAccountId;
  securityId = principal('security').accountId;
  memberId = principal('member').accountId;
  otherId = t.scenario.accounts.find(
    (a) => a.status === 'ACTIVE' && ![mgmtId, securityId, memberId].includes(a.id),
  )!.id;
  const mgmt = t.org('management');
  await mgmt.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'guardduty.amazonaws.com' }));
  await mgmt.send(
    new RegisterDelegatedAdministratorCommand({
      AccountId: otherId,
      ServicePrincipal: 'guardduty.amazonaws.com',
    }),
  );
  const session = await t
    .sts('security', 'us-west-2')
    .send(new AssumeRootCommand({ TargetPrincipal: memberId, TaskPolicyArn: { arn: AUDIT } }));
  sessionKey = session.Credentials!.AccessKeyId!;
  await t
    .org('management-root')
    .send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'config.amazonaws.com' }));
  await failure(
    t.org('member').send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'config.amazonaws.com' })),
  );
});
afterAll(async () => t.close());

describe('the records', () => {
  it("returns the caller account's events in the request's Region, newest first", async () => {
    const out = await lookup('management');
    const expected = await truth(mgmtId);
    expect(expected.map((e) => e.eventName)).toEqual([
      'EnableAWSServiceAccess',
      'RegisterDelegatedAdministrator',
      'EnableAWSServiceAccess',
    ]);
    expect(out.Events!.map((e) => e.EventId)).toEqual(expected.map((e) => e.eventID));
    expect(out.NextToken).toBeUndefined();
    // Organizations is global: its events are in us-east-1 only.
    expect((await lookup('management', {}, 'eu-west-1')).Events).toEqual([]);
  });

  it('writes an Organizations call as AWS does: identity, parameters, recipient account', async () => {
    const [e] = (await lookup('management', attr('EventName', 'RegisterDelegatedAdministrator'))).Events!;
    const m = principal('management');
    expect(e).toMatchObject({
      EventName: 'RegisterDelegatedAdministrator',
      EventSource: 'organizations.amazonaws.com',
      ReadOnly: 'false',
      AccessKeyId: m.accessKeyId,
      Username: m.sessionName,
    });
    expect(e!.EventTime).toBeInstanceOf(Date);
    const r = record(e!);
    expect(r).toMatchObject({
      eventVersion: '1.08',
      eventID: e!.EventId,
      eventSource: 'organizations.amazonaws.com',
      eventName: 'RegisterDelegatedAdministrator',
      awsRegion: 'us-east-1',
      eventType: 'AwsApiCall',
      readOnly: false,
      recipientAccountId: mgmtId,
      requestParameters: { accountId: otherId, servicePrincipal: 'guardduty.amazonaws.com' },
      userIdentity: {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${mgmtId}:assumed-role/${m.roleName}/${m.sessionName}`,
        accountId: mgmtId,
        accessKeyId: m.accessKeyId,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            arn: `arn:aws:iam::${mgmtId}:role/${m.roleName}`,
            userName: m.roleName,
          },
        },
      },
    });
    expect(r.requestID).toEqual(expect.any(String));
    expect(Date.parse(r.eventTime)).toBe(e!.EventTime!.getTime());
  });

  it("names the root user 'root' with a Root identity", async () => {
    const [e] = (await lookup('management', attr('Username', 'root'))).Events!;
    expect(e!.AccessKeyId).toBe(principal('management-root').accessKeyId);
    expect(record(e!)).toMatchObject({
      userIdentity: { type: 'Root', arn: `arn:aws:iam::${mgmtId}:root`, principalId: mgmtId },
      requestParameters: { servicePrincipal: 'config.amazonaws.com' },
    });
  });

  it('writes AssumeRoot in the caller account and the Region of the STS call, with target and task policy', async () => {
    expect((await lookup('security', attr('EventName', 'AssumeRoot'))).Events).toEqual([]);
    const out = await lookup('security', attr('EventName', 'AssumeRoot'), 'us-west-2');
    expect(out.Events).toHaveLength(1);
    const e = out.Events![0]!;
    const sec = principal('security');
    expect(e).toMatchObject({
      EventSource: 'sts.amazonaws.com',
      Username: sec.sessionName,
      AccessKeyId: sec.accessKeyId,
    });
    expect(e.Resources).toEqual([
      { ResourceType: 'AWS::Organizations::Account', ResourceName: `arn:aws:iam::${memberId}:root` },
    ]);
    expect(record(e)).toMatchObject({
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRoot',
      awsRegion: 'us-west-2',
      recipientAccountId: securityId,
      requestParameters: { targetPrincipal: memberId, taskPolicyArn: { arn: AUDIT } },
      responseElements: { credentials: { accessKeyId: sessionKey } },
      userIdentity: {
        type: 'AssumedRole',
        accountId: securityId,
        arn: `arn:aws:sts::${securityId}:assumed-role/${sec.roleName}/${sec.sessionName}`,
      },
    });
  });

  it("shows a member only its own account's events, including its denied call", async () => {
    const out = await lookup('member');
    expect(out.Events!.map((e) => e.EventId)).toEqual((await truth(memberId)).map((e) => e.eventID));
    expect(out.Events).toHaveLength(1);
    expect(record(out.Events![0]!)).toMatchObject({
      eventName: 'EnableAWSServiceAccess',
      errorCode: 'AccessDeniedException',
      recipientAccountId: memberId,
    });
  });
});

describe('LookupEvents queries', () => {
  it('filters by each lookup attribute', async () => {
    const all = await truth(mgmtId);
    const ids = async (profile: string, key: LookupAttributeKey, value: string, region?: string) =>
      (await lookup(profile, attr(key, value), region)).Events!.map((e) => e.EventId);
    const idsWhere = (f: (e: Record<string, any>) => boolean) => all.filter(f).map((e) => e.eventID);
    expect(await ids('management', 'EventName', 'EnableAWSServiceAccess')).toEqual(
      idsWhere((e) => e.eventName === 'EnableAWSServiceAccess'),
    );
    expect(await ids('management', 'EventSource', 'organizations.amazonaws.com')).toEqual(
      idsWhere(() => true),
    );
    expect(await ids('management', 'EventSource', 'sts.amazonaws.com')).toEqual([]);
    expect(await ids('management', 'AccessKeyId', principal('management').accessKeyId)).toEqual(
      idsWhere((e) => e.userIdentity.type === 'AssumedRole'),
    );
    expect(await ids('management', 'Username', principal('management').sessionName)).toHaveLength(2);
    expect(await ids('management', 'ReadOnly', 'false')).toEqual(idsWhere(() => true));
    expect(await ids('management', 'ReadOnly', 'true')).toEqual([]);
    expect(await ids('management', 'EventId', all[1]!.eventID)).toEqual([all[1]!.eventID]);
    expect(await ids('security', 'ResourceName', `arn:aws:iam::${memberId}:root`, 'us-west-2')).toHaveLength(
      1,
    );
    expect(await ids('security', 'ResourceType', 'AWS::Organizations::Account', 'us-west-2')).toHaveLength(1);
    expect(await ids('security', 'ResourceType', 'AWS::S3::Bucket', 'us-west-2')).toEqual([]);
  });

  it('limits results to a time window on the emulator clock', async () => {
    const before = await t.clock();
    const later = await t.clock(3600);
    await t
      .org('management')
      .send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'access-analyzer.amazonaws.com' }));
    const middle = new Date(later.getTime() - 1_800_000);
    const recent = await lookup('management', { StartTime: middle });
    expect(recent.Events!.map((e) => record(e).requestParameters.servicePrincipal)).toEqual([
      'access-analyzer.amazonaws.com',
    ]);
    const old = await lookup('management', { EndTime: middle });
    expect(old.Events!.every((e) => e.EventTime!.getTime() <= before.getTime() + 1000)).toBe(true);
    expect(old.Events).toHaveLength(3);
    expect(await failure(lookup('management', { StartTime: later, EndTime: before }))).toMatchObject({
      name: 'InvalidTimeRangeException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('pages newest first with tokens bound to the query', async () => {
    const mgmt = t.org('management');
    for (let i = 0; i < 4; i++) {
      await mgmt.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: `svc${i}.amazonaws.com` }));
      await mgmt.send(new DisableAWSServiceAccessCommand({ ServicePrincipal: `svc${i}.amazonaws.com` }));
    }
    const expected = (await truth(mgmtId)).map((e) => e.eventID);
    expect(expected.length).toBeGreaterThan(10);
    const got: string[] = [];
    const sizes: number[] = [];
    let token: string | undefined;
    do {
      const out = await lookup('management', { MaxResults: 4, ...(token ? { NextToken: token } : {}) });
      sizes.push(out.Events!.length);
      got.push(...out.Events!.map((e) => e.EventId!));
      token = out.NextToken;
    } while (token);
    expect(got).toEqual(expected);
    expect(sizes.slice(0, -1).every((n) => n === 4)).toBe(true);
    const first = await lookup('management', { MaxResults: 2 });
    expect(
      await failure(
        lookup('management', { ...attr('EventName', 'EnableAWSServiceAccess'), NextToken: first.NextToken! }),
      ),
    ).toMatchObject({ name: 'InvalidNextTokenException', $metadata: { httpStatusCode: 400 } });
    expect(await failure(lookup('management', { NextToken: 'not-a-token' }))).toMatchObject({
      name: 'InvalidNextTokenException',
    });
  });

  it('rejects bad lookup attributes and page sizes', async () => {
    const two = {
      LookupAttributes: [
        { AttributeKey: 'EventName' as const, AttributeValue: 'AssumeRoot' },
        { AttributeKey: 'Username' as const, AttributeValue: 'root' },
      ],
    };
    expect(await failure(lookup('management', two))).toMatchObject({
      name: 'InvalidLookupAttributesException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(await failure(lookup('management', attr('Colour' as LookupAttributeKey, 'blue')))).toMatchObject({
      name: 'InvalidLookupAttributesException',
    });
    expect(await failure(lookup('management', attr('EventName', '')))).toMatchObject({
      name: 'InvalidLookupAttributesException',
    });
    expect(await failure(lookup('management', { MaxResults: 51 }))).toMatchObject({
      name: 'InvalidMaxResultsException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(await failure(lookup('management', { MaxResults: 0 }))).toMatchObject({
      name: 'InvalidMaxResultsException',
    });
    expect((await lookup('management', { EventCategory: 'insight' })).Events).toEqual([]);
  });

  it('throttles at 2 calls per second per account, and the SDK retries through it', async () => {
    await t.config({ rates: { LookupEvents: 2 } });
    const stats = async () =>
      ((await (await fetch(`${t.emu.url}/_emulator/stats`)).json()) as { throttled: number }).throttled;
    const before = await stats();
    const patient = t.trail('management', 'us-east-1', 10);
    const outs = await Promise.all(
      Array.from({ length: 4 }, () => lookup('management', { MaxResults: 1 }, 'us-east-1', patient)),
    );
    expect(outs.every((o) => o.Events!.length === 1)).toBe(true);
    expect((await stats()) - before).toBeGreaterThanOrEqual(2);
    // Without retries the throttling surfaces as CloudTrail's ThrottlingException (HTTP 429).
    const impatient = t.trail('management', 'us-east-1', 1);
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => lookup('management', { MaxResults: 1 }, 'us-east-1', impatient)),
    );
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected[0]!.reason).toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 429 },
    });
  });
});
