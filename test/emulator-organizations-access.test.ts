/**
 * Who may call each Organizations operation (management, delegated admin, member, outsider), and how a
 * consolidated-billing organization and a world without an organization answer, over real HTTP.
 */
import {
  DeregisterDelegatedAdministratorCommand,
  DisableAWSServiceAccessCommand,
  EnableAWSServiceAccessCommand,
  RegisterDelegatedAdministratorCommand,
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListChildrenCommand,
  ListDelegatedAdministratorsCommand,
  ListDelegatedServicesForAccountCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, startTestOrg, type EmulatorState, type TestOrg } from './emulator-helpers.js';

const IAM = 'iam.amazonaws.com';
let t: TestOrg;
let s: EmulatorState;

beforeAll(async () => {
  t = await startTestOrg();
  s = await t.state();
});
afterAll(async () => t.close());

const rootId = () => s.organization!.rootId;

describe('who may read', () => {
  const reads: [string, (c: OrganizationsClient) => Promise<unknown>][] = [
    ['ListAccounts', (c) => c.send(new ListAccountsCommand({}))],
    ['DescribeAccount', (c) => c.send(new DescribeAccountCommand({ AccountId: s.accounts[4]!.id }))],
    ['ListRoots', (c) => c.send(new ListRootsCommand({}))],
    [
      'ListOrganizationalUnitsForParent',
      (c) => c.send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId() })),
    ],
    ['ListAccountsForParent', (c) => c.send(new ListAccountsForParentCommand({ ParentId: rootId() }))],
    [
      'ListChildren',
      (c) => c.send(new ListChildrenCommand({ ParentId: rootId(), ChildType: 'ORGANIZATIONAL_UNIT' })),
    ],
    ['ListParents', (c) => c.send(new ListParentsCommand({ ChildId: s.accounts[4]!.id }))],
    [
      'ListAWSServiceAccessForOrganization',
      (c) => c.send(new ListAWSServiceAccessForOrganizationCommand({})),
    ],
    ['ListDelegatedAdministrators', (c) => c.send(new ListDelegatedAdministratorsCommand({}))],
    [
      'ListDelegatedServicesForAccount',
      (c) =>
        c.send(
          new ListDelegatedServicesForAccountCommand({ AccountId: s.delegatedAdministrators[0]!.accountId }),
        ),
    ],
    ['ListPolicies', (c) => c.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }))],
    ['DescribePolicy', (c) => c.send(new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' }))],
    ['ListTargetsForPolicy', (c) => c.send(new ListTargetsForPolicyCommand({ PolicyId: 'p-FullAWSAccess' }))],
    [
      'ListPoliciesForTarget',
      (c) =>
        c.send(new ListPoliciesForTargetCommand({ TargetId: rootId(), Filter: 'SERVICE_CONTROL_POLICY' })),
    ],
  ];

  it.each(reads)(
    '%s: management and delegated admin may, a member is denied, an outsider is not in an org',
    async (_name, call) => {
      await expect(call(t.org('management'))).resolves.toBeDefined();
      await expect(call(t.org('security'))).resolves.toBeDefined();
      expect(await failure(call(t.org('member')))).toMatchObject({
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      });
      expect(await failure(call(t.org('outside')))).toMatchObject({
        name: 'AWSOrganizationsNotInUseException',
        $metadata: { httpStatusCode: 400 },
      });
    },
  );

  it('lets any member describe the organization, but not an outsider', async () => {
    const d = await t.org('member').send(new DescribeOrganizationCommand({}));
    expect(d.Organization!.MasterAccountId).toBe(s.organization!.managementAccountId);
    expect(await failure(t.org('outside').send(new DescribeOrganizationCommand({})))).toMatchObject({
      name: 'AWSOrganizationsNotInUseException',
    });
  });
});

