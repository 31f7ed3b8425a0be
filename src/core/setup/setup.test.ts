import { describe, expect, it } from 'vitest';
import type { AccountId } from '../model/account-id.js';
import { doctor } from '../doctor/index.js';
import { fakeOrgPorts, fakeOrgState, legacyBlockingScp, type FakeOrgState } from './fake-org.js';
import { applySetup, planSetup } from './index.js';
import type { SetupEvent, SetupRequest } from './types.js';

const SEC = '222222222222' as AccountId;
const setup = (admin: string = SEC): SetupRequest => ({ mode: 'setup', delegatedAdmin: admin as AccountId });
const configured = (over: Partial<FakeOrgState> = {}) =>
  fakeOrgState({
    trustedAccess: ['iam.amazonaws.com'],
    features: ['RootCredentialsManagement', 'RootSessions'],
    delegatedAdmins: [SEC],
    ...over,
  });
const fast = { verifyDelaysMs: [] };

describe('setup planner', () => {
  it('plans the four steps on a fresh organization, in the order AWS needs them', async () => {
    const s = fakeOrgState();
    const plan = await planSetup(fakeOrgPorts(s), setup());
    expect(plan.steps.map((x) => x.kind)).toEqual([
      'enable-trusted-access',
      'enable-root-credentials-management',
      'enable-root-sessions',
      'register-delegated-admin',
    ]);
    expect(plan.steps[3]).toMatchObject({
      accountId: SEC,
      awsCli: `aws organizations register-delegated-administrator --account-id ${SEC} --service-principal iam.amazonaws.com`,
    });
    expect(plan.delegatedAdmin).toEqual({ accountId: SEC, name: 'Security' });
    expect(plan).toMatchObject({
      schemaVersion: 1,
      kind: 'rootctl.setup-plan',
      mode: 'setup',
      organizationId: 'o-abcdefghij',
    });
    expect(s.writes).toEqual([]);
  });

  it('skips what is already done', async () => {
    const plan = await planSetup(
      fakeOrgPorts(fakeOrgState({ trustedAccess: ['iam.amazonaws.com'], features: ['RootSessions'] })),
      setup(),
    );
    expect(plan.steps.map((x) => x.kind)).toEqual([
      'enable-root-credentials-management',
      'register-delegated-admin',
    ]);
    expect(plan.skipped.map((x) => x.kind)).toEqual(['enable-trusted-access', 'enable-root-sessions']);
  });

  it('sets up the features only with --no-delegate', async () => {
    const plan = await planSetup(fakeOrgPorts(fakeOrgState()), { mode: 'setup', delegate: false });
    expect(plan.steps.map((x) => x.kind)).toEqual([
      'enable-trusted-access',
      'enable-root-credentials-management',
      'enable-root-sessions',
    ]);
    expect(plan.delegatedAdmin).toBeNull();
  });

  it('names blocking SCPs in the plan warnings', async () => {
    const plan = await planSetup(fakeOrgPorts(fakeOrgState({ scps: [legacyBlockingScp()] })), setup());
    expect(plan.warnings.map((w) => [w.id, w.policyId])).toEqual([['blocking-scp', 'p-blocking01']]);
    expect(plan.warnings[0]!.title).toContain('DenyRootUser');
  });

  const refusals: [string, Partial<FakeOrgState>, SetupRequest, string, RegExp][] = [
    [
      'a consolidated-billing organization',
      { org: { ...fakeOrgState().org!, featureSet: 'CONSOLIDATED_BILLING' } },
      setup(),
      'ConsolidatedBillingOrganization',
      /consolidated billing/,
    ],
    [
      'a member caller',
      { caller: { accountId: '333333333333' } },
      setup(),
      'NotManagementAccount',
      /333333333333 is a member account/,
    ],
    [
      'the delegated admin as caller',
      { caller: { accountId: SEC }, trustedAccess: ['iam.amazonaws.com'], delegatedAdmins: [SEC] },
      setup(),
      'NotManagementAccount',
      /is the IAM delegated administrator/,
    ],
    [
      'a caller outside any organization',
      { caller: { accountId: '999999999999' } },
      setup(),
      'NotInOrganization',
      /not in an AWS Organization/,
    ],
    [
      'an account not in the organization',
      {},
      setup('999999999999'),
      'UnknownAccount',
      /999999999999 is not in organization o-abcdefghij/,
    ],
    [
      'the management account as delegated admin',
      {},
      setup('111111111111'),
      'ManagementAccountTarget',
      /is the management account/,
    ],
    [
      'a suspended account as delegated admin',
      {},
      setup('555555555555'),
      'SuspendedAccount',
      /555555555555 \(old\) is SUSPENDED/,
    ],
    [
      'another account holding the IAM delegation',
      { trustedAccess: ['iam.amazonaws.com'], delegatedAdmins: [SEC] },
      setup('333333333333'),
      'DelegatedAdminExists',
      /222222222222 \(Security\) is already the IAM delegated administrator/,
    ],
    [
      'no --delegated-admin and no --no-delegate',
      {},
      { mode: 'setup' },
      'UsageError',
      /--delegated-admin <account-id>/,
    ],
    [
      '--delegated-admin with --no-delegate',
      {},
      { mode: 'setup', delegate: false, delegatedAdmin: SEC },
      'UsageError',
      /cannot be used together/,
    ],
  ];
  for (const [what, over, request, code, message] of refusals) {
    it(`refuses ${what} with ${code}, changing nothing`, async () => {
      const s = fakeOrgState(over);
      const err = await planSetup(fakeOrgPorts(s), request).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code });
      expect((err as Error).message).toMatch(message);
      expect(s.writes).toEqual([]);
    });
  }

  it('says how to move the delegation in the hint', async () => {
    const err = await planSetup(
      fakeOrgPorts(fakeOrgState({ trustedAccess: ['iam.amazonaws.com'], delegatedAdmins: [SEC] })),
      setup('333333333333'),
    ).catch((e: unknown) => e);
    expect((err as { hint: string }).hint).toBe(
      'To move the delegation to 333333333333: aws organizations deregister-delegated-administrator --account-id 222222222222 --service-principal iam.amazonaws.com, then run rootctl setup --delegated-admin 333333333333 again.',
    );
  });

  it('refuses with AccessDenied when the settings cannot be read', async () => {
    await expect(
      planSetup(fakeOrgPorts(fakeOrgState({ deny: ['organizations:ListDelegatedAdministrators'] })), setup()),
    ).rejects.toMatchObject({
      code: 'AccessDenied',
      message: expect.stringContaining('organizations:ListDelegatedAdministrators'),
    });
  });
});

