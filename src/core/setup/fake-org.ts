/**
 * An in-memory organization behind the doctor and setup ports, for unit tests (here and in library
 * users' own tests). Contract: it answers like the AWS adapters do - RootctlError with the AWS code in
 * `details.awsCode` - and gates calls by the caller's role the way AWS does: reads need the management
 * account or a delegated administrator; writes need the management account; IAM feature calls check
 * organization -> all features -> trusted access -> management or IAM delegated admin -> (Enable)
 * management. `deny` makes one action fail with AccessDenied, as a missing IAM permission would.
 * Every write is appended to `writes`.
 */
import type { OrgFeature } from '../model/task-policies.js';
import type { AccountState, OrgUnit, ScpPolicy } from '../ports.js';
import { featuresPort, settingsReader, treeReader, writerPort } from './fake-org-ports.js';
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
