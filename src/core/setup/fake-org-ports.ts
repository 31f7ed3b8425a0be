/**
 * The fake organization's ports (src/core/setup/fake-org.ts), each gated by the caller's role the way
 * AWS gates the real calls: Organizations reads need the management account or a delegated
 * administrator, writes the management account; IAM feature calls check organization -> all features
 * -> trusted access -> management or IAM delegated admin -> (Enable) management.
 */
import { RootctlError } from '../errors.js';
import type { AccountId } from '../model/account-id.js';
import { IAM_SERVICE_PRINCIPAL, ORG_FEATURES } from '../model/task-policies.js';
import type { OrgAccount } from '../ports.js';
import type { FakeAccount, FakeOrgState } from './fake-org.js';
import type { SetupPorts } from './types.js';

const aws = (
  awsCode: string,
  message: string,
  code: 'AwsError' | 'AccessDenied' | 'NotInOrganization' | 'NotManagementOrDelegatedAdmin' = 'AwsError',
) => new RootctlError(code, message, { details: { awsCode } });

type Role = 'outside' | 'management' | 'delegated' | 'member';

/** Who the caller is to the organization: AWS gates every call on this. */
function roleOf(s: FakeOrgState): Role {
  if (s.org === null || !s.accounts.some((a) => a.id === s.caller.accountId)) return 'outside';
  if (s.caller.accountId === s.org.managementAccountId) return 'management';
  return s.delegatedAdmins.includes(s.caller.accountId) ? 'delegated' : 'member';
}

/** Organizations' gate: reads need the management account or a delegated admin, writes the management account. */
function organizationsGate(s: FakeOrgState, action: string, who: 'read' | 'write') {
  const role = roleOf(s);
  if (role === 'outside')
    throw aws(
      'AWSOrganizationsNotInUseException',
      `The calling account is not in an organization (${action}).`,
      'NotInOrganization',
    );
  if (s.deny.includes(action) || (who === 'read' ? role === 'member' : role !== 'management')) {
    throw aws(
      'AccessDeniedException',
      `Access denied for ${action}: You don't have permissions to access this resource.`,
      'AccessDenied',
    );
  }
  return s.org!;
}

/** IAM's organization-feature gate, in AWS's order (organization, all features, trusted access, role). */
function iamGate(s: FakeOrgState, action: string, enabling: boolean): void {
  const role = roleOf(s);
  if (role === 'outside')
    throw aws('OrganizationNotFoundException', 'not in an organization', 'NotInOrganization');
  if (s.org!.featureSet !== 'ALL')
    throw aws('OrganizationNotInAllFeaturesModeException', `${action} failed: not all features`);
  if (!s.trustedAccess.includes(IAM_SERVICE_PRINCIPAL))
    throw aws('ServiceAccessNotEnabledException', `${action} failed: trusted access for IAM is not enabled`);
  if (s.deny.includes(action)) throw aws('AccessDenied', `Access denied for ${action}`, 'AccessDenied');
  if (role === 'member')
    throw aws(
      'AccountNotManagementOrDelegatedAdministratorException',
      `not management or delegated admin (${action})`,
      'NotManagementOrDelegatedAdmin',
    );
  if (enabling && role !== 'management')
    throw aws(
      'CallerIsNotManagementAccountException',
      `${action} failed: caller is not the management account`,
    );
}

function orgAccount(a: FakeAccount): OrgAccount {
  return { id: a.id as AccountId, name: a.name, email: `${a.name}@example.com`, state: a.state ?? 'ACTIVE' };
}

function describeOrganization(s: FakeOrgState) {
  if (roleOf(s) === 'outside')
    throw aws(
      'AWSOrganizationsNotInUseException',
      'The calling account is not in an organization.',
      'NotInOrganization',
    );
  if (s.deny.includes('organizations:DescribeOrganization'))
    throw aws(
      'AccessDeniedException',
      'Access denied for organizations:DescribeOrganization',
      'AccessDenied',
    );
  const o = s.org!;
  return {
    id: o.id,
    featureSet: o.featureSet,
    managementAccountId: o.managementAccountId,
    scpEnabled: o.scpEnabled,
  };
}

