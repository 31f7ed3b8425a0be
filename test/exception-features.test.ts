/**
 * `rootctl exception open` when the organization has only RootCredentialsManagement: AWS refuses the
 * unlock tasks ("Root sessions feature is not enabled for your AWS Organization.", live capture in
 * radkawar/stackd testdata/aws/iam/root_sessions.json), and rootctl says which feature to enable,
 * changing nothing; password recovery, gated by RootCredentialsManagement, still works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, type EmulatorState, type Fixture } from './remediate-support.js';

describe('exception open with RootCredentialsManagement alone', () => {
  let f: Fixture;
  let before: EmulatorState;
  beforeAll(async () => {
    f = await fixture({ accounts: 16, mutate: (s) => void (s.features = ['RootCredentialsManagement']) });
    before = await f.state();
  });
  afterAll(() => f.close());

  const members = (s: EmulatorState) =>
    s.accounts.filter((a) => a.status === 'ACTIVE' && a.id !== s.organization.managementAccountId);

  it('refuses unlock-sqs-queue-policy with the feature to enable, and changes nothing', async () => {
    const account = members(before).find((a) => a.queues.some((q) => q.policy))!;
    const queue = account.queues.find((q) => q.policy)!;
    const r = await f.run([
      'exception',
      'open',
      '--account',
      account.id,
      '--task',
      'unlock-sqs-queue-policy',
      '--queue-url',
      `${f.emu.url}/${account.id}/${queue.name}`,
      '--reason',
      'INC-9',
      '--yes',
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('RootSessions is not enabled for the organization');
    expect(r.stderr).toContain('Root sessions feature is not enabled for your AWS Organization.');
    const after = (await f.state()).accounts.find((a) => a.id === account.id)!;
    expect(after.queues.find((q) => q.name === queue.name)!.policy).toBe(queue.policy);
  });

  it('opens password-recovery, which RootCredentialsManagement carries', async () => {
    const account = members(before).find((a) => !a.root.password)!;
    const r = await f.run([
      'exception',
      'open',
      '--account',
      account.id,
      '--task',
      'password-recovery',
      '--reason',
      'INC-10',
      '--yes',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect((await f.state()).accounts.find((a) => a.id === account.id)!.root.password).toBe(true);
  });
});
