/**
 * Reads the facts doctor judges, through the ports only (all reads, nothing changes). Every read that
 * the caller's role or permissions do not allow becomes an `unknown` fact with the failing action
 * and AWS's reason; only failures that make the whole run meaningless (no or bad credentials, no
 * network, DescribeOrganization denied) are thrown.
 */
import { RootctlError, isRootctlError } from '../errors.js';
import { IAM_SERVICE_PRINCIPAL } from '../model/task-policies.js';
import { walkTree, type OrgTree } from '../org/tree.js';
import type { CallerIdentity, OrganizationInfo, OrgRoot } from '../ports.js';
import { analyzeRootSessionScps } from '../scp/analysis.js';
import { orgPartition } from '../model/arn.js';
import { classifyStsEndpoint } from './sts-endpoint.js';
import type {
  AccountCounts,
  CallerRole,
  DoctorFacts,
  DoctorOptions,
  DoctorPorts,
  Fact,
  FeatureFacts,
  ScpFacts,
  StsFacts,
} from './types.js';

/** Errors after which no fact can be trusted: stop and report them (exit 3). */
const FATAL = new Set([
  'NoCredentials',
  'InvalidCredentials',
  'ExpiredCredentials',
  'NetworkError',
  'InternalError',
]);

/** The AWS error code behind a RootctlError, without the `Exception` suffix the docs and wire disagree on. */
export function awsCodeOf(e: unknown): string | undefined {
  if (!isRootctlError(e)) return undefined;
  const code = e.details.awsCode;
  return typeof code === 'string' ? code.replace(/Exception$/, '') : undefined;
}

function unknownFrom(e: unknown, action: string): Fact<never> {
  if (!isRootctlError(e)) throw e;
  if (FATAL.has(e.code)) throw e;
  const failed = e.details.action;
  return {
    status: 'unknown',
    // A read may make several calls (the OU tree: ListOrganizationalUnitsForParent and
    // ListAccountsForParent): name the one that failed.
    action: typeof failed === 'string' ? failed : action,
    code: e.code === 'AwsError' ? (awsCodeOf(e) ?? e.code) : e.code,
    reason: e.message,
  };
}

async function read<T>(action: string, fn: () => Promise<T>): Promise<Fact<T>> {
  try {
    return { status: 'known', value: await fn() };
  } catch (e) {
    return unknownFrom(e, action);
  }
}

const notApplicable = (reason: string): Fact<never> => ({ status: 'not-applicable', reason });

/** Features, reading IAM's precondition errors as what they mean: the features cannot be on. */
async function readFeatures(
  ports: DoctorPorts,
): Promise<{ fact: Fact<FeatureFacts>; answered: boolean; serviceAccessNotEnabled?: boolean }> {
  try {
    const { enabled } = await ports.features.listFeatures();
    return {
      fact: {
        status: 'known',
        value: {
          RootCredentialsManagement: enabled.includes('RootCredentialsManagement'),
          RootSessions: enabled.includes('RootSessions'),
        },
      },
      answered: true,
    };
  } catch (e) {
    const code = awsCodeOf(e);
    if (code === 'ServiceAccessNotEnabled') {
      return {
        fact: {
          status: 'known',
          value: { RootCredentialsManagement: false, RootSessions: false },
          note: 'IAM trusted access is off, so neither feature can be on (ListOrganizationsFeatures: ServiceAccessNotEnabled).',
        },
        answered: false,
        serviceAccessNotEnabled: true,
      };
    }
    return { fact: unknownFrom(e, 'iam:ListOrganizationsFeatures'), answered: false };
  }
}

function countAccounts(tree: OrgTree, managementAccountId: string): AccountCounts {
  const members = [...tree.accounts.values()].filter((a) => a.id !== managementAccountId);
  return {
    members: members.length,
    activeMembers: members.filter((a) => a.state === 'ACTIVE').length,
    suspendedMembers: members.filter((a) => a.state === 'SUSPENDED').length,
  };
}

function callerRole(
  who: CallerIdentity,
  org: OrganizationInfo,
  delegated: Fact<{ accountId: string }[]>,
  featuresAnswered: boolean,
): { role: CallerRole; roleBasis: string } {
  if (who.accountId === org.managementAccountId) {
    return {
      role: 'management',
      roleBasis: 'The caller account is the management account of the organization.',
    };
  }
  if (delegated.status === 'known') {
    return delegated.value.some((d) => d.accountId === who.accountId)
      ? {
          role: 'delegated-admin',
          roleBasis: 'ListDelegatedAdministrators lists the caller account for iam.amazonaws.com.',
        }
      : {
          role: 'member',
          roleBasis:
            'The caller account is neither the management account nor the IAM delegated administrator.',
        };
  }
  if (featuresAnswered) {
    return {
      role: 'delegated-admin',
      roleBasis:
        'ListOrganizationsFeatures answered, which only the management account and the IAM delegated administrator may call.',
    };
  }
  return {
    role: 'member',
    roleBasis:
      'The caller account is not the management account, and Organizations refused to list delegated administrators, which it allows every delegated administrator.',
  };
}

async function readTree(
  ports: DoctorPorts,
  options: DoctorOptions,
): Promise<{ root: Fact<OrgRoot>; tree: Fact<OrgTree> }> {
  const root = await read('organizations:ListRoots', async () => {
    const roots = await ports.organizations.listRoots();
    const first = roots[0];
    if (!first) throw new RootctlError('AwsError', 'ListRoots returned no root.');
    return first;
  });
  if (root.status !== 'known') return { root, tree: root };
  let listed = 0;
  const onAccounts = (accounts: readonly unknown[]) =>
    options.onEvent?.({ kind: 'accounts-listed', listed: (listed += accounts.length) });
  const { concurrency } = options;
  const tree = await read('organizations:ListOrganizationalUnitsForParent', () =>
    walkTree(ports.organizations, root.value.id, {
      onAccounts,
      ...(concurrency === undefined ? {} : { concurrency }),
    }),
  );
  return { root, tree };
}