/** The organization's tree reads (roots, accounts, OUs, parents). */
export function treeReader(s: FakeOrgState) {
  const gate = (action: string) => organizationsGate(s, action, 'read');
  return {
    describeOrganization: async () => describeOrganization(s),
    listRoots: async () => {
      const o = gate('organizations:ListRoots');
      return [{ id: o.rootId, name: 'Root', scpEnabled: o.featureSet === 'ALL' && o.scpEnabled }];
    },
    async *listAccountPages() {
      gate('organizations:ListAccounts');
      yield s.accounts.map(orgAccount);
    },
    describeAccount: async (id: string) => {
      gate('organizations:DescribeAccount');
      const a = s.accounts.find((x) => x.id === id);
      return a ? orgAccount(a) : undefined;
    },
    listOusForParent: async (parentId: string) => (
      gate('organizations:ListOrganizationalUnitsForParent'),
      s.ous.filter((o) => o.parentId === parentId)
    ),
    listAccountsForParent: async (parentId: string) => (
      gate('organizations:ListAccountsForParent'),
      s.accounts.filter((a) => a.parentId === parentId).map(orgAccount)
    ),
    parentOf: async (childId: string) => (
      gate('organizations:ListParents'),
      s.accounts.find((a) => a.id === childId)?.parentId ??
        s.ous.find((o) => o.id === childId)?.parentId ??
        ''
    ),
  };
}

/** Trusted access, delegated administrators and SCP reads. */
export function settingsReader(s: FakeOrgState) {
  const gate = (action: string) => organizationsGate(s, action, 'read');
  return {
    listServiceAccess: async () => (
      gate('organizations:ListAWSServiceAccessForOrganization'),
      [...s.trustedAccess]
    ),
    listDelegatedAdministrators: async (sp: string) => {
      gate('organizations:ListDelegatedAdministrators');
      if (sp !== IAM_SERVICE_PRINCIPAL) return [];
      return s.delegatedAdmins.map((id) => ({
        id: id as AccountId,
        name: s.accounts.find((a) => a.id === id)?.name ?? '',
      }));
    },
    listScps: async () => (gate('organizations:ListPolicies'), s.scps),
    listScpsForTarget: async (targetId: string) => (
      gate('organizations:ListPoliciesForTarget'),
      s.scps
        .filter((p) => p.targets.some((t) => t.id === targetId))
        .map((p) => ({ id: p.id, name: p.name, awsManaged: p.awsManaged }))
    ),
    describeScp: async (policyId: string) => {
      gate('organizations:DescribePolicy');
      const p = s.scps.find((x) => x.id === policyId);
      if (!p) throw aws('PolicyNotFoundException', 'policy not found');
      return { id: p.id, name: p.name, awsManaged: p.awsManaged, content: p.content };
    },
  };
}

export function featuresPort(s: FakeOrgState): SetupPorts['features'] {
  const enabled = () => ORG_FEATURES.filter((f) => s.features.includes(f));
  return {
    listFeatures: async () => (
      iamGate(s, 'iam:ListOrganizationsFeatures', false),
      { organizationId: s.org!.id, enabled: enabled() }
    ),
    enable: async (f) => {
      iamGate(s, `iam:EnableOrganizations${f}`, true);
      s.writes.push(`enable:${f}`);
      if (!s.features.includes(f)) s.features.push(f);
      return enabled();
    },
    disable: async (f) => {
      iamGate(s, `iam:DisableOrganizations${f}`, false);
      s.writes.push(`disable:${f}`);
      s.features = s.features.filter((x) => x !== f);
      return enabled();
    },
  };
}

export function writerPort(s: FakeOrgState): SetupPorts['writer'] {
  const gate = (action: string) => organizationsGate(s, action, 'write');
  return {
    enableServiceAccess: async (sp) => {
      if (gate('organizations:EnableAWSServiceAccess').featureSet !== 'ALL')
        throw aws('ConstraintViolationException', 'not all features');
      s.writes.push(`enable-access:${sp}`);
      if (!s.trustedAccess.includes(sp)) s.trustedAccess.push(sp);
    },
    disableServiceAccess: async (sp) => {
      gate('organizations:DisableAWSServiceAccess');
      s.writes.push(`disable-access:${sp}`);
      s.trustedAccess = s.trustedAccess.filter((x) => x !== sp);
    },
    registerDelegatedAdministrator: async (id) => {
      gate('organizations:RegisterDelegatedAdministrator');
      if (!s.trustedAccess.includes(IAM_SERVICE_PRINCIPAL))
        throw aws('ConstraintViolationException', 'SERVICE_ACCESS_NOT_ENABLED');
      if (s.delegatedAdmins.length)
        throw aws('ConstraintViolationException', 'DELEGATED_ADMINISTRATOR_EXISTS_FOR_THIS_SERVICE');
      s.writes.push(`register:${id}`);
      s.delegatedAdmins.push(id);
    },
    deregisterDelegatedAdministrator: async (id) => {
      gate('organizations:DeregisterDelegatedAdministrator');
      if (!s.delegatedAdmins.includes(id)) throw aws('AccountNotRegisteredException', 'not registered');
      s.writes.push(`deregister:${id}`);
      s.delegatedAdmins = s.delegatedAdmins.filter((x) => x !== id);
    },
  };
}
