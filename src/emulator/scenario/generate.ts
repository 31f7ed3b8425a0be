/**
 * Generates a deterministic sandbox organization: nested OUs, a realistic mix of root credential
 * states, some suspended accounts, a security account with operator roles, and optionally the usual
 * "deny the root user" SCP (without the aws:AssumedRoot exemption) on an OU of active accounts.
 * Same options and seed give the same organization (dates are relative to `now`, rounded to the day).
 */
import { partitionForRegion, type Partition } from '../../core/model/arn.js';
import { IAM_SERVICE_PRINCIPAL } from '../../core/model/task-policies.js';
import { pick, randomString, seededRng, type Rng } from '../random.js';
import { noCredentials, randomRoot, scenarioPrincipals } from './generate-credentials.js';
import { lockoutPolicy, scpPolicies } from './generate-policies.js';
import type { RootCredentials, Scenario, ScenarioAccount } from './schema.js';

export {
  AUDITOR_ALLOW,
  BLOCKING_SCP_CONTENT,
  EXEMPT_ROOT_SCP_CONTENT,
  OPERATOR_ALLOW,
  blockingScpContent,
  exemptRootScpContent,
} from './generate-policies.js';

export interface GenerateOptions {
  /** Member accounts plus the management account; at least 4. */
  accounts: number;
  seed?: number;
  /** Attach the classic root-deny SCP (no AssumedRoot exemption) to the Legacy OU. */
  blockingScp?: boolean;
  /** fresh: nothing enabled; configured: IAM trusted access, both features, security account delegated. */
  state?: 'fresh' | 'configured';
  featureSet?: 'ALL' | 'CONSOLIDATED_BILLING';
  /** A us-gov-* Region puts the organization in the aws-us-gov partition (cn-* in aws-cn): ARNs and the SCPs follow. */
  region?: string;
  now?: Date;
}

const DAY = 86_400_000;
const TEAMS = [
  'payments',
  'search',
  'identity',
  'data',
  'mobile',
  'web',
  'ml',
  'platform',
  'billing',
  'growth',
];

/** What every step of one generation shares: the seeded draws, the clock and the accounts so far. */
interface Gen {
  rng: Rng;
  partition: Partition;
  /** The date `offset` days before `now`, as IAM writes it. */
  day: (offset: number) => string;
  ids: Set<string>;
  accounts: ScenarioAccount[];
}

/** The organization's ids and OUs, and the OUs accounts are placed in. */
interface Tree {
  orgId: string;
  rootId: string;
  ous: Scenario['ous'];
  security: string;
  infrastructure: string;
  prod: string;
  dev: string;
  sandbox: string;
  legacy: string;
  suspendedOu: string;
  /** Where a workload account may go (the team OUs twice, so they fill up). */
  workloadParents: string[];
}

