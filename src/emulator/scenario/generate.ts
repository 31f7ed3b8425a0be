/**
 * Generates a deterministic sandbox organization: nested OUs, a realistic mix of root credential
 * states, some suspended accounts, a security account with operator roles, and optionally the usual
 * "deny the root user" SCP (without the aws:AssumedRoot exemption) on an OU of active accounts.
 * Same options and seed give the same organization (dates are relative to `now`, rounded to the day).
 */
import { partitionForRegion, type Partition } from '../../core/model/arn.js';
import { IAM_SERVICE_PRINCIPAL } from '../../core/model/task-policies.js';
import { pick, randomString, seededRng, type Rng } from '../random.js';
import type {
  RootCredentials,
  Scenario,
  ScenarioAccount,
  ScenarioPolicy,
  ScenarioPrincipal,
} from './schema.js';

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

/** The classic SCP that denies everything to any root user - and so breaks root sessions. */
export const blockingScpContent = (partition: Partition): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyRootUser',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { StringLike: { 'aws:PrincipalArn': `arn:${partition}:iam::*:root` } },
      },
    ],
  });
export const BLOCKING_SCP_CONTENT = blockingScpContent('aws');

/** The same intent, written the way AWS recommends: root sessions (aws:AssumedRoot) are exempt. */
export const exemptRootScpContent = (partition: Partition): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyRootUserExceptRootSessions',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: {
          ArnLike: { 'aws:PrincipalArn': [`arn:${partition}:iam::*:root`] },
          Null: { 'aws:AssumedRoot': 'true' },
        },
      },
    ],
  });
export const EXEMPT_ROOT_SCP_CONTENT = exemptRootScpContent('aws');

const FULL_ACCESS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});
const DENY_LEAVE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'DenyLeaveOrg', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
  ],
});

export const OPERATOR_ALLOW = [
  'sts:AssumeRoot',
  'sts:GetCallerIdentity',
  'organizations:Describe*',
  'organizations:List*',
  'iam:ListOrganizationsFeatures',
  'cloudtrail:LookupEvents',
];
export const AUDITOR_ALLOW = OPERATOR_ALLOW.filter((a) => a !== 'sts:AssumeRoot');

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

