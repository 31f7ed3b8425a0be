import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { AssumeRootCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { generateScenario } from '../emulator/scenario/generate.js';
import { cloudTrailReader, createPacer } from './cloudtrail.js';

describe('createPacer', () => {
  it('lets a burst of `perSecond` through, then spaces calls a little over 1/perSecond apart', async () => {
    let now = 0;
    const slept: number[] = [];
    const pace = createPacer(
      2,
      () => now,
      async (ms) => {
        slept.push(ms);
        now += ms;
      },
    );
    for (let i = 0; i < 5; i++) (await pace())();
    expect(slept).toEqual([525, 525, 525]);
  });

  it('counts refill from the response, so a slow request does not shorten the next gap', async () => {
    let now = 0;
    const slept: number[] = [];
    const pace = createPacer(
      1,
      () => now,
      async (ms) => {
        slept.push(ms);
        now += ms;
      },
    );
    const done = await pace();
    now += 400; // the request takes 400 ms
    done();
    await pace();
    expect(slept).toEqual([1050]);
  });
});

describe('cloudTrailReader against the emulator', () => {
  const scenario = generateScenario({ accounts: 12, seed: 3, state: 'configured' });
  const security = scenario.principals.find((p) => p.profile === 'security')!;
  const credentials = {
    accessKeyId: security.accessKeyId,
    secretAccessKey: security.secretAccessKey,
    sessionToken: security.sessionToken!,
  };
  let emu: RunningEmulator;
  // One reader for both tests: its pacer is what keeps the calls under the quota. maxAttempts 1: no
  // SDK retry may hide a throttled call.
  let reader: ReturnType<typeof cloudTrailReader>;
  const targets = scenario.accounts.filter(
    (a) =>
      a.status === 'ACTIVE' &&
      a.id !== scenario.organization!.managementAccountId &&
      a.id !== security.accountId,
  );

  beforeAll(async () => {
    emu = await startEmulator(scenario);
    const sts = new STSClient({ region: 'us-east-1', endpoint: emu.url, credentials });
    // 61 calls: more than one LookupEvents page (50).
    for (let i = 0; i < 61; i++) {
      await sts.send(
        new AssumeRootCommand({
          TargetPrincipal: targets[i % targets.length]!.id,
          TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' },
        }),
      );
    }
  });
  beforeAll(() => {
    reader = cloudTrailReader(
      new CloudTrailClient({ region: 'us-east-1', endpoint: emu.url, credentials, maxAttempts: 1 }),
    );
  });
  afterAll(async () => emu.close());

  it('follows NextToken across pages and returns every event, newest first', async () => {
    const events = await reader.lookupEvents({
      attribute: { key: 'EventName', value: 'AssumeRoot' },
      startTime: new Date(Date.now() - 3_600_000),
    });
    const truth = emu.world.trail.filter(
      (e) => e.eventName === 'AssumeRoot' && e.recipientAccountId === security.accountId,
    );
    expect(events).toHaveLength(61);
    expect(events.map((e) => e.eventId)).toEqual(truth.map((e) => e.eventID).reverse());
    expect(emu.core.stats.calls['cloudtrail:LookupEvents']).toBe(2);
  });

  it('stays under the 2 calls per second LookupEvents quota, so the emulator throttles none of them', async () => {
    const before = emu.core.stats.throttled;
    for (let i = 0; i < 6; i++) {
      await reader.lookupEvents({
        attribute: { key: 'AccessKeyId', value: `ASIANOSUCHKEY${i}` },
        startTime: new Date(Date.now() - 3_600_000),
      });
    }
    expect(emu.core.stats.throttled - before).toBe(0);
  });
});