export function generateScenario(options: GenerateOptions): Scenario {
  const n = Math.max(4, Math.floor(options.accounts));
  const now = new Date(Math.floor((options.now ?? new Date()).getTime() / DAY) * DAY);
  const g: Gen = {
    rng: seededRng(options.seed ?? 1),
    partition: partitionForRegion(options.region ?? 'us-east-1'),
    day: (offset) => new Date(now.getTime() - offset * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ids: new Set(),
    accounts: [],
  };
  // The order of the steps is the order of the seeded draws: changing it changes every organization.
  const tree = orgTree(g, n);
  const mgmt = managementAccount(g, tree.rootId);
  const securityAccount = addAccount(g, 'Security', tree.security, noCredentials());
  addAccount(g, 'Log Archive', tree.security, randomRoot(g.rng, g.day, '', g.partition));
  addWorkloads(g, n, tree, options.blockingScp === true);
  ensureVariety(g, n, tree, mgmt.id);
  const allTargets = [tree.rootId, ...tree.ous.map((o) => o.id), ...g.accounts.map((a) => a.id)];
  const policies = scpPolicies(g.rng, g.partition, tree, allTargets, options.blockingScp === true);
  const workloadAccount = g.accounts.find(
    (a) => a.status === 'ACTIVE' && a.parentId !== tree.security && a.id !== mgmt.id,
  )!;
  const principals = scenarioPrincipals(g.rng, mgmt.id, securityAccount.id, workloadAccount.id);
  const configured = options.state === 'configured';
  const featureSet = options.featureSet ?? 'ALL';
  return {
    region: options.region ?? 'us-east-1',
    organization: {
      id: tree.orgId,
      featureSet,
      managementAccountId: mgmt.id,
      rootId: tree.rootId,
      scpEnabled: featureSet === 'ALL',
    },
    ous: tree.ous,
    accounts: g.accounts,
    ...delegation(g, configured, securityAccount.id),
    policies: featureSet === 'ALL' ? policies : [],
    principals,
  };
}

/** The organization's ids and its OUs: the fixed ones, and team OUs about one per 150 accounts. */
function orgTree(g: Gen, n: number): Tree {
  const orgId = `o-${randomString(g.rng, 10, 'lower')}`;
  const rootId = `r-${randomString(g.rng, 4, 'lower')}`;
  const ous: Scenario['ous'] = [];
  const addOu = (name: string, parentId: string) => {
    const id = `ou-${rootId.slice(2)}-${randomString(g.rng, 8, 'lower')}`;
    ous.push({ id, name, parentId });
    return id;
  };
  const security = addOu('Security', rootId);
  const infrastructure = addOu('Infrastructure', rootId);
  const workloads = addOu('Workloads', rootId);
  const prod = addOu('Prod', workloads);
  const dev = addOu('Dev', workloads);
  const sandbox = addOu('Sandbox', dev);
  const legacy = addOu('Legacy', rootId);
  const suspendedOu = addOu('Suspended', rootId);
  const teamOus: string[] = [];
  for (let i = 0; i < Math.min(1900, Math.floor(n / 150)); i++) {
    teamOus.push(
      addOu(`${TEAMS[i % TEAMS.length]}-${Math.floor(i / TEAMS.length) + 1}`, i % 3 === 2 ? dev : prod),
    );
  }
  const workloadParents = [prod, prod, dev, sandbox, infrastructure, ...teamOus, ...teamOus];
  return {
    orgId,
    rootId,
    ous,
    security,
    infrastructure,
    prod,
    dev,
    sandbox,
    legacy,
    suspendedOu,
    workloadParents,
  };
}

function newAccountId(g: Gen): string {
  for (;;) {
    const id = String(100_000_000_000 + Math.floor(g.rng() * 899_999_999_999));
    if (!g.ids.has(id)) {
      g.ids.add(id);
      return id;
    }
  }
}

function addAccount(
  g: Gen,
  name: string,
  parentId: string,
  root: RootCredentials,
  status: 'ACTIVE' | 'SUSPENDED' = 'ACTIVE',
): ScenarioAccount {
  const id = newAccountId(g);
  const a: ScenarioAccount = {
    id,
    name,
    email: `aws+${name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}@example.com`,
    status,
    parentId,
    joinedMethod: g.rng() < 0.8 ? 'CREATED' : 'INVITED',
    joinedTimestamp: g.day(200 + Math.floor(g.rng() * 1500)),
    root,
    buckets: [],
    queues: [],
  };
  g.accounts.push(a);
  return a;
}

/** The management account: a root password and a hardware MFA device. */
function managementAccount(g: Gen, rootId: string): ScenarioAccount {
  const mgmt = addAccount(g, 'Management', rootId, {
    password: { createDate: g.day(2000) },
    accessKeys: [],
    signingCertificates: [],
    mfaDevices: [
      {
        serialNumber: `arn:${g.partition}:iam::000000000000:mfa/root-account-mfa-device`,
        enableDate: g.day(1900),
        virtual: false,
      },
    ],
  });
  mgmt.root.mfaDevices[0]!.serialNumber = `arn:${g.partition}:iam::${mgmt.id}:mfa/root-account-mfa-device`;
  return mgmt;
}

/** The member accounts after the first three: a few suspended, some in Legacy, the rest in workloads. */
function addWorkloads(g: Gen, n: number, tree: Tree, blockingScp: boolean): void {
  const { rng, day, partition } = g;
  const legacyNeeded = blockingScp ? 4 : 0;
  let legacyCount = 0;
  for (let i = g.accounts.length; i < n; i++) {
    const r = rng();
    if (r < 0.03) {
      addAccount(g, `suspended-${i}`, tree.suspendedOu, randomRoot(rng, day, '', partition), 'SUSPENDED');
      continue;
    }
    const inLegacy = legacyCount < legacyNeeded || r < 0.1;
    const parentId = inLegacy ? tree.legacy : pick(rng, tree.workloadParents);
    if (inLegacy) legacyCount++;
    const a = addAccount(g, `${inLegacy ? 'legacy' : pick(rng, TEAMS)}-${i}`, parentId, noCredentials());
    a.root = randomRoot(rng, day, a.id, partition);
    if (rng() < 0.03)
      a.buckets.push({ name: `locked-${a.id}`, policy: lockoutPolicy('s3', a.id, partition) });
    if (rng() < 0.03)
      a.queues.push({
        name: `locked-queue-${a.id.slice(-4)}`,
        policy: lockoutPolicy('sqs', a.id, partition),
      });
  }
}

/**
 * What every organization has whatever the draws: an active member account, a suspended one from 20
 * accounts up, a locked bucket and queue; and the MFA serials name their own accounts.
 */
function ensureVariety(g: Gen, n: number, tree: Tree, mgmtId: string): void {
  const { accounts, partition } = g;
  // A tiny org can draw only suspended workload accounts; it still needs one active member account
  // (the `member` profile's home). Only orgs that would otherwise have none change.
  if (!accounts.some((a, i) => i >= 3 && a.status === 'ACTIVE')) {
    Object.assign(accounts[3]!, {
      status: 'ACTIVE',
      parentId: tree.prod,
      name: 'workload-3',
      email: 'aws+workload-3@example.com',
    });
  }
  // At 3% a small org can draw no suspended account; from 20 accounts up there is always one to see
  // (the last workload account outside Legacy, so the blocking SCP's OU keeps its active accounts).
  if (n >= 20 && !accounts.some((a) => a.status === 'SUSPENDED')) {
    const last = accounts.findLast((a, i) => i >= 3 && a.parentId !== tree.legacy);
    if (last) Object.assign(last, { status: 'SUSPENDED', parentId: tree.suspendedOu });
  }
  // Every generated org has at least one locked bucket and queue to practise the unlock tasks on.
  const firstWorkload = accounts.find(
    (a) =>
      a.status === 'ACTIVE' && a.parentId !== tree.security && a.id !== mgmtId && a.parentId !== tree.legacy,
  );
  if (firstWorkload && !accounts.some((a) => a.buckets.length))
    firstWorkload.buckets.push({
      name: `locked-${firstWorkload.id}`,
      policy: lockoutPolicy('s3', firstWorkload.id, partition),
    });
  if (firstWorkload && !accounts.some((a) => a.queues.length))
    firstWorkload.queues.push({
      name: `locked-queue-${firstWorkload.id.slice(-4)}`,
      policy: lockoutPolicy('sqs', firstWorkload.id, partition),
    });
  for (const a of accounts)
    for (const d of a.root.mfaDevices) d.serialNumber = d.serialNumber.replace('000000000000', a.id);
}

/** Configured: IAM trusted access, both root-access features, the security account delegated. */
function delegation(
  g: Gen,
  configured: boolean,
  securityId: string,
): Pick<Scenario, 'serviceAccess' | 'delegatedAdministrators' | 'features'> {
  return {
    serviceAccess: configured ? [{ servicePrincipal: IAM_SERVICE_PRINCIPAL, dateEnabled: g.day(30) }] : [],
    delegatedAdministrators: configured
      ? [
          {
            accountId: securityId,
            servicePrincipal: IAM_SERVICE_PRINCIPAL,
            delegationEnabledDate: g.day(30),
          },
        ]
      : [],
    features: configured ? ['RootCredentialsManagement', 'RootSessions'] : [],
  };
}
