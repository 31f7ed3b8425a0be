import { describe, expect, it } from 'vitest';
import { parseAssumeRootEvent, parseSessionCall, type LookedUpEvent } from './records.js';
import { renderActivityCsv, renderActivityJson, renderActivityTable } from './render.js';
import { buildActivityReport, isAllowedPrincipal } from './report.js';

/** The AWS documentation sample of an AssumeRoot record (identifiers replaced). */
const DOC_SAMPLE = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLEID:operator',
    arn: 'arn:aws:sts::111111111111:assumed-role/RootOps/operator',
    accountId: '111111111111',
    accessKeyId: 'ASIAEXAMPLECALLER',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAEXAMPLEID',
        arn: 'arn:aws:iam::111111111111:role/RootOps',
        accountId: '111111111111',
        userName: 'RootOps',
      },
      attributes: { creationDate: '2024-10-25T20:45:28Z', mfaAuthenticated: 'false' },
      assumedRoot: 'true',
    },
  },
  eventTime: '2024-10-25T20:52:11Z',
  eventSource: 'sts.amazonaws.com',
  eventName: 'AssumeRoot',
  awsRegion: 'us-west-2',
  sourceIPAddress: '192.0.2.1',
  requestParameters: {
    targetPrincipal: '222222222222',
    taskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy' },
  },
  responseElements: {
    credentials: {
      accessKeyId: 'ASIAEXAMPLEROOTSESSION',
      sessionToken: '<redacted>',
      expiration: 'Oct 25, 2024, 9:07:11 PM',
    },
  },
};

const looked = (record: Record<string, unknown>, id = 'e-1'): LookedUpEvent => ({
  eventId: id,
  eventName: String(record.eventName),
  eventTime: new Date(String(record.eventTime)),
  eventSource: String(record.eventSource),
  cloudTrailEvent: JSON.stringify(record),
});

describe('AssumeRoot records', () => {
  it('reads who, when, from where, target, task policy and session key from the documented record', () => {
    expect(parseAssumeRootEvent(looked(DOC_SAMPLE))).toEqual({
      eventId: 'e-1',
      time: '2024-10-25T20:52:11Z',
      region: 'us-west-2',
      principalArn: 'arn:aws:sts::111111111111:assumed-role/RootOps/operator',
      sessionIssuerArn: 'arn:aws:iam::111111111111:role/RootOps',
      callerAccountId: '111111111111',
      sourceIp: '192.0.2.1',
      userAgent: null,
      targetAccountId: '222222222222',
      taskPolicyArn: 'arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy',
      taskPolicy: 'S3UnlockBucketPolicy',
      task: 'unlock-s3-bucket-policy',
      outcome: 'success',
      errorCode: null,
      errorMessage: null,
      sessionAccessKeyId: 'ASIAEXAMPLEROOTSESSION',
    });
  });

  it('reads a root-ARN target, a denied call, and ignores other events', () => {
    const denied = {
      ...DOC_SAMPLE,
      requestParameters: {
        targetPrincipal: 'arn:aws:iam::333333333333:root',
        taskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword' },
      },
      responseElements: null,
      errorCode: 'AccessDenied',
      errorMessage: 'nope',
    };
    const r = parseAssumeRootEvent(looked(denied))!;
    expect(r).toMatchObject({
      targetAccountId: '333333333333',
      outcome: 'failed',
      errorCode: 'AccessDenied',
      sessionAccessKeyId: null,
      task: 'password-recovery',
    });
    expect(parseAssumeRootEvent(looked({ ...DOC_SAMPLE, eventName: 'AssumeRole' }))).toBeUndefined();
    expect(
      parseAssumeRootEvent({
        eventId: 'x',
        eventName: 'AssumeRoot',
        eventTime: new Date('2024-01-01T00:00:00Z'),
        eventSource: undefined,
        cloudTrailEvent: '{broken',
      }),
    ).toMatchObject({ eventId: 'x', time: '2024-01-01T00:00:00Z', targetAccountId: null, taskPolicy: null });
  });

  it('reads session calls', () => {
    const call = parseSessionCall(
      looked({
        eventID: 'c-1',
        eventName: 'DeleteLoginProfile',
        eventSource: 'iam.amazonaws.com',
        eventTime: '2024-10-25T20:53:00Z',
        awsRegion: 'us-east-1',
        recipientAccountId: '222222222222',
        userIdentity: { type: 'Root', sessionContext: { assumedRoot: 'true' } },
      }),
    );
    expect(call).toEqual({
      eventId: 'c-1',
      time: '2024-10-25T20:53:00Z',
      eventName: 'DeleteLoginProfile',
      eventSource: 'iam.amazonaws.com',
      region: 'us-east-1',
      accountId: '222222222222',
      errorCode: null,
      assumedRoot: true,
    });
    const plain = { eventID: 'c-2', eventName: 'GetUser', eventTime: '2024-10-25T20:54:00Z' };
    expect(parseSessionCall(looked(plain)).assumedRoot).toBe(false);
  });
});

