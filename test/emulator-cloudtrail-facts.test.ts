/**
 * Issue 11, fact 5: CloudTrail as live AWS answers it. LookupEvents takes ReadOnly only as lower-case
 * true/false and refuses a StartTime in the future; the AssumeRoot record and the member-side records
 * of a root session carry `sessionContext.assumedRoot` as the IAM user guide's samples show
 * ("Track privileged tasks in CloudTrail"). Through the unmodified SDK, and the AWS CLI where installed.
 */
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DeleteLoginProfileCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assumeRoot,
  credsOf,
  errorOf,
  iamClient,
  startTestEmulator,
  type Creds,
  type TestEmulator,
} from './helpers/emulator-clients.js';
import { awsCli, awsCliVersion, cliEnv } from './helpers/aws-cli.js';

let t: TestEmulator;
let member = '';
const trail = (creds: Creds) =>
  new CloudTrailClient({ region: 'us-east-1', endpoint: t.url, credentials: creds, maxAttempts: 4 });

beforeAll(async () => {
  t = await startTestEmulator({ accounts: 8, seed: 46, state: 'configured' }, (s) => {
    const p = s.principals.find((x) => x.profile === 'member')!;
    member = p.accountId;
    s.accounts.find((a) => a.id === member)!.root.password = { createDate: '2023-01-01T00:00:00Z' };
  });
});
afterAll(async () => t?.close());

const readOnly = (value: string) =>
  new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: value }] });

describe('LookupEvents input as AWS checks it', () => {
  it('ReadOnly: "true"/"false" only, other spellings are InvalidLookupAttributesException', async () => {
    const ct = trail(credsOf(t.scenario, 'security'));
    await ct.send(readOnly('false'));
    await ct.send(readOnly('true'));
    for (const value of ['TRUE', 'False', 'yes']) {
      const e = await errorOf(ct.send(readOnly(value)));
      expect(e.name, value).toBe('InvalidLookupAttributesException');
      expect(e.$metadata?.httpStatusCode).toBe(400);
    }
  });

  it('a StartTime in the future is InvalidTimeRangeException', async () => {
    const ct = trail(credsOf(t.scenario, 'security'));
    const e = await errorOf(
      ct.send(new LookupEventsCommand({ StartTime: new Date(Date.now() + 3_600_000) })),
    );
    expect(e.name).toBe('InvalidTimeRangeException');
    await ct.send(new LookupEventsCommand({ StartTime: new Date(Date.now() - 3_600_000) }));
  });
});

describe('sessionContext.assumedRoot', () => {
  it("is on the AssumeRoot record's caller and on the member-side records of the session's calls", async () => {
    const operator = credsOf(t.scenario, 'security');
    const session = await assumeRoot(t.url, operator, member, 'IAMDeleteRootUserCredentials');
    await iamClient(t.url, session).send(new DeleteLoginProfileCommand({}));

    const opened = await trail(operator).send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRoot' }],
      }),
    );
    const record = JSON.parse(opened.Events![0]!.CloudTrailEvent!);
    expect(record.userIdentity.type).toBe('AssumedRole');
    expect(record.userIdentity.sessionContext.assumedRoot).toBe('true');
    expect(record.responseElements.credentials.accessKeyId).toBe(session.accessKeyId);

    const inMember = await trail(credsOf(t.scenario, 'member')).send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: session.accessKeyId }],
      }),
    );
    const call = JSON.parse(inMember.Events![0]!.CloudTrailEvent!);
    expect(call.eventName).toBe('DeleteLoginProfile');
    expect(call.userIdentity).toMatchObject({
      type: 'Root',
      arn: `arn:aws:iam::${member}:root`,
      accountId: member,
      accessKeyId: session.accessKeyId,
      sessionContext: { assumedRoot: 'true' },
    });
  });
});

describe.skipIf(awsCliVersion === undefined)('the same refusals through the AWS CLI', () => {
  it('aws cloudtrail lookup-events with ReadOnly=TRUE or a future --start-time', async () => {
    const env = cliEnv(t.url, credsOf(t.scenario, 'security'));
    const upper = await awsCli(
      ['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=ReadOnly,AttributeValue=TRUE'],
      env,
    );
    expect(upper.stderr).toContain(
      '(InvalidLookupAttributesException) when calling the LookupEvents operation',
    );
    const future = new Date(Date.now() + 7_200_000).toISOString();
    const later = await awsCli(['cloudtrail', 'lookup-events', '--start-time', future], env);
    expect(later.stderr).toContain('(InvalidTimeRangeException) when calling the LookupEvents operation');
  });
});
