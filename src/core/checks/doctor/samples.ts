/** Sample doctor facts for the doctor checks' tests: a ready organization, and ways to break it. */
import type { DoctorFacts, Fact, ScpBlockerReport } from '../../doctor/types.js';

const userArn = (account: string, name: string, partition = 'aws') =>
  `arn:${partition}:iam::${account}:user/${name}`;

export function readyFacts(over: Partial<DoctorFacts> = {}): DoctorFacts {
  return {
    generatedAt: '2025-01-01T00:00:00.000Z',
    caller: {
      accountId: '111122223333',
      arn: userArn('111122223333', 'admin'),
      role: 'delegated-admin',
      roleBasis: 'Account 111122223333 is the IAM delegated administrator.',
    },
    organization: {
      status: 'known',
      value: { id: 'o-a1b2c3d4e5', featureSet: 'ALL', managementAccountId: '123456789012' },
    },
    accounts: { status: 'known', value: { members: 4, activeMembers: 3, suspendedMembers: 1 } },
    trustedAccess: { status: 'known', value: true },
    features: { status: 'known', value: { RootCredentialsManagement: true, RootSessions: true } },
    delegatedAdministrators: { status: 'known', value: [{ accountId: '111122223333', name: 'security' }] },
    scps: { status: 'known', value: { policyTypeEnabled: true, blockers: [] } },
    sts: {
      region: 'us-east-1',
      endpoint: 'https://sts.us-east-1.amazonaws.com',
      kind: 'regional',
      regionalEndpoint: 'https://sts.us-east-1.amazonaws.com',
      note: 'Regional endpoint.',
    },
    ...over,
  };
}

export const denied = (action: string, code = 'AccessDenied'): Fact<never> => ({
  status: 'unknown',
  action,
  code,
  reason: `User is not authorized to perform: ${action}`,
});

export const notApplicable: Fact<never> = {
  status: 'not-applicable',
  reason: 'The organization has consolidated billing features only.',
};

export const asManagement = {
  accountId: '123456789012',
  arn: userArn('123456789012', 'admin'),
  role: 'management' as const,
  roleBasis: 'Account 123456789012 is the management account.',
};
export const asMember = {
  accountId: '210987654321',
  arn: userArn('210987654321', 'dev'),
  role: 'member' as const,
  roleBasis: 'Account 210987654321 is a member account.',
};
export const asOutsider = {
  accountId: '210987654321',
  arn: userArn('210987654321', 'dev'),
  role: 'none' as const,
  roleBasis: 'DescribeOrganization: AWSOrganizationsNotInUseException.',
};

export const denyRootScp: ScpBlockerReport = {
  policyId: 'p-examplepolicyid111',
  policyName: 'DenyRoot',
  kind: 'explicit-deny',
  reason: 'Denies * to every root session.',
  blockedTasks: ['IAMAuditRootUserCredentials'],
  targets: [{ id: 'ou-abcd-11111111', name: 'Workloads', type: 'ORGANIZATIONAL_UNIT' }],
  accountsCovered: 2,
  accountsBlocked: 2,
};