function scpFacts(
  scps: Fact<Awaited<ReturnType<DoctorPorts['organizations']['listScps']>>>,
  tree: Fact<OrgTree>,
  typeEnabled: boolean,
  org: OrganizationInfo,
): Fact<ScpFacts> {
  if (!typeEnabled)
    return {
      status: 'known',
      value: { policyTypeEnabled: false, blockers: [] },
      note: 'The SCP policy type is not enabled on the root: no SCP applies.',
    };
  if (scps.status !== 'known') return scps;
  const analysis = analyzeRootSessionScps({
    scps: scps.value,
    tree: tree.status === 'known' ? tree.value : undefined,
    managementAccountId: org.managementAccountId,
    partition: orgPartition(org),
    orgId: org.id,
  });
  return {
    status: 'known',
    value: {
      policyTypeEnabled: true,
      blockers: analysis.findings.map((b) => ({
        policyId: b.policyId,
        policyName: b.policyName,
        kind: b.kind,
        reason: b.reason,
        blockedTasks: b.blockedTasks,
        targets: b.targets,
        accountsCovered: b.accountsCovered ?? null,
        accountsBlocked: b.accounts?.length ?? null,
      })),
    },
    ...(tree.status === 'known'
      ? {}
      : { note: 'The OU tree could not be read, so covered accounts are not counted.' }),
  };
}

/** Everything doctor reads about an organization, at once (each read on its own: one failing is one unknown fact). */
function readOrganization(ports: DoctorPorts, all: boolean, cb: Fact<never>, options: DoctorOptions) {
  return Promise.all([
    read('organizations:ListDelegatedAdministrators', async () =>
      (await ports.organizations.listDelegatedAdministrators(IAM_SERVICE_PRINCIPAL)).map((d) => ({
        accountId: d.id,
        name: d.name,
      })),
    ),
    all
      ? read('organizations:ListAWSServiceAccessForOrganization', async () =>
          (await ports.organizations.listServiceAccess()).includes(IAM_SERVICE_PRINCIPAL),
        )
      : Promise.resolve(cb),
    all
      ? readFeatures(ports)
      : Promise.resolve({ fact: cb, answered: false, serviceAccessNotEnabled: false }),
    readTree(ports, options),
    all ? read('organizations:ListPolicies', () => ports.organizations.listScps()) : Promise.resolve(cb),
  ]);
}

/** The facts of a caller outside any organization: nothing else applies. */
function outsideOrganization(
  who: { accountId: string; arn: string },
  sts: StsFacts,
  generatedAt: string,
): DoctorFacts {
  const na = notApplicable(`Account ${who.accountId} is not in an AWS Organization.`);
  return {
    generatedAt,
    caller: {
      accountId: who.accountId,
      arn: who.arn,
      role: 'none',
      roleBasis: 'DescribeOrganization: AWSOrganizationsNotInUseException.',
    },
    organization: na,
    accounts: na,
    trustedAccess: na,
    features: na,
    delegatedAdministrators: na,
    scps: na,
    sts,
  };
}

export async function gatherFacts(ports: DoctorPorts, options: DoctorOptions = {}): Promise<DoctorFacts> {
  const region = options.region ?? 'us-east-1';
  const generatedAt = (options.now?.() ?? new Date()).toISOString();
  const emit = (what: string) => options.onEvent?.({ kind: 'reading', what });

  emit('caller identity (sts:GetCallerIdentity)');
  const who = await ports.identity.whoAmI();
  let endpoint: string | undefined;
  try {
    endpoint = await ports.sts.stsEndpoint();
  } catch (e) {
    unknownFrom(e, 'sts:GetCallerIdentity');
  }
  const sts = classifyStsEndpoint(endpoint, region);

  emit('organization (organizations:DescribeOrganization)');
  let org: OrganizationInfo;
  try {
    org = await ports.organizations.describeOrganization();
  } catch (e) {
    if (isRootctlError(e) && e.code === 'NotInOrganization')
      return outsideOrganization(who, sts, generatedAt);
    throw e;
  }

  const all = org.featureSet === 'ALL';
  const cb = notApplicable('The organization has consolidated billing features only.');
  emit('delegated administrators, trusted access, features, OU tree and SCPs');
  const [delegated, trustedAccess, features, treeRead, scps] = await readOrganization(
    ports,
    all,
    cb,
    options,
  );
  const { root, tree } = treeRead;
  const typeEnabled = root.status === 'known' ? root.value.scpEnabled : org.scpEnabled;

  return {
    generatedAt,
    caller: { accountId: who.accountId, arn: who.arn, ...callerRole(who, org, delegated, features.answered) },
    organization: {
      status: 'known',
      value: { id: org.id, featureSet: org.featureSet, managementAccountId: org.managementAccountId },
    },
    accounts:
      tree.status === 'known'
        ? { status: 'known', value: countAccounts(tree.value, org.managementAccountId) }
        : tree,
    // IAM answering ServiceAccessNotEnabled proves trusted access is off, even to a caller that may
    // not list service access itself.
    trustedAccess:
      trustedAccess.status === 'unknown' && features.serviceAccessNotEnabled
        ? {
            status: 'known',
            value: false,
            note: 'iam:ListOrganizationsFeatures answered ServiceAccessNotEnabled: IAM trusted access is off.',
          }
        : trustedAccess,
    features: features.fact,
    delegatedAdministrators: delegated,
    scps: all ? scpFacts(scps, tree, typeEnabled, org) : cb,
    sts,
  };
}
