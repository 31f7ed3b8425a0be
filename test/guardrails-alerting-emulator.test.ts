/**
 * The alerting rule's event pattern against real CloudTrail records: an AssumeRoot call recorded by
 * the emulator, wrapped the way EventBridge delivers CloudTrail events, must match; other STS calls
 * and the root session's own IAM calls must not.
 */
import { DeleteLoginProfileCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRootCommand, STSClient } from '@aws-sdk/client-sts';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertingCloudFormation } from '../src/core/guardrails/alerting.js';
import {
  assumeRootPattern,
  cloudTrailApiEvent,
  matchesEventPattern,
  rootSignInPattern,
  type EventPattern,
} from '../src/core/guardrails/event-pattern.js';
import { accountsInOu, emulatorFixture, type EmulatorFixture } from './guardrails-activity-support.js';

let fx: EmulatorFixture;
let assumeRootRecord: Record<string, unknown>;
let sessionRecord: Record<string, unknown>;
let sessionKey: string;

beforeAll(async () => {
  fx = await emulatorFixture({ accounts: 20, seed: 5, state: 'configured' });
  const state = await fx.state();
  // An account whose root user has a password, so the session has something to delete (the emulator,
  // like a trail without read events, records write calls).
  const prod = new Set(accountsInOu(state, 'Prod'));
  const target = state.accounts.find((a) => prod.has(a.id) && a.root.password)!.id;
  const sts = new STSClient({
    region: 'us-east-1',
    endpoint: fx.emu.url,
    credentials: fx.credentials('security'),
  });
  const out = await sts.send(
    new AssumeRootCommand({
      TargetPrincipal: target,
      TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials' },
    }),
  );
  const c = out.Credentials!;
  sessionKey = c.AccessKeyId!;
  const iam = new IAMClient({
    region: 'us-east-1',
    endpoint: fx.emu.url,
    credentials: {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    },
  });
  await iam.send(new DeleteLoginProfileCommand({}));
  const events = (await fx.state()).events;
  assumeRootRecord = events.find(
    (e) => e.eventName === 'AssumeRoot' && e.responseElements?.credentials?.accessKeyId === sessionKey,
  )!;
  sessionRecord = events.find((e) => e.userIdentity?.accessKeyId === sessionKey)!;
});
afterAll(async () => fx.close());

/** The pattern exactly as the generated template carries it (not the builder's object). */
function patternFromTemplate(rule: 'AssumeRootRule' | 'RootSignInRule'): EventPattern {
  const t = parseYaml(alertingCloudFormation({ email: 'sec@example.com', includeRootSignIn: true })) as {
    Resources: Record<string, { Properties: { EventPattern: EventPattern } }>;
  };
  return t.Resources[rule]!.Properties.EventPattern;
}

describe('alerting event pattern vs emulator CloudTrail records', () => {
  it('the emulator recorded the AssumeRoot call and the session call', () => {
    expect(assumeRootRecord).toMatchObject({ eventSource: 'sts.amazonaws.com', eventName: 'AssumeRoot' });
    expect(sessionRecord).toMatchObject({
      eventSource: 'iam.amazonaws.com',
      eventName: 'DeleteLoginProfile',
      userIdentity: { type: 'Root' },
    });
  });

  it('matches the recorded AssumeRoot event, delivered as EventBridge does', () => {
    const pattern = patternFromTemplate('AssumeRootRule');
    expect(pattern).toEqual(assumeRootPattern());
    expect(matchesEventPattern(pattern, cloudTrailApiEvent(assumeRootRecord, 'aws.sts'))).toBe(true);
  });

  it("does not match other STS calls, other sources, or the root session's own calls", () => {
    const pattern = patternFromTemplate('AssumeRootRule');
    const assumeRole = {
      ...assumeRootRecord,
      eventName: 'AssumeRole',
      requestParameters: { roleArn: 'arn:aws:iam::111122223333:role/x', roleSessionName: 's' },
    };
    const callerIdentity = {
      ...assumeRootRecord,
      eventName: 'GetCallerIdentity',
      requestParameters: null,
      responseElements: null,
    };
    expect(matchesEventPattern(pattern, cloudTrailApiEvent(assumeRole, 'aws.sts'))).toBe(false);
    expect(matchesEventPattern(pattern, cloudTrailApiEvent(callerIdentity, 'aws.sts'))).toBe(false);
    expect(matchesEventPattern(pattern, cloudTrailApiEvent(assumeRootRecord, 'aws.iam'))).toBe(false);
    expect(matchesEventPattern(pattern, cloudTrailApiEvent(sessionRecord, 'aws.iam'))).toBe(false);
  });

  it('the root sign-in rule ignores root-session API calls (type Root) and fires only on ConsoleLogin', () => {
    const pattern = patternFromTemplate('RootSignInRule');
    expect(matchesEventPattern(pattern, cloudTrailApiEvent(sessionRecord, 'aws.iam'))).toBe(false);
    const login = {
      ...sessionRecord,
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      requestParameters: null,
      responseElements: { ConsoleLogin: 'Success' },
    };
    const delivered = {
      ...cloudTrailApiEvent(login, 'aws.signin'),
      'detail-type': 'AWS Console Sign In via CloudTrail',
    };
    expect(matchesEventPattern(pattern, delivered)).toBe(true);
    expect(pattern).toEqual(rootSignInPattern());
  });
});
