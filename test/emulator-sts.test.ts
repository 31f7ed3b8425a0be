/**
 * STS AssumeRoot rules, each both allowed and refused, through the real SDK over HTTP: who may call
 * it, which targets, which task policies, how long, and which endpoint.
 */
import { AssumeRootCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Scenario } from '../src/emulator/scenario/schema.js';
import {
  assumeRoot,
  credsOf,
  emulatorState,
  errorOf,
  members,
  startTestEmulator,
  stsClient,
  type Creds,
  type TestEmulator,
} from './helpers/emulator-clients.js';

const AUDIT = 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials';
const SMALL = { accounts: 16, seed: 5, state: 'configured' } as const;

function assume(
  url: string,
  caller: Creds,
  target: string,
  arn = AUDIT,
  extra: { DurationSeconds?: number } = {},
) {
  return stsClient(url, caller).send(
    new AssumeRootCommand({ TargetPrincipal: target, TaskPolicyArn: { arn }, ...extra }),
  );
}

describe('AssumeRoot', () => {
  let t: TestEmulator;
  let target: string;
  beforeAll(async () => {
    t = await startTestEmulator(SMALL, (s) => {
      // One suspended member is needed whatever the seed gives.
      const m = members(s, (a) => a.name !== 'Security');
      m[m.length - 1]!.status = 'SUSPENDED';
    });
    target = members(t.scenario, (a) => a.name !== 'Security')[0]!.id;
  });
  afterAll(async () => t.close());

  /**
   * Runs `body` with the emulator's clock held at one instant (ms included, as a real clock has), so a
   * session's expiration is compared with the time the server issued it at, not with a window of
   * this machine's wall clock (which a loaded machine can overrun).
   */
  async function atFixedServerTime<T>(body: (issuedAt: number) => Promise<T>): Promise<T> {
    const issuedAt = Math.floor(Date.now() / 1000) * 1000 + 789;
    const clock = vi.spyOn(t.emu.world, 'now').mockImplementation(() => new Date(issuedAt));
    try {
      return await body(issuedAt);
    } finally {
      clock.mockRestore();
    }
  }
  /** What Expiration says for a session of `seconds` issued at `issuedAt` (ISO 8601 in whole seconds). */
  const expiresAt = (issuedAt: number, seconds: number) =>
    new Date(Math.floor((issuedAt + seconds * 1000) / 1000) * 1000);

  it('issues 15-minute root credentials to the management account and the IAM delegated admin', async () => {
    for (const profile of ['management', 'security']) {
      const c = await atFixedServerTime(async (issuedAt) => {
        const issued = (await assume(t.url, credsOf(t.scenario, profile), target)).Credentials!;
        expect(issued.Expiration).toEqual(expiresAt(issuedAt, 900));
        return issued;
      });
      expect(c.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
      const me = await stsClient(t.url, {
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken!,
      }).send(new GetCallerIdentityCommand({}));
      expect(me).toMatchObject({ Account: target, Arn: `arn:aws:iam::${target}:root`, UserId: target });
    }
  });

  it('accepts the root ARN as TargetPrincipal and a shorter DurationSeconds; refuses more than 900 s', async () => {
    const caller = credsOf(t.scenario, 'security');
    await atFixedServerTime(async (issuedAt) => {
      const out = await assume(t.url, caller, `arn:aws:iam::${target}:root`, AUDIT, { DurationSeconds: 120 });
      expect(out.Credentials!.Expiration).toEqual(expiresAt(issuedAt, 120));
    });
    const e = await errorOf(assume(t.url, caller, target, AUDIT, { DurationSeconds: 901 }));
    expect(e.name).toBe('ValidationError');
    expect(e.$metadata?.httpStatusCode).toBe(400);
    expect(await errorOf(assume(t.url, caller, 'not-an-account'))).toMatchObject({ name: 'ValidationError' });
  });

  it('accepts exactly the five AWS managed root-task policies', async () => {
    const caller = credsOf(t.scenario, 'security');
    for (const name of [
      'IAMAuditRootUserCredentials',
      'IAMDeleteRootUserCredentials',
      'IAMCreateRootUserPassword',
      'S3UnlockBucketPolicy',
      'SQSUnlockQueuePolicy',
    ]) {
      await expect(
        assume(t.url, caller, target, `arn:aws:iam::aws:policy/root-task/${name}`),
      ).resolves.toBeDefined();
    }
    for (const arn of [
      'arn:aws:iam::aws:policy/AdministratorAccess',
      'arn:aws:iam::aws:policy/root-task/MadeUpTask',
      `arn:aws:iam::${target}:policy/root-task/IAMAuditRootUserCredentials`,
    ]) {
      expect((await errorOf(assume(t.url, caller, target, arn))).name).toBe('ValidationError');
    }
  });

  // Live AWS answers every refusal about the caller or the target with the bare denial, no reason
  // (radkawar/stackd testdata/aws/iam/root_access.json and root_sessions.json).
  const bare = (callerArn: string, account: string) =>
    `User: ${callerArn} is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::${account}:root`;

  it('refuses callers other than IAM principals of the management or IAM delegated admin account, without a reason', async () => {
    for (const profile of ['management-root', 'security-readonly', 'member']) {
      const caller = t.scenario.principals.find((p) => p.profile === profile)!;
      const e = await errorOf(assume(t.url, credsOf(t.scenario, profile), target));
      expect(e.name, profile).toBe('AccessDenied');
      expect(e.$metadata?.httpStatusCode).toBe(403);
      const arn =
        caller.kind === 'root-user'
          ? `arn:aws:iam::${caller.accountId}:root`
          : `arn:aws:sts::${caller.accountId}:assumed-role/${caller.roleName}/${caller.sessionName}`;
      expect(e.message, profile).toBe(bare(arn, target));
    }
    const session = await assumeRoot(
      t.url,
      credsOf(t.scenario, 'security'),
      target,
      'IAMAuditRootUserCredentials',
    );
    expect((await errorOf(assume(t.url, session, members(t.scenario)[1]!.id))).name).toBe('AccessDenied');
  });

  it('refuses the management account, suspended accounts and accounts outside the organization as targets, without a reason', async () => {
    const caller = credsOf(t.scenario, 'security');
    const me = t.scenario.principals.find((p) => p.profile === 'security')!;
    const callerArn = `arn:aws:sts::${me.accountId}:assumed-role/${me.kind === 'role' ? `${me.roleName}/${me.sessionName}` : ''}`;
    const suspended = t.scenario.accounts.find((a) => a.status === 'SUSPENDED')!.id;
    for (const id of [t.scenario.organization!.managementAccountId, suspended, '999999999999']) {
      const e = await errorOf(assume(t.url, caller, id));
      expect(e.name).toBe('AccessDenied');
      expect(e.message).toBe(bare(callerArn, id));
    }
  });

  it('words validation errors as live AWS does', async () => {
    const caller = credsOf(t.scenario, 'security');
    const cases: [Promise<unknown>, string][] = [
      [
        assume(t.url, caller, `arn:aws:iam::${target}:user/someone`),
        'Request must contain a valid target principal',
      ],
      [
        assume(t.url, caller, target, 'arn:aws:iam::aws:policy/ReadOnlyAccess'),
        'Request must contain valid AWS managed task policy ARN',
      ],
      [
        assume(t.url, caller, target, AUDIT, { DurationSeconds: 901 }),
        "1 validation error detected: Value '901' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 900",
      ],
    ];
    for (const [call, message] of cases) {
      const e = await errorOf(call);
      expect(e.name).toBe('ValidationError');
      expect(e.message).toBe(message);
    }
  });

  it('is refused on the global STS endpoint as AWS refuses it, and served on the Regional one', async () => {
    const caller = credsOf(t.scenario, 'security');
    const viaPath = new STSClient({
      region: 'us-east-1',
      endpoint: `${t.url}/sts-global`,
      credentials: caller,
      maxAttempts: 1,
    });
    const viaHost = stsClient(t.url, caller);
    viaHost.middlewareStack.add(
      (next) => async (args) => {
        (args.request as { headers: Record<string, string> }).headers.host = 'sts.amazonaws.com';
        return next(args);
      },
      { step: 'build', name: 'globalHost' },
    );
    for (const client of [viaPath, viaHost]) {
      const e = await errorOf(
        client.send(new AssumeRootCommand({ TargetPrincipal: target, TaskPolicyArn: { arn: AUDIT } })),
      );
      expect(e.name).toBe('InvalidAction');
      expect(e.message).toBe('Unknown Operation');
      // Other STS calls work on the global endpoint.
      expect((await client.send(new GetCallerIdentityCommand({}))).Arn).toMatch(/assumed-role\/RootOps\//);
    }
  });

  it('records AssumeRoot in the caller account with the target, task policy and session key', async () => {
    const caller = credsOf(t.scenario, 'security');
    const out = await assume(t.url, caller, target);
    const events = (await emulatorState(t.url)).events.filter(
      (e) => e.eventName === 'AssumeRoot' && !e.errorCode,
    ) as unknown as {
      recipientAccountId: string;
      requestParameters: { targetPrincipal: string; taskPolicyArn: { arn: string } };
      responseElements: { credentials: { accessKeyId: string } };
    }[];
    const event = events.find(
      (e) => e.responseElements.credentials.accessKeyId === out.Credentials!.AccessKeyId,
    );
    expect(event).toBeDefined();
    expect(event!.recipientAccountId).toBe(
      t.scenario.principals.find((p) => p.profile === 'security')!.accountId,
    );
    expect(event!.requestParameters).toMatchObject({
      targetPrincipal: target,
      taskPolicyArn: { arn: AUDIT },
    });
  });
});

describe('AssumeRoot and the organization state', () => {
  const withOut = (edit: (s: Scenario) => void) => async () => {
    const t = await startTestEmulator(SMALL, edit);
    try {
      const target = members(t.scenario, (a) => a.name !== 'Security')[0]!.id;
      await expect(assume(t.url, credsOf(t.scenario, 'management'), target)).rejects.toMatchObject({
        name: 'AccessDenied',
      });
      const e = await errorOf(assume(t.url, credsOf(t.scenario, 'security'), target));
      expect(e.name).toBe('AccessDenied');
      return e.message;
    } finally {
      await t.close();
    }
  };

  it('refuses every task with trusted access off: "Service not enabled for AWS Organizations."', async () => {
    expect(await withOut((s) => void (s.serviceAccess = []))()).toBe(
      'Service not enabled for AWS Organizations.',
    );
  });

  it('stops the security account once it is no longer the IAM delegated admin, with the bare denial', async () => {
    const t = await startTestEmulator(SMALL, (s) => void (s.delegatedAdministrators = []));
    try {
      const target = members(t.scenario, (a) => a.name !== 'Security')[0]!.id;
      const e = await errorOf(assume(t.url, credsOf(t.scenario, 'security'), target));
      expect(e.message).toMatch(
        /^User: \S+ is not authorized to perform: sts:AssumeRoot on resource: \S+:root$/,
      );
      await expect(assume(t.url, credsOf(t.scenario, 'management'), target)).resolves.toBeDefined();
    } finally {
      await t.close();
    }
  });
});