describe('consolidated-billing and org-less worlds', () => {
  let cb: TestOrg;
  beforeAll(async () => {
    cb = await startTestOrg({ accounts: 12, featureSet: 'CONSOLIDATED_BILLING', state: 'fresh' });
  });
  afterAll(async () => cb.close());

  it('reports no policy types on the root and refuses SCP reads', async () => {
    const c = cb.org('management');
    expect((await c.send(new ListRootsCommand({}))).Roots![0]!.PolicyTypes).toEqual([]);
    expect(
      await failure(c.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }))),
    ).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    expect(
      await failure(
        c.send(
          new ListPoliciesForTargetCommand({
            TargetId: cb.scenario.organization!.rootId,
            Filter: 'SERVICE_CONTROL_POLICY',
          }),
        ),
      ),
    ).toMatchObject({ name: 'AccessDeniedException' });
    expect(await failure(c.send(new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' })))).toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  it('answers AWSOrganizationsNotInUseException when there is no organization at all', async () => {
    const none = await startTestOrg({ accounts: 4, mutate: (sc) => void (sc.organization = null) });
    try {
      expect(await failure(none.org('management').send(new DescribeOrganizationCommand({})))).toMatchObject({
        name: 'AWSOrganizationsNotInUseException',
      });
      expect(await failure(none.org('management').send(new ListAccountsCommand({})))).toMatchObject({
        name: 'AWSOrganizationsNotInUseException',
      });
    } finally {
      await none.close();
    }
  });
});

describe('who may write', () => {
  let t: TestOrg;
  beforeAll(async () => {
    t = await startTestOrg({ state: 'configured' });
  });
  afterAll(async () => t.close());

  const writes: [string, (c: OrganizationsClient, t: TestOrg) => Promise<unknown>][] = [
    [
      'EnableAWSServiceAccess',
      (c) => c.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'guardduty.amazonaws.com' })),
    ],
    [
      'RegisterDelegatedAdministrator',
      (c, t) =>
        c.send(
          new RegisterDelegatedAdministratorCommand({
            AccountId: t.scenario.accounts[6]!.id,
            ServicePrincipal: 'guardduty.amazonaws.com',
          }),
        ),
    ],
    [
      'DeregisterDelegatedAdministrator',
      (c, t) =>
        c.send(
          new DeregisterDelegatedAdministratorCommand({
            AccountId: t.scenario.accounts[6]!.id,
            ServicePrincipal: 'guardduty.amazonaws.com',
          }),
        ),
    ],
    [
      'DisableAWSServiceAccess',
      (c) => c.send(new DisableAWSServiceAccessCommand({ ServicePrincipal: 'guardduty.amazonaws.com' })),
    ],
  ];

  it.each(writes)(
    '%s: only the management account; delegated admin and member denied, outsider not in an org',
    async (_name, call) => {
      // A full-permission role in the IAM delegated-admin account is still refused by Organizations' rule.
      expect(await failure(call(t.org('security-admin'), t))).toMatchObject({
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      });
      expect(await failure(call(t.org('member'), t))).toMatchObject({ name: 'AccessDeniedException' });
      expect(await failure(call(t.org('outside'), t))).toMatchObject({
        name: 'AWSOrganizationsNotInUseException',
        $metadata: { httpStatusCode: 400 },
      });
      await expect(call(t.org('management'), t)).resolves.toBeDefined();
    },
  );

  it("refuses a write the caller's identity policy does not allow, naming the missing permission", async () => {
    const e = await failure(
      t.org('security').send(
        new RegisterDelegatedAdministratorCommand({
          AccountId: t.scenario.accounts[6]!.id,
          ServicePrincipal: IAM,
        }),
      ),
    );
    expect(e).toMatchObject({ name: 'AccessDeniedException' });
    expect(e.message).toContain('organizations:RegisterDelegatedAdministrator');
  });

  it('refuses trusted access in a consolidated-billing organization', async () => {
    const cb = await startTestOrg({ accounts: 8, featureSet: 'CONSOLIDATED_BILLING', state: 'fresh' });
    try {
      expect(
        await failure(
          cb.org('management').send(new EnableAWSServiceAccessCommand({ ServicePrincipal: IAM })),
        ),
      ).toMatchObject({
        name: 'ConstraintViolationException',
        Reason: 'ORGANIZATION_NOT_IN_ALL_FEATURES_MODE',
        $metadata: { httpStatusCode: 400 },
      });
      expect((await cb.state()).serviceAccess).toEqual([]);
    } finally {
      await cb.close();
    }
  });
});
