/**
 * An in-memory organization behind the doctor and setup ports, for unit tests (here and in library
 * users' own tests). Contract: it answers like the AWS adapters do - RootctlError with the AWS code in
 * `details.awsCode` - and gates calls by the caller's role the way AWS does: reads need the management
 * account or a delegated administrator; writes need the management account; IAM feature calls check
 * organization -> all features -> trusted access -> management or IAM delegated admin -> (Enable)
 * management. `deny` makes one action fail with AccessDenied, as a missing IAM permission would.
 * Every write is appended to `writes`.
 */
import { RootctlError } from '../errors.js';
import type { AccountId } from '../model/account-id.js';
import { IAM_SERVICE_PRINCIPAL, ORG_FEATURES, type OrgFeature } from '../model/task-policies.js';
import type { AccountState, OrgAccount, OrgUnit, ScpPolicy } from '../ports.js';
import type { SetupPorts } from './types.js';
import type { Partition } from '../model/arn.js';

/** The partition of the fake organization. */
const FAKE_PARTITION: Partition = 'aws';

export interface FakeAccount {
  id: string;
  name: string;
  state?: AccountState;
  parentId: string;
}

export interface FakeOrgState {
  caller: { accountId: string; arn?: string };
  org: {
    id: string;
    featureSet: 'ALL' | 'CONSOLIDATED_BILLING';
    managementAccountId: string;
    rootId: string;
    scpEnabled: boolean;
  } | null;
  ous: OrgUnit[];
  accounts: FakeAccount[];
  trustedAccess: string[];
  features: OrgFeature[];
  /** IAM delegated administrators (account ids). */
  delegatedAdmins: string[];
  scps: ScpPolicy[];
  stsEndpoint: string;
  /** Actions (e.g. organizations:ListPolicies) that fail with AccessDenied. */
  deny: string[];
  writes: string[];
}

const aws = (
  awsCode: string,
  message: string,
  code: 'AwsError' | 'AccessDenied' | 'NotInOrganization' | 'NotManagementOrDelegatedAdmin' = 'AwsError',
) => new RootctlError(code, message, { details: { awsCode } });

/** A small organization: management, a Security account, three workloads (one suspended) in OUs. */
export function fakeOrgState(overrides: Partial<FakeOrgState> = {}): FakeOrgState {
  return {
    caller: { accountId: '111111111111' },
    org: {
      id: 'o-abcdefghij',
      featureSet: 'ALL',
      managementAccountId: '111111111111',
      rootId: 'r-ab12',
      scpEnabled: true,
    },
    ous: [
      { id: 'ou-ab12-security', name: 'Security', parentId: 'r-ab12' },
      { id: 'ou-ab12-legacy00', name: 'Legacy', parentId: 'r-ab12' },
    ],
    accounts: [
      { id: '111111111111', name: 'Management', parentId: 'r-ab12' },
      { id: '222222222222', name: 'Security', parentId: 'ou-ab12-security' },
      { id: '333333333333', name: 'legacy-1', parentId: 'ou-ab12-legacy00' },
      { id: '444444444444', name: 'legacy-2', parentId: 'ou-ab12-legacy00' },
      { id: '555555555555', name: 'old', parentId: 'ou-ab12-legacy00', state: 'SUSPENDED' },
    ],
    trustedAccess: [],
    features: [],
    delegatedAdmins: [],
    scps: [],
    stsEndpoint: 'https://sts.us-east-1.amazonaws.com',
    deny: [],
    writes: [],
    ...overrides,
  };
}

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
function treeReader(s: FakeOrgState) {
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
function settingsReader(s: FakeOrgState) {
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

function featuresPort(s: FakeOrgState): SetupPorts['features'] {
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

function writerPort(s: FakeOrgState): SetupPorts['writer'] {
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

/** The doctor and setup ports over `s` (changed in place by the writes). */
export function fakeOrgPorts(s: FakeOrgState): SetupPorts {
  return {
    identity: {
      whoAmI: async () => ({
        accountId: s.caller.accountId,
        arn: s.caller.arn ?? `arn:${FAKE_PARTITION}:sts::${s.caller.accountId}:assumed-role/Admin/test`,
        userId: 'AROAEXAMPLE:test',
      }),
    },
    sts: { stsEndpoint: async () => s.stsEndpoint },
    organizations: { ...treeReader(s), ...settingsReader(s) },
    features: featuresPort(s),
    writer: writerPort(s),
  };
}

/** The classic "deny the root user" SCP (no aws:AssumedRoot exemption), attached to the fake Legacy OU. */
export function legacyBlockingScp(): ScpPolicy {
  return {
    id: 'p-blocking01',
    name: 'DenyRootUser',
    awsManaged: false,
    content: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyRootUser',
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { StringLike: { 'aws:PrincipalArn': `arn:${FAKE_PARTITION}:iam::*:root` } },
        },
      ],
    }),
    targets: [{ id: 'ou-ab12-legacy00', type: 'ORGANIZATIONAL_UNIT', name: 'Legacy' }],
  };
}
