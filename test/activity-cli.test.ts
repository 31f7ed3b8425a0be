/**
 * `rootctl activity` end to end against the emulator: the AssumeRoot calls made from the delegated
 * administrator account in one Region - exactly those, with their task policies - and nothing from
 * the management account or other Regions.
 *
 * Here the AssumeRoot calls are made through the SDK, so that refused calls, other Regions and the
 * management account's calls can be mixed in; test/activity-remediate.test.ts checks `activity` after a
 * real `rootctl remediate --yes` run.
 */
import { DeleteLoginProfileCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRootCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorFixture, runCli, type EmulatorFixture } from './guardrails-activity-support.js';
import { activity as activityLib } from '../src/index.js';
import { renderActivityJson } from '../src/core/activity/render.js';

const AUDIT = 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials';
const DELETE = 'arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials';

interface Session {
  eventId: string;
  principalArn: string;
  sessionIssuerArn: string;
  sourceIp: string;
  targetAccountId: string;
  taskPolicyArn: string;
  taskPolicy: string;
  outcome: string;
  errorCode: string | null;
  sessionAccessKeyId: string | null;
  allowed: boolean | null;
  calls: { eventName: string; errorCode: string | null }[] | null;
  callsLookup: string;
}
interface Report {
  schemaVersion: number;
  region: string;
  sessions: Session[];
  summary: {
    total: number;
    succeeded: number;
    failed: number;
    flagged: number;
    byTaskPolicy: Record<string, number>;
  };
}

let fx: EmulatorFixture;
let securityAccount: string;
let managementAccount: string;
let withPassword: string;
let other: string;
const made: { target: string; task: string; key: string | null }[] = [];

async function assumeRoot(profile: string, target: string, task: string, region = 'us-east-1') {
  const sts = new STSClient({ region, endpoint: fx.emu.url, credentials: fx.credentials(profile) });
  try {
    const c = (
      await sts.send(new AssumeRootCommand({ TargetPrincipal: target, TaskPolicyArn: { arn: task } }))
    ).Credentials!;
    return {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    };
  } catch (e) {
    if ((e as { name?: string }).name === 'AccessDenied') return undefined;
    throw e;
  }
}

const activity = (args: string[]) =>
  runCli(['activity', '--profile', 'security', '--endpoint-url', fx.emu.url, ...args], fx.env);

beforeAll(async () => {
  fx = await emulatorFixture({ accounts: 30, seed: 21, state: 'configured' });
  const state = await fx.state();
  managementAccount = state.organization.managementAccountId;
  securityAccount = state.delegatedAdministrators.find(
    (d) => d.servicePrincipal === 'iam.amazonaws.com',
  )!.accountId;
  const members = state.accounts.filter(
    (a) => a.status === 'ACTIVE' && a.id !== managementAccount && a.id !== securityAccount,
  );
  withPassword = members.find((a) => a.root.password)!.id;
  other = members.find((a) => a.id !== withPassword)!.id;

  // What a remediation run does: delete credentials in one account, audit another.
  const del = await assumeRoot('security', withPassword, DELETE);
  await new IAMClient({ region: 'us-east-1', endpoint: fx.emu.url, credentials: del! }).send(
    new DeleteLoginProfileCommand({}),
  );
  made.push({ target: withPassword, task: 'IAMDeleteRootUserCredentials', key: del!.accessKeyId });
  const audit = await assumeRoot('security', other, AUDIT);
  made.push({ target: other, task: 'IAMAuditRootUserCredentials', key: audit!.accessKeyId });
  // A root session in the delegated administrator's own account: its calls land in the caller's history.
  const own = await assumeRoot('security', securityAccount, DELETE);
  await new IAMClient({ region: 'us-east-1', endpoint: fx.emu.url, credentials: own! })
    .send(new DeleteLoginProfileCommand({}))
    .catch(() => undefined);
  made.push({ target: securityAccount, task: 'IAMDeleteRootUserCredentials', key: own!.accessKeyId });
  // A refused call (the management account cannot be targeted) is still an AssumeRoot call.
  expect(await assumeRoot('security', managementAccount, AUDIT)).toBeUndefined();
  made.push({ target: managementAccount, task: 'IAMAuditRootUserCredentials', key: null });
  // Not in the security account's us-east-1 history: a call from the management account, and one via eu-west-1.
  await assumeRoot('management', other, AUDIT);
  await assumeRoot('security', other, AUDIT, 'eu-west-1');
});
afterAll(async () => fx.close());

