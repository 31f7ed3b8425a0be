/**
 * Organizations writes rootctl setup makes - trusted access and delegated administrators - through the
 * real SDK over HTTP: success and every refusal AWS documents.
 */
import {
  DeregisterDelegatedAdministratorCommand,
  DisableAWSServiceAccessCommand,
  EnableAWSServiceAccessCommand,
  ListAccountsCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  ListDelegatedServicesForAccountCommand,
  RegisterDelegatedAdministratorCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, startTestOrg, type TestOrg } from './emulator-helpers.js';

const IAM = 'iam.amazonaws.com';

describe('trusted access and delegated administrators in a fresh organization', () => {
  let t: TestOrg;
  let mgmt: OrganizationsClient;
  let securityId: string;
  let memberId: string;
  let suspendedId: string;
  let otherId: string;

  beforeAll(async () => {
    t = await startTestOrg({
      state: 'fresh',
      // One suspended member to register (the seed draws none by itself).
      mutate: (sc) => {
        const taken = new Set([
          sc.organization!.managementAccountId,
          ...sc.principals.map((p) => p.accountId),
        ]);
        sc.accounts.filter((a) => !taken.has(a.id)).at(-1)!.status = 'SUSPENDED';
      },
    });
    mgmt = t.org('management');
    const p = (name: string) => t.scenario.principals.find((x) => x.profile === name)!.accountId;
    securityId = p('security');
    memberId = p('member');
    suspendedId = t.scenario.accounts.find((a) => a.status === 'SUSPENDED')!.id;
    otherId = t.scenario.accounts.find(
      (a) =>
        a.status === 'ACTIVE' &&
        ![securityId, memberId, t.scenario.organization!.managementAccountId].includes(a.id),
    )!.id;
  });
  afterAll(async () => t.close());

  it('refuses to register a delegated admin before trusted access is enabled', async () => {
    expect(
      await failure(
        mgmt.send(
          new RegisterDelegatedAdministratorCommand({ AccountId: securityId, ServicePrincipal: IAM }),
        ),
      ),
    ).toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'SERVICE_ACCESS_NOT_ENABLED',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('enables trusted access once (idempotently) and lists it with its date', async () => {
    expect(
      (await mgmt.send(new ListAWSServiceAccessForOrganizationCommand({}))).EnabledServicePrincipals,
    ).toEqual([]);
    const before = await t.clock();
    await mgmt.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: IAM }));
    const listed = (await mgmt.send(new ListAWSServiceAccessForOrganizationCommand({})))
      .EnabledServicePrincipals!;
    expect(listed).toHaveLength(1);
    expect(listed[0]!.ServicePrincipal).toBe(IAM);
    expect(Math.abs(listed[0]!.DateEnabled!.getTime() - before.getTime())).toBeLessThan(5_000);
    await mgmt.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: IAM }));
    const again = (await mgmt.send(new ListAWSServiceAccessForOrganizationCommand({})))
      .EnabledServicePrincipals!;
    expect(again).toEqual(listed);
    expect((await t.state()).serviceAccess.map((x) => x.servicePrincipal)).toEqual([IAM]);
  });

  it('validates service principals: length, pattern and recognition', async () => {
    const enable = (sp: string) =>
      failure(mgmt.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: sp })));
    expect(await enable('')).toMatchObject({
      name: 'InvalidInputException',
      Reason: 'MIN_LENGTH_EXCEEDED',
      $metadata: { httpStatusCode: 400 },
    });
    expect(await enable(`${'a'.repeat(115)}.amazonaws.com`)).toMatchObject({
      name: 'InvalidInputException',
      Reason: 'MAX_LENGTH_EXCEEDED',
    });
    expect(await enable('iam amazonaws com')).toMatchObject({
      name: 'InvalidInputException',
      Reason: 'INVALID_PATTERN',
    });
    expect(await enable('iam.example.com')).toMatchObject({
      name: 'InvalidInputException',
      Reason: 'UNRECOGNIZED_SERVICE_PRINCIPAL',
    });
  });

  it('registers the security account for IAM and lists it both ways', async () => {
    await mgmt.send(
      new RegisterDelegatedAdministratorCommand({ AccountId: securityId, ServicePrincipal: IAM }),
    );
    const admins = (await mgmt.send(new ListDelegatedAdministratorsCommand({ ServicePrincipal: IAM })))
      .DelegatedAdministrators!;
    expect(admins.map((a) => a.Id)).toEqual([securityId]);
    const acct = t.scenario.accounts.find((a) => a.id === securityId)!;
    expect(admins[0]).toMatchObject({
      Name: acct.name,
      Email: acct.email,
      Status: 'ACTIVE',
      DelegationEnabledDate: expect.any(Date),
    });
    const services = (await mgmt.send(new ListDelegatedServicesForAccountCommand({ AccountId: securityId })))
      .DelegatedServices!;
    expect(services.map((d) => d.ServicePrincipal)).toEqual([IAM]);
    expect((await t.state()).delegatedAdministrators).toEqual([
      { accountId: securityId, servicePrincipal: IAM, delegationEnabledDate: expect.any(String) },
    ]);
  });

  it('maps every refused registration to the error AWS documents', async () => {
    const register = (AccountId: string, ServicePrincipal = IAM) =>
      failure(mgmt.send(new RegisterDelegatedAdministratorCommand({ AccountId, ServicePrincipal })));
    expect(await register(securityId)).toMatchObject({
      name: 'AccountAlreadyRegisteredException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(await register(otherId)).toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'DELEGATED_ADMINISTRATOR_EXISTS_FOR_THIS_SERVICE',
    });
    expect(await register(t.scenario.organization!.managementAccountId)).toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR',
    });
    expect(await register(suspendedId)).toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR',
    });
    expect(await register('999999999998')).toMatchObject({
      name: 'AccountNotFoundException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(await register('12345')).toMatchObject({
      name: 'InvalidInputException',
      Reason: 'INVALID_PATTERN',
    });
    expect(await register(otherId, 'securityhub.amazonaws.com')).toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'SERVICE_ACCESS_NOT_ENABLED',
    });
    // None of the refusals changed the state.
    expect((await t.state()).delegatedAdministrators.map((d) => d.accountId)).toEqual([securityId]);
  });

  it('allows several delegated admins for services other than IAM, and lists each account once', async () => {
    await mgmt.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'securityhub.amazonaws.com' }));
    await mgmt.send(
      new RegisterDelegatedAdministratorCommand({
        AccountId: otherId,
        ServicePrincipal: 'securityhub.amazonaws.com',
      }),
    );
    await mgmt.send(
      new RegisterDelegatedAdministratorCommand({
        AccountId: securityId,
        ServicePrincipal: 'securityhub.amazonaws.com',
      }),
    );
    const all = (await mgmt.send(new ListDelegatedAdministratorsCommand({}))).DelegatedAdministrators!;
    expect(all.map((a) => a.Id).sort()).toEqual([securityId, otherId].sort());
    const page = await mgmt.send(new ListDelegatedAdministratorsCommand({ MaxResults: 1 }));
    expect(page.DelegatedAdministrators).toHaveLength(1);
    expect(page.NextToken).toBeTruthy();
    expect(
      (await mgmt.send(new ListDelegatedServicesForAccountCommand({ AccountId: securityId })))
        .DelegatedServices!.map((d) => d.ServicePrincipal)
        .sort(),
    ).toEqual([IAM, 'securityhub.amazonaws.com']);
    expect(
      await failure(mgmt.send(new ListDelegatedServicesForAccountCommand({ AccountId: memberId }))),
    ).toMatchObject({ name: 'AccountNotRegisteredException', $metadata: { httpStatusCode: 400 } });
    expect(
      await failure(mgmt.send(new ListDelegatedServicesForAccountCommand({ AccountId: '999999999998' }))),
    ).toMatchObject({ name: 'AccountNotFoundException' });
  });

  it('makes a member a reader while it is a delegated admin, and not after it is deregistered', async () => {
    const member = t.org('member');
    expect(await failure(member.send(new ListAccountsCommand({})))).toMatchObject({
      name: 'AccessDeniedException',
    });
    await mgmt.send(
      new RegisterDelegatedAdministratorCommand({
        AccountId: memberId,
        ServicePrincipal: 'securityhub.amazonaws.com',
      }),
    );
    expect((await member.send(new ListAccountsCommand({}))).Accounts).toHaveLength(20);
    // ... but a delegated admin still may not write.
    expect(
      await failure(
        member.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'guardduty.amazonaws.com' })),
      ),
    ).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    await mgmt.send(
      new DeregisterDelegatedAdministratorCommand({
        AccountId: memberId,
        ServicePrincipal: 'securityhub.amazonaws.com',
      }),
    );
    expect(await failure(member.send(new ListAccountsCommand({})))).toMatchObject({
      name: 'AccessDeniedException',
    });
    expect(
      await failure(
        mgmt.send(
          new DeregisterDelegatedAdministratorCommand({
            AccountId: memberId,
            ServicePrincipal: 'securityhub.amazonaws.com',
          }),
        ),
      ),
    ).toMatchObject({
      name: 'AccountNotRegisteredException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(
      await failure(
        mgmt.send(
          new DeregisterDelegatedAdministratorCommand({ AccountId: '999999999998', ServicePrincipal: IAM }),
        ),
      ),
    ).toMatchObject({ name: 'AccountNotFoundException' });
  });

  it('refuses to disable trusted access while the service has delegated admins, then disables it and is quiet about a second disable', async () => {
    const SH = 'securityhub.amazonaws.com';
    expect(
      await failure(mgmt.send(new DisableAWSServiceAccessCommand({ ServicePrincipal: SH }))),
    ).toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'DELEGATED_ADMINISTRATOR_EXISTS_FOR_THIS_SERVICE',
      message:
        'You have delegated administrator/s for this service. De-register them in order to disable service access.',
      $metadata: { httpStatusCode: 400 },
    });
    expect((await t.state()).serviceAccess.map((x) => x.servicePrincipal)).toContain(SH);
    for (const id of [securityId, otherId])
      await mgmt.send(new DeregisterDelegatedAdministratorCommand({ AccountId: id, ServicePrincipal: SH }));
    await mgmt.send(new DisableAWSServiceAccessCommand({ ServicePrincipal: SH }));
    await mgmt.send(new DisableAWSServiceAccessCommand({ ServicePrincipal: SH }));
    const st = await t.state();
    expect(st.serviceAccess.map((x) => x.servicePrincipal)).toEqual([IAM]);
  });
});
