/**
 * Issue 11 fact 8: identity policies are enforced with their conditions. The operator role carries
 * exactly what `rootctl guardrails operator-policy --tasks ...` prints; the emulator evaluates it
 * (sts:TaskPolicyArn included), so rootctl's audit works while an AssumeRoot for a task the policy
 * does not name is refused - through the unmodified SDK and the built CLI.
 */
import { AssumeRootCommand, STSClient } from '@aws-sdk/client-sts';
import { IAMClient, DisableOrganizationsRootSessionsCommand } from '@aws-sdk/client-iam';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../src/emulator/scenario/schema.js';
import { initDb } from '../src/store/db.js';
import { emulatorFixture, runCli, type EmulatorFixture } from './guardrails-activity-support.js';

async function operatorPolicy(tasks: string): Promise<Record<string, unknown>> {
  const r = await runCli(['guardrails', 'operator-policy', '--tasks', tasks]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

const attachTo = (policy: Record<string, unknown>) => (s: Scenario) => {
  const operator = s.principals.find((p) => p.profile === 'security')!;
  operator.policies = [policy];
};

const task = (name: string) => ({ arn: `arn:aws:iam::aws:policy/root-task/${name}` });

async function assumeRootError(
  fx: EmulatorFixture,
  member: string,
  taskName: string,
): Promise<string | undefined> {
  const sts = new STSClient({
    region: 'us-east-1',
    endpoint: fx.emu.url,
    credentials: fx.credentials('security'),
    maxAttempts: 1,
  });
  try {
    await sts.send(new AssumeRootCommand({ TargetPrincipal: member, TaskPolicyArn: task(taskName) }));
    return undefined;
  } catch (e) {
    const err = e as { name?: string; message?: string };
    return `${err.name}: ${err.message}`;
  }
}

function memberOf(fx: EmulatorFixture): string {
  const mgmt = fx.scenario.organization!.managementAccountId;
  return fx.scenario.accounts.find((a) => a.status === 'ACTIVE' && a.id !== mgmt)!.id;
}

describe('operator-policy --tasks audit, attached to the operator role', () => {
  let fx: EmulatorFixture;
  beforeAll(async () => {
    fx = await emulatorFixture(
      { accounts: 6, seed: 21, state: 'configured' },
      attachTo(await operatorPolicy('audit')),
    );
  }, 60_000);
  afterAll(() => fx.close());

  it('allows AssumeRoot for the audit task and refuses the delete task', async () => {
    const member = memberOf(fx);
    expect(await assumeRootError(fx, member, 'IAMAuditRootUserCredentials')).toBeUndefined();
    const refused = await assumeRootError(fx, member, 'IAMDeleteRootUserCredentials');
    expect(refused).toMatch(
      /^AccessDenied: User: arn:aws:sts::\d{12}:assumed-role\/RootOps\/\S+ is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::\d{12}:root/,
    );
  });

  it('denies turning centralized root access off (the policy explicit Deny)', async () => {
    const iam = new IAMClient({
      region: 'us-east-1',
      endpoint: fx.emu.url,
      credentials: fx.credentials('security'),
      maxAttempts: 1,
    });
    const err = await iam
      .send(new DisableOrganizationsRootSessionsCommand({}))
      .catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/explicit deny in an identity-based policy/);
  });

  it('rootctl audit works end to end; remediate --yes cannot delete anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rootctl-operator-policy-'));
    const db = join(dir, 'rootctl.db');
    await (await initDb(db)).close();
    const audit = await runCli(['audit', '-o', 'json', '--profile', 'security', '--db', db], fx.env);
    expect([0, 1], audit.stderr).toContain(audit.code);
    const report = JSON.parse(audit.stdout) as { accounts: { status: string }[] };
    expect(report.accounts.filter((a) => a.status === 'error')).toEqual([]);
    const remediate = await runCli(
      ['remediate', '--all', '--yes', '--profile', 'security', '--db', db],
      fx.env,
    );
    expect(remediate.code, remediate.stderr).not.toBe(0);
    expect(remediate.stderr + remediate.stdout).toMatch(/sts:AssumeRoot/);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});

describe('operator-policy --tasks audit,delete', () => {
  let fx: EmulatorFixture;
  beforeAll(async () => {
    fx = await emulatorFixture(
      { accounts: 6, seed: 22, state: 'configured' },
      attachTo(await operatorPolicy('audit,delete')),
    );
  }, 60_000);
  afterAll(() => fx.close());

  it('allows the audit and delete tasks and refuses password recovery and the unlock tasks', async () => {
    const member = memberOf(fx);
    expect(await assumeRootError(fx, member, 'IAMAuditRootUserCredentials')).toBeUndefined();
    expect(await assumeRootError(fx, member, 'IAMDeleteRootUserCredentials')).toBeUndefined();
    for (const name of ['IAMCreateRootUserPassword', 'S3UnlockBucketPolicy', 'SQSUnlockQueuePolicy'])
      expect(await assumeRootError(fx, member, name), name).toMatch(/^AccessDenied: .*sts:AssumeRoot/);
  });
});