describe('rootctl activity', () => {
  it('lists exactly the AssumeRoot calls made from the calling account in the Region, with their task policies', async () => {
    const r = await activity(['--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.schemaVersion).toBe(1);
    expect(report.region).toBe('us-east-1');

    // Ground truth: the emulator's own CloudTrail record.
    const truth = (await fx.state()).events.filter(
      (e) =>
        e.eventName === 'AssumeRoot' &&
        e.recipientAccountId === securityAccount &&
        e.awsRegion === 'us-east-1',
    );
    expect(truth).toHaveLength(made.length);
    expect(report.sessions.map((s) => s.eventId).sort()).toEqual(
      truth.map((e) => e.eventID as string).sort(),
    );

    const got = report.sessions.map((s) => ({
      target: s.targetAccountId,
      task: s.taskPolicy,
      key: s.sessionAccessKeyId,
    }));
    expect(got).toEqual(made);
    for (const s of report.sessions) {
      expect(s.principalArn).toBe(`arn:aws:sts::${securityAccount}:assumed-role/RootOps/rootctl`);
      expect(s.sessionIssuerArn).toBe(`arn:aws:iam::${securityAccount}:role/RootOps`);
      expect(s.sourceIp).toMatch(/\d/);
    }
    expect(report.sessions.map((s) => s.outcome)).toEqual(['success', 'success', 'success', 'failed']);
    expect(report.sessions[3]!.errorCode).toBe('AccessDenied');
    expect(report.summary).toMatchObject({
      total: 4,
      succeeded: 3,
      failed: 1,
      flagged: 0,
      byTaskPolicy: { IAMDeleteRootUserCredentials: 2, IAMAuditRootUserCredentials: 2 },
    });
  });

  it("shows the calls of a session when the caller's history has them, and none for sessions recorded elsewhere", async () => {
    const report = JSON.parse((await activity(['--output', 'json'])).stdout) as Report;
    const byTarget = (id: string) => report.sessions.find((s) => s.targetAccountId === id)!;
    // Those calls were recorded in the member account, which is not the caller's event history: not
    // looked up, and said so.
    expect(byTarget(withPassword)).toMatchObject({ calls: null, callsLookup: 'member-account' });
    expect(byTarget(other)).toMatchObject({ calls: null, callsLookup: 'member-account' });
    expect(byTarget(securityAccount).callsLookup).toBe('looked-up');
    const ownCalls = byTarget(securityAccount).calls!;
    const truth = (await fx.state()).events.filter(
      (e) => e.userIdentity?.accessKeyId === byTarget(securityAccount).sessionAccessKeyId,
    );
    expect(ownCalls.map((c) => c.eventName)).toEqual(truth.map((e) => e.eventName as string));
    expect(ownCalls.map((c) => c.eventName)).toEqual(['DeleteLoginProfile']);
    expect(byTarget(managementAccount).calls).toBeNull();
    const skipped = JSON.parse((await activity(['--output', 'json', '--no-session-calls'])).stdout) as Report;
    expect(skipped.sessions.every((s) => s.calls === null)).toBe(true);
    const table = (await activity([])).stdout;
    expect(table).toContain('in member account');
    expect(table).toContain("not in this account's event history");
  });

  it('flags every call by a principal not in --allowed-principals, with exit 1 for CI', async () => {
    const ok = await activity([
      '--allowed-principals',
      `arn:aws:iam::${securityAccount}:role/RootOps`,
      '--output',
      'json',
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect((JSON.parse(ok.stdout) as Report).sessions.every((s) => s.allowed === true)).toBe(true);
    const bad = await activity(['--allowed-principals', `arn:aws:iam::${securityAccount}:role/BreakGlass`]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('4 by principals not in --allowed-principals');
    expect(bad.stderr).toContain('4 AssumeRoot calls by principals not in --allowed-principals');
  });

  it("the library's activity() is the CLI's --output json: one use case over the CloudTrail port", async () => {
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const allowed = `arn:aws:iam::${securityAccount}:role/RootOps`;
    const cli = await activity(['--since', since, '--allowed-principals', allowed, '--output', 'json']);
    expect(cli.code, cli.stderr).toBe(0);
    const connection = { endpoint: fx.emu.url, region: 'us-east-1', credentials: fx.credentials('security') };
    const lib = await activityLib({ ...connection, since: new Date(since), allowedPrincipals: [allowed] });
    const printed = JSON.parse(cli.stdout) as Report & { until: string };
    expect(JSON.parse(renderActivityJson(lib))).toEqual({ ...printed, until: lib.until });
    expect(lib.sessions.map((s) => s.targetAccountId)).toEqual(made.map((m) => m.target));
    // Further back than CloudTrail's event history: cut to 90 days, and said so.
    const warnings: string[] = [];
    const long = await activityLib({
      ...connection,
      since: new Date(Date.now() - 100 * 86_400_000),
      sessionCalls: false,
      onWarning: (w) => warnings.push(w),
    });
    expect(warnings).toEqual(['CloudTrail event history covers 90 days; looking back 90 days.']);
    expect(Date.parse(long.until) - Date.parse(long.since)).toBe(90 * 86_400_000);
    expect(long.sessions).toHaveLength(made.length);
  });

  it('filters by target account, reads other Regions with --region, and writes CSV', async () => {
    const one = JSON.parse(
      (await activity(['--account', withPassword, '--output', 'json'])).stdout,
    ) as Report;
    expect(one.sessions.map((s) => [s.targetAccountId, s.taskPolicy])).toEqual([
      [withPassword, 'IAMDeleteRootUserCredentials'],
    ]);
    const eu = JSON.parse((await activity(['--region', 'eu-west-1', '--output', 'json'])).stdout) as Report;
    expect(eu.sessions.map((s) => [s.targetAccountId, s.taskPolicy])).toEqual([
      [other, 'IAMAuditRootUserCredentials'],
    ]);
    const csv = (await activity(['--output', 'csv'])).stdout.trim().split('\n');
    expect(csv[0]!.split(',')).toContain('taskPolicyArn');
    expect(csv).toHaveLength(5);
    const table = await activity([]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`assumed-role/RootOps/rootctl`);
    expect(table.stdout).toContain('4 calls (3 succeeded, 1 failed)');
  });

  it('refuses bad input with one line and exit 2', async () => {
    for (const [args, code] of [
      [['--since', '7x'], 'InvalidDuration'],
      [['--since', '2025-13-45'], 'InvalidDuration'],
      [['--account', '12345'], 'InvalidAccountId'],
      [['--allowed-principals', 'RootOps'], 'InvalidArn'],
      [['--region', 'aws-global'], 'InvalidRegion'],
    ] as const) {
      const r = await activity([...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr.split('\n')[0]).toMatch(
        new RegExp(`^rootctl: ${code}: .*${args[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
      expect(r.stdout).toBe('');
    }
  });
});
