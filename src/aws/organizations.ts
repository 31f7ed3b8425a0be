/** Organizations adapter: the OrganizationsReader/Writer ports on the SDK client. */
import {
  DeregisterDelegatedAdministratorCommand,
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  DisableAWSServiceAccessCommand,
  EnableAWSServiceAccessCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListDelegatedAdministratorsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  RegisterDelegatedAdministratorCommand,
  type Account,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { AccountId } from '../core/model/account-id.js';
import type {
  AccountState,
  OrgAccount,
  OrganizationsReader,
  OrganizationsWriter,
  ScpPolicy,
  ScpSummary,
  ScpTarget,
} from '../core/ports.js';
import { isAwsError, toRootctlError } from './errors.js';

function toAccount(a: Account): OrgAccount {
  return {
    id: a.Id! as AccountId,
    name: a.Name ?? '',
    email: a.Email ?? '',
    // `Status` is being retired in favour of `State`; read both.
    state: ((a as { State?: string }).State ?? a.Status ?? 'ACTIVE') as AccountState,
    ...(a.JoinedMethod === 'INVITED' || a.JoinedMethod === 'CREATED' ? { joinedMethod: a.JoinedMethod } : {}),
  };
}

/** Collects every page of a NextToken-paged call (an empty page with a token is not the end). */
async function allPages<T>(
  fetch: (token: string | undefined) => Promise<{ items: T[]; next: string | undefined }>,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    out.push(...page.items);
    token = page.next;
  } while (token);
  return out;
}

async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toRootctlError(e, what);
  }
}

/** The organization itself, its root, its service access and delegated administrators. */
function organizationReads(
  client: OrganizationsClient,
): Pick<
  OrganizationsReader,
  'describeOrganization' | 'listRoots' | 'listServiceAccess' | 'listDelegatedAdministrators'
> {
  return {
    describeOrganization: () =>
      call('organizations:DescribeOrganization', async () => {
        const o = (await client.send(new DescribeOrganizationCommand({}))).Organization!;
        const scpListed =
          o.AvailablePolicyTypes?.some(
            (t) => t.Type === 'SERVICE_CONTROL_POLICY' && t.Status === 'ENABLED',
          ) ?? false;
        return {
          id: o.Id!,
          featureSet: o.FeatureSet ?? 'ALL',
          managementAccountId: o.MasterAccountId!,
          scpEnabled: scpListed,
          arn: o.Arn,
        };
      }),
    listRoots: () =>
      call('organizations:ListRoots', () =>
        allPages(async (NextToken) => {
          const r = await client.send(new ListRootsCommand({ NextToken }));
          return {
            items: (r.Roots ?? []).map((x) => ({
              id: x.Id!,
              name: x.Name ?? 'Root',
              scpEnabled:
                x.PolicyTypes?.some((t) => t.Type === 'SERVICE_CONTROL_POLICY' && t.Status === 'ENABLED') ??
                false,
            })),
            next: r.NextToken,
          };
        }),
      ),
    listServiceAccess: () =>
      call('organizations:ListAWSServiceAccessForOrganization', () =>
        allPages(async (NextToken) => {
          const r = await client.send(new ListAWSServiceAccessForOrganizationCommand({ NextToken }));
          return {
            items: (r.EnabledServicePrincipals ?? []).map((p) => p.ServicePrincipal!),
            next: r.NextToken,
          };
        }),
      ),
    listDelegatedAdministrators: (servicePrincipal) =>
      call('organizations:ListDelegatedAdministrators', () =>
        allPages(async (NextToken) => {
          const r = await client.send(
            new ListDelegatedAdministratorsCommand({ ServicePrincipal: servicePrincipal, NextToken }),
          );
          return {
            items: (r.DelegatedAdministrators ?? []).map((d) => ({
              id: d.Id! as AccountId,
              name: d.Name ?? '',
            })),
            next: r.NextToken,
          };
        }),
      ),
  };
}

/** Accounts and the OU tree. */
function accountReads(
  client: OrganizationsClient,
): Pick<
  OrganizationsReader,
  | 'listAccountPages'
  | 'describeAccount'
  | 'listOusForParent'
  | 'listAccountsForParent'
  | 'accountsForParentPage'
  | 'parentOf'