describe('setup executor', () => {
  it('applies the plan, verifies each step, and a second plan is empty', async () => {
    const s = fakeOrgState();
    const ports = fakeOrgPorts(s);
    const events: SetupEvent[] = [];
    const result = await applySetup(ports, await planSetup(ports, setup()), {
      ...fast,
      onEvent: (e) => events.push(e),
    });
    expect(s.writes).toEqual([
      'enable-access:iam.amazonaws.com',
      'enable:RootCredentialsManagement',
      'enable:RootSessions',
      `register:${SEC}`,
    ]);
    expect(result.steps.every((x) => x.status === 'done' && x.verified)).toBe(true);
    expect(events.filter((e) => e.kind === 'step-done')).toHaveLength(4);
    expect((await doctor(ports)).ready).toBe(true);
    const again = await planSetup(ports, setup());
    expect(again.steps).toEqual([]);
    expect(again.skipped).toHaveLength(4);
  });

  it('counts a step that happened since the plan as already done', async () => {
    const s = fakeOrgState();
    const ports = fakeOrgPorts(s);
    const plan = await planSetup(ports, { mode: 'setup', delegate: false });
    s.trustedAccess.push('iam.amazonaws.com');
    const result = await applySetup(ports, plan, fast);
    expect(result.steps.map((x) => x.status)).toEqual(['already-done', 'done', 'done']);
    expect(s.writes).not.toContain('enable-access:iam.amazonaws.com');
  });

  it('fails verification when the change does not show when read back', async () => {
    const s = fakeOrgState();
    const ports = fakeOrgPorts(s);
    ports.writer.enableServiceAccess = async () => undefined; // accepted, but never takes effect
    const plan = await planSetup(ports, { mode: 'setup', delegate: false });
    await expect(applySetup(ports, plan, fast)).rejects.toMatchObject({
      code: 'SetupVerificationFailed',
      message: expect.stringContaining('step 1 of 3 (enable-trusted-access) failed; nothing was changed'),
    });
  });

  it('names the completed steps when a later step fails', async () => {
    const s = fakeOrgState();
    const ports = fakeOrgPorts(s);
    const plan = await planSetup(ports, setup());
    s.delegatedAdmins.push('444444444444'); // someone registers another account meanwhile
    await expect(applySetup(ports, plan, fast)).rejects.toMatchObject({
      message: expect.stringContaining(
        'completed before it: enable-trusted-access, enable-root-credentials-management, enable-root-sessions',
      ),
      details: { failedStep: 'register-delegated-admin' },
    });
  });

  it('undoes a configured organization in reverse order, then has nothing to undo', async () => {
    const s = configured();
    const ports = fakeOrgPorts(s);
    const plan = await planSetup(ports, { mode: 'undo' });
    expect(plan.steps.map((x) => x.kind)).toEqual([
      'deregister-delegated-admin',
      'disable-root-sessions',
      'disable-root-credentials-management',
      'disable-trusted-access',
    ]);
    expect(plan.warnings.map((w) => w.id)).toEqual(['undo-effect']);
    await applySetup(ports, plan, fast);
    expect(s).toMatchObject({ trustedAccess: [], features: [], delegatedAdmins: [] });
    expect((await planSetup(ports, { mode: 'undo' })).steps).toEqual([]);
  });

  it('refuses undo from the delegated admin', async () => {
    const s = configured({ caller: { accountId: SEC } });
    await expect(planSetup(fakeOrgPorts(s), { mode: 'undo' })).rejects.toMatchObject({
      code: 'NotManagementAccount',
    });
    expect(s.writes).toEqual([]);
  });
});

describe('setup --features', () => {
  it("takes rootctl's names and AWS's, in any order, and refuses anything else", async () => {
    const { parseFeatures } = await import('./features.js');
    expect(parseFeatures('credentials-management,root-sessions')).toEqual([
      'RootCredentialsManagement',
      'RootSessions',
    ]);
    expect(parseFeatures('RootSessions')).toEqual(['RootSessions']);
    expect(parseFeatures(' rootcredentialsmanagement ')).toEqual(['RootCredentialsManagement']);
    expect(() => parseFeatures('sessions')).toThrow(/--features 'sessions' is not a feature/);
    expect(() => parseFeatures(',')).toThrow(/at least one/);
  });
});