describe('activity report', () => {
  const a = parseAssumeRootEvent(looked(DOC_SAMPLE, 'e-a'))!;
  const b = parseAssumeRootEvent(
    looked(
      {
        ...DOC_SAMPLE,
        eventTime: '2024-10-24T10:00:00Z',
        userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111111111111:assumed-role/Intruder/x' },
        requestParameters: {
          targetPrincipal: '444444444444',
          taskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials' },
        },
      },
      'e-b',
    ),
  )!;
  const o = {
    region: 'us-west-2',
    since: new Date('2024-10-20T00:00:00Z'),
    until: new Date('2024-10-26T00:00:00Z'),
  };

  it('matches allowed principals on the role or the session ARN, with wildcards', () => {
    expect(isAllowedPrincipal(a, ['arn:aws:iam::111111111111:role/RootOps'])).toBe(true);
    expect(isAllowedPrincipal(a, ['arn:aws:sts::111111111111:assumed-role/RootOps/*'])).toBe(true);
    expect(isAllowedPrincipal(a, ['arn:aws:iam::111111111111:role/Other'])).toBe(false);
  });

  it('sorts oldest first, flags callers outside the allowed list, filters by account and counts task policies', () => {
    const calls = new Map([['ASIAEXAMPLEROOTSESSION', []]]);
    const r = buildActivityReport([a, b], {
      ...o,
      allowedPrincipals: ['arn:aws:iam::111111111111:role/RootOps'],
      callsByKey: calls,
    });
    expect(r.sessions.map((s) => [s.eventId, s.allowed])).toEqual([
      ['e-b', false],
      ['e-a', true],
    ]);
    expect(r.summary).toEqual({
      total: 2,
      succeeded: 2,
      failed: 0,
      flagged: 1,
      byTaskPolicy: { IAMDeleteRootUserCredentials: 1, S3UnlockBucketPolicy: 1 },
    });
    expect(r.sessions.find((s) => s.eventId === 'e-a')!.calls).toEqual([]);
    expect(
      buildActivityReport([a, b], { ...o, account: '444444444444' }).sessions.map((s) => s.eventId),
    ).toEqual(['e-b']);
    expect(buildActivityReport([a, a], o).sessions).toHaveLength(1);
  });

  it('renders JSON (schemaVersion 1), CSV with a header and one row per call, and a table', () => {
    const r = buildActivityReport([a, b], {
      ...o,
      allowedPrincipals: ['arn:aws:iam::111111111111:role/RootOps'],
    });
    const json = JSON.parse(renderActivityJson(r));
    expect(json.schemaVersion).toBe(1);
    expect(json.sessions).toHaveLength(2);
    const csv = renderActivityCsv(r).split('\n');
    expect(csv[0]).toBe(
      'time,region,principalArn,sessionIssuerArn,sourceIp,targetAccountId,taskPolicy,taskPolicyArn,outcome,errorCode,sessionAccessKeyId,allowed,calls',
    );
    expect(csv).toHaveLength(3);
    expect(csv[1]).toContain(',444444444444,IAMDeleteRootUserCredentials,');
    const table = renderActivityTable(r);
    expect(table).toContain('ALLOWED');
    expect(table).toContain('1 by principals not in --allowed-principals');
  });
});