> {
  return {
    async *listAccountPages() {
      let NextToken: string | undefined;
      do {
        const r = await call('organizations:ListAccounts', () =>
          client.send(new ListAccountsCommand({ NextToken })),
        );
        yield (r.Accounts ?? []).map(toAccount);
        NextToken = r.NextToken;
      } while (NextToken);
    },
    describeAccount: (id) =>
      call('organizations:DescribeAccount', async () => {
        try {
          return toAccount((await client.send(new DescribeAccountCommand({ AccountId: id }))).Account!);
        } catch (e) {
          if (isAwsError(e, 'AccountNotFoundException')) return undefined;
          throw e;
        }
      }),
    listOusForParent: (parentId) =>
      call('organizations:ListOrganizationalUnitsForParent', () =>
        allPages(async (NextToken) => {
          const r = await client.send(
            new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken }),
          );
          return {
            items: (r.OrganizationalUnits ?? []).map((o) => ({ id: o.Id!, name: o.Name ?? '', parentId })),
            next: r.NextToken,
          };
        }),
      ),
    listAccountsForParent: (parentId) =>
      call('organizations:ListAccountsForParent', () =>
        allPages(async (NextToken) => {
          const r = await client.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken }));
          return { items: (r.Accounts ?? []).map(toAccount), next: r.NextToken };
        }),
      ),
    accountsForParentPage: (parentId, nextToken) =>
      call('organizations:ListAccountsForParent', async () => {
        const r = await client.send(
          new ListAccountsForParentCommand({ ParentId: parentId, NextToken: nextToken, MaxResults: 20 }),
        );
        return { accounts: (r.Accounts ?? []).map(toAccount), next: r.NextToken || undefined };
      }),
    parentOf: (childId) =>
      call('organizations:ListParents', async () => {
        const r = await client.send(new ListParentsCommand({ ChildId: childId }));
        return r.Parents?.[0]?.Id ?? '';
      }),
  };
}

/** organizations:ListTargetsForPolicy, every page. */
function policyTargets(client: OrganizationsClient, policyId: string): Promise<ScpTarget[]> {
  return allPages(async (NextToken) => {
    const r = await client.send(new ListTargetsForPolicyCommand({ PolicyId: policyId, NextToken }));
    return {
      items: (r.Targets ?? []).map((t): ScpTarget => ({
        id: t.TargetId!,
        type: t.Type as ScpTarget['type'],
        name: t.Name ?? '',
      })),
      next: r.NextToken,
    };
  });
}

/** Service control policies: all of them with their targets, those on one target, one by id. */
function scpReads(
  client: OrganizationsClient,
): Pick<OrganizationsReader, 'listScps' | 'listScpsForTarget' | 'describeScp'> {
  return {
    listScps: (options = {}) =>
      call('organizations:ListPolicies', async () => {
        const summaries = await allPages(async (NextToken) => {
          const r = await client.send(
            new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY', NextToken }),
          );
          return { items: r.Policies ?? [], next: r.NextToken };
        });
        const out: ScpPolicy[] = [];
        for (const s of summaries) {
          const content = s.AwsManaged
            ? JSON.stringify({
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
              })
            : ((await client.send(new DescribePolicyCommand({ PolicyId: s.Id! }))).Policy?.Content ?? '{}');
          const targets =
            s.AwsManaged && options.awsManagedTargets === false ? [] : await policyTargets(client, s.Id!);
          out.push({ id: s.Id!, name: s.Name ?? s.Id!, awsManaged: s.AwsManaged ?? false, content, targets });
        }
        return out;
      }),
    listScpsForTarget: (targetId) =>
      call('organizations:ListPoliciesForTarget', () =>
        allPages(async (NextToken) => {
          const r = await client.send(
            new ListPoliciesForTargetCommand({
              TargetId: targetId,
              Filter: 'SERVICE_CONTROL_POLICY',
              NextToken,
            }),
          );
          return {
            items: (r.Policies ?? []).map((p): ScpSummary => ({
              id: p.Id!,
              name: p.Name ?? p.Id!,
              awsManaged: p.AwsManaged ?? false,
            })),
            next: r.NextToken,
          };
        }),
      ),
    describeScp: (policyId) =>
      call('organizations:DescribePolicy', async () => {
        const p = (await client.send(new DescribePolicyCommand({ PolicyId: policyId }))).Policy;
        const s = p?.PolicySummary;
        return {
          id: s?.Id ?? policyId,
          name: s?.Name ?? policyId,
          awsManaged: s?.AwsManaged ?? false,
          content: p?.Content ?? '{}',
        };
      }),
  };
}

export function organizationsReader(client: OrganizationsClient): OrganizationsReader {
  return { ...organizationReads(client), ...accountReads(client), ...scpReads(client) };
}

export function organizationsWriter(client: OrganizationsClient): OrganizationsWriter {
  return {
    enableServiceAccess: (ServicePrincipal) =>
      call(
        'organizations:EnableAWSServiceAccess',
        async () => void (await client.send(new EnableAWSServiceAccessCommand({ ServicePrincipal }))),
      ),
    disableServiceAccess: (ServicePrincipal) =>
      call(
        'organizations:DisableAWSServiceAccess',
        async () => void (await client.send(new DisableAWSServiceAccessCommand({ ServicePrincipal }))),
      ),
    registerDelegatedAdministrator: (AccountId, ServicePrincipal) =>
      call(
        'organizations:RegisterDelegatedAdministrator',
        async () =>
          void (await client.send(
            new RegisterDelegatedAdministratorCommand({ AccountId, ServicePrincipal }),
          )),
      ),
    deregisterDelegatedAdministrator: (AccountId, ServicePrincipal) =>
      call(
        'organizations:DeregisterDelegatedAdministrator',
        async () =>
          void (await client.send(
            new DeregisterDelegatedAdministratorCommand({ AccountId, ServicePrincipal }),
          )),
      ),
  };
}