export function generateScenario(options: GenerateOptions): Scenario {
  const n = Math.max(4, Math.floor(options.accounts));
  const seed = options.seed ?? 1;
  const rng = seededRng(seed);
  const partition = partitionForRegion(options.region ?? 'us-east-1');
  const now = new Date(Math.floor((options.now ?? new Date()).getTime() / DAY) * DAY);
  const day = (offset: number) =>
    new Date(now.getTime() - offset * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const ids = new Set<string>();
  const newAccountId = () => {
    for (;;) {
      const id = String(100_000_000_000 + Math.floor(rng() * 899_999_999_999));
      if (!ids.has(id)) {
        ids.add(id);
        return id;
      }
    }
  };
  const orgId = `o-${randomString(rng, 10, 'lower')}`;
  const rootId = `r-${randomString(rng, 4, 'lower')}`;
  const ouSuffix = () => `${rootId.slice(2)}-${randomString(rng, 8, 'lower')}`;
  const ous: Scenario['ous'] = [];
  const addOu = (name: string, parentId: string) => {
    const id = `ou-${ouSuffix()}`;
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
  // Larger orgs get team OUs under Prod and Dev, about one per 150 accounts.
  const teamOus: string[] = [];
  for (let i = 0; i < Math.min(1900, Math.floor(n / 150)); i++) {
    teamOus.push(
      addOu(`${TEAMS[i % TEAMS.length]}-${Math.floor(i / TEAMS.length) + 1}`, i % 3 === 2 ? dev : prod),
    );
  }
  const workloadParents = [prod, prod, dev, sandbox, infrastructure, ...teamOus, ...teamOus];

  const accounts: ScenarioAccount[] = [];
  const account = (
    name: string,
    parentId: string,
    root: RootCredentials,
    status: 'ACTIVE' | 'SUSPENDED' = 'ACTIVE',
  ): ScenarioAccount => {
    const id = newAccountId();
    const a: ScenarioAccount = {
      id,
      name,
      email: `aws+${name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}@example.com`,
      status,
      parentId,
      joinedMethod: rng() < 0.8 ? 'CREATED' : 'INVITED',
      joinedTimestamp: day(200 + Math.floor(rng() * 1500)),
      root,
      buckets: [],
      queues: [],
    };
    accounts.push(a);
    return a;
  };
  const mgmt = account('Management', rootId, {
    password: { createDate: day(2000) },
    accessKeys: [],
    signingCertificates: [],
    mfaDevices: [
      {
        serialNumber: `arn:${partition}:iam::000000000000:mfa/root-account-mfa-device`,
        enableDate: day(1900),
        virtual: false,
      },
    ],
  });
  mgmt.root.mfaDevices[0]!.serialNumber = `arn:${partition}:iam::${mgmt.id}:mfa/root-account-mfa-device`;
  const securityAccount = account('Security', security, noCredentials());
  account('Log Archive', security, randomRoot(rng, day, '', partition));
  const legacyNeeded = options.blockingScp ? 4 : 0;
  let legacyCount = 0;
  for (let i = accounts.length; i < n; i++) {
    const r = rng();
    if (r < 0.03) {
      account(`suspended-${i}`, suspendedOu, randomRoot(rng, day, '', partition), 'SUSPENDED');
      continue;
    }
    const inLegacy = legacyCount < legacyNeeded || r < 0.1;
    const parentId = inLegacy ? legacy : pick(rng, workloadParents);
    if (inLegacy) legacyCount++;
    const a = account(`${inLegacy ? 'legacy' : pick(rng, TEAMS)}-${i}`, parentId, noCredentials());
    a.root = randomRoot(rng, day, a.id, partition);
    if (rng() < 0.03)
      a.buckets.push({ name: `locked-${a.id}`, policy: lockoutPolicy('s3', a.id, partition) });
    if (rng() < 0.03)
      a.queues.push({
        name: `locked-queue-${a.id.slice(-4)}`,
        policy: lockoutPolicy('sqs', a.id, partition),
      });
  }
  // A tiny org can draw only suspended workload accounts; it still needs one active member account
  // (the `member` profile's home). Only orgs that would otherwise have none change.
  if (!accounts.some((a, i) => i >= 3 && a.status === 'ACTIVE')) {
    Object.assign(accounts[3]!, {
      status: 'ACTIVE',
      parentId: prod,
      name: 'workload-3',
      email: 'aws+workload-3@example.com',
    });
  }
  // At 3% a small org can draw no suspended account; from 20 accounts up there is always one to see
  // (the last workload account outside Legacy, so the blocking SCP's OU keeps its active accounts).
  if (n >= 20 && !accounts.some((a) => a.status === 'SUSPENDED')) {
    const last = accounts.findLast((a, i) => i >= 3 && a.parentId !== legacy);
    if (last) Object.assign(last, { status: 'SUSPENDED', parentId: suspendedOu });
  }
  // Every generated org has at least one locked bucket and queue to practise the unlock tasks on.
  const firstWorkload = accounts.find(
    (a) => a.status === 'ACTIVE' && a.parentId !== security && a.id !== mgmt.id && a.parentId !== legacy,
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

  const allTargets = [rootId, ...ous.map((o) => o.id), ...accounts.map((a) => a.id)];
  const policies: ScenarioPolicy[] = [
    {
      id: 'p-FullAWSAccess',
      name: 'FullAWSAccess',
      description: 'Allows access to every operation',
      type: 'SERVICE_CONTROL_POLICY',
      awsManaged: true,
      content: FULL_ACCESS,
      targets: allTargets,
    },
    {
      id: `p-${randomString(rng, 8, 'lower')}`,
      name: 'DenyLeaveOrganization',
      description: 'Member accounts cannot leave the organization',
      type: 'SERVICE_CONTROL_POLICY',
      awsManaged: false,
      content: DENY_LEAVE,
      targets: [rootId],
    },
    {
      id: `p-${randomString(rng, 8, 'lower')}`,
      name: 'DenyRootUserExceptRootSessions',
      description: 'Root user denied; centralized root sessions exempt',
      type: 'SERVICE_CONTROL_POLICY',
      awsManaged: false,
      content: exemptRootScpContent(partition),
      targets: [prod],
    },
  ];
  if (options.blockingScp) {
    policies.push({
      id: `p-${randomString(rng, 8, 'lower')}`,
      name: 'DenyRootUser',
      description: 'Deny all actions to the root user',
      type: 'SERVICE_CONTROL_POLICY',
      awsManaged: false,
      content: blockingScpContent(partition),
      targets: [legacy],
    });
  }

  const workloadAccount = accounts.find(
    (a) => a.status === 'ACTIVE' && a.parentId !== security && a.id !== mgmt.id,
  )!;
  const principals: ScenarioPrincipal[] = [
    rolePrincipal(rng, 'management', mgmt.id, 'Admin', ['*']),
    rolePrincipal(rng, 'security', securityAccount.id, 'RootOps', OPERATOR_ALLOW),
    rolePrincipal(rng, 'security-readonly', securityAccount.id, 'Auditor', AUDITOR_ALLOW),
    rolePrincipal(rng, 'member', workloadAccount.id, 'Admin', ['*']),
    {
      profile: 'management-root',
      accessKeyId: `AKIA${randomString(rng, 16)}`,
      secretAccessKey: randomString(rng, 40, 'base64'),
      accountId: mgmt.id,
      kind: 'root-user',
      roleName: 'root',
      sessionName: 'root',
      allow: ['*'],
    },
  ];
  const configured = options.state === 'configured';
  const featureSet = options.featureSet ?? 'ALL';
  return {
    region: options.region ?? 'us-east-1',
    organization: {
      id: orgId,
      featureSet,
      managementAccountId: mgmt.id,
      rootId,
      scpEnabled: featureSet === 'ALL',
    },
    ous,
    accounts,
    serviceAccess: configured ? [{ servicePrincipal: IAM_SERVICE_PRINCIPAL, dateEnabled: day(30) }] : [],
    delegatedAdministrators: configured
      ? [
          {
            accountId: securityAccount.id,
            servicePrincipal: IAM_SERVICE_PRINCIPAL,
            delegationEnabledDate: day(30),
          },
        ]
      : [],
    features: configured ? ['RootCredentialsManagement', 'RootSessions'] : [],
    policies: featureSet === 'ALL' ? policies : [],
    principals,
  };
}

function noCredentials(): RootCredentials {
  return { password: null, accessKeys: [], signingCertificates: [], mfaDevices: [] };
}

function rolePrincipal(
  rng: Rng,
  profile: string,
  accountId: string,
  roleName: string,
  allow: string[],
): ScenarioPrincipal {
  return {
    profile,
    accessKeyId: `ASIA${randomString(rng, 16)}`,
    secretAccessKey: randomString(rng, 40, 'base64'),
    sessionToken: `IQoJb3JpZ2luX2VjE${randomString(rng, 64, 'base64')}`,
    accountId,
    kind: 'role',
    roleName,
    sessionName: 'rootctl',
    allow,
  };
}

/**
 * A root MFA device in the forms IAM's ListMFADevices returns (docs/emulator.md, "MFA device
 * serials"): mostly virtual (`arn:...:mfa/root-account-mfa-device`), some hardware TOTP tokens (a
 * plain serial like GAHT12345678) and FIDO security keys (`arn:...:u2f/root-user/...`).
 */
function rootMfaSerial(
  kind: number,
  accountId: string,
  partition: Partition,
  n: number,
): { serialNumber: string; virtual: boolean } {
  if (kind === 0)
    return { serialNumber: `GAHT${String(10_000_000 + n * 104_729).slice(-8)}`, virtual: false };
  if (kind === 1)
    return {
      serialNumber: `arn:${partition}:iam::${accountId}:u2f/root-user/fidokey-${String(n).padStart(4, '0')}EXAMPLE`,
      virtual: false,
    };
  return { serialNumber: `arn:${partition}:iam::${accountId}:mfa/root-account-mfa-device`, virtual: true };
}

function randomRoot(
  rng: Rng,
  day: (offset: number) => string,
  accountId: string,
  partition: Partition,
): RootCredentials {
  const r = rng();
  const root = noCredentials();
  const password = () => (root.password = { createDate: day(100 + Math.floor(rng() * 1500)) });
  const mfa = () => {
    const age = Math.floor(rng() * 900);
    // The device kind follows from a draw already made, so seeds keep generating the same organizations.
    const device = rootMfaSerial(age % 5, accountId || '000000000000', partition, age);
    // In the schema's key order, so a dumped scenario reads back and dumps byte for byte the same.
    root.mfaDevices.push({
      serialNumber: device.serialNumber,
      enableDate: day(50 + age),
      virtual: device.virtual,
    });
  };
  const key = () => {
    const recent = rng() < 0.4;
    const used = recent || rng() < 0.6;
    root.accessKeys.push({
      id: `AKIA${randomString(rng, 16)}`,
      status: rng() < 0.9 ? 'Active' : 'Inactive',
      createDate: day(300 + Math.floor(rng() * 1500)),
      ...(used
        ? {
            lastUsed: {
              date: day(recent ? Math.floor(rng() * 20) : 60 + Math.floor(rng() * 600)),
              service: pick(rng, ['s3', 'ec2', 'iam', 'sts']),
              region: pick(rng, ['us-east-1', 'eu-west-1', 'us-west-2']),
            },
          }
        : {}),
    });
  };
  const cert = () =>
    root.signingCertificates.push({
      id: randomString(rng, 32),
      status: 'Active',
      uploadDate: day(400 + Math.floor(rng() * 1500)),
      body: '-----BEGIN CERTIFICATE-----\nMIIBEXAMPLE\n-----END CERTIFICATE-----',
    });
  if (r < 0.35) return root;
  if (r < 0.55) password();
  else if (r < 0.7) {
    password();
    mfa();
  } else if (r < 0.82) {
    if (rng() < 0.5) password();
    key();
    if (rng() < 0.3) key();
  } else if (r < 0.9) {
    password();
    cert();
  } else {
    password();
    mfa();
    key();
    cert();
  }
  return root;
}

function lockoutPolicy(kind: 's3' | 'sqs', accountId: string, partition: Partition): string {
  const resource = kind === 's3' ? `arn:${partition}:s3:::*` : `arn:${partition}:sqs:*:${accountId}:*`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyEveryone',
        Effect: 'Deny',
        Principal: '*',
        Action: kind === 's3' ? 's3:*' : 'sqs:*',
        Resource: resource,
      },
    ],
  });
}
