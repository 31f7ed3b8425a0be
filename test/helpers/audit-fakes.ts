/**
 * In-memory fakes of the audit's ports (Organizations reader, identity, root sessions), with
 * scripted failures and seeded random faults. Contract: the same as the adapters in src/aws -
 * per-account calls fail with AwsCallError (AWS code + kind), Organizations calls with RootctlError.
 */
import { AwsCallError } from '../../src/core/aws-call-error.js';
import { RootctlError } from '../../src/core/errors.js';
import type { AccountId } from '../../src/core/model/account-id.js';
import type { AuditPorts } from '../../src/core/audit/types.js';
import type {
  AuditRootSession,
  AccountState,
  OrgAccount,
  OrgUnit,
  OrganizationsReader,
  RootSessions,
  ScpPolicy,
} from '../../src/core/ports.js';

export interface FakeAccount {
  id: string;
  name: string;
  parentId: string;
  state?: AccountState;
  root?: { password?: boolean; keys?: string[]; certs?: string[]; mfa?: string[] };
}

export interface FakeOrgOptions {
  rootId?: string;
  ous?: OrgUnit[];
  accounts: FakeAccount[];
  managementAccountId: string;
  callerAccountId?: string;
  delegatedAdmins?: string[];
  scps?: ScpPolicy[];
  /** Scripted failure of a call for an account: return an error to throw, or undefined. */
  fail?: (accountId: string, operation: string, attempt: number) => unknown;
  /** Probability of a random fault per call (throttling, 500, network), from a seeded generator. */
  faults?: number;
  seed?: number;
  /** Page size of listAccountsForParent / async delay per call in ms. */
  delayMs?: number;
  /** Serve ListAccountsForParent page by page (accountsForParentPage) with pages of this size. */
  pageSize?: number;
}

export interface FakeOrg {
  ports: AuditPorts;
  /** Calls made, by "accountId op" (AssumeRoot and IAM reads). */
  calls: Map<string, number>;
  maxInFlight: () => number;
  /** Every call in the order it was made: "accountId op" or "page parentId n". */
  log: string[];
}

export const ORG_ID = 'o-exampleorg1';

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

export function fakeOrg(o: FakeOrgOptions): FakeOrg {
  const rootId = o.rootId ?? 'r-ab12';
  /**
   * Faults are a function of (seed, account, operation, attempt), not of the order calls happen to run
   * in, so a seeded run faults the same calls every time, however timers interleave.
   */
  const faultRandom = (key: string, attempt: number) => {
    let h = 2166136261 ^ (o.seed ?? 7);
    for (const ch of `${key} ${attempt}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    return rng(h);
  };
  const calls = new Map<string, number>();
  const log: string[] = [];
  let inFlight = 0;
  let peak = 0;
  const accounts = new Map(o.accounts.map((a) => [a.id, a]));
  const toOrg = (a: FakeAccount): OrgAccount => ({
    id: a.id as AccountId,
    name: a.name,
    email: `${a.id}@example.com`,
    state: a.state ?? 'ACTIVE',
  });
  const delay = () => new Promise((r) => setTimeout(r, o.delayMs ?? 0));

  async function perAccount<T>(accountId: string, operation: string, fn: () => T): Promise<T> {
    const key = `${accountId} ${operation}`;
    const attempt = (calls.get(key) ?? 0) + 1;
    calls.set(key, attempt);
    log.push(key);
    inFlight++;
    peak = Math.max(peak, inFlight);
    try {
      await delay();
      const scripted = o.fail?.(accountId, operation, attempt);
      if (scripted !== undefined) throw scripted as Error;
      const random = faultRandom(key, attempt);
      if (o.faults && random() < o.faults) {
        const r = random();
        throw r < 0.4
          ? new AwsCallError('Throttling', 'Rate exceeded', operation, 'throttling')
          : r < 0.7
            ? new AwsCallError('InternalError', 'We encountered an internal error.', operation, 'transient')
            : new AwsCallError('NetworkError', 'socket hang up', operation, 'network');
      }
      return fn();
    } finally {
      inFlight--;
    }
  }

  const reader: OrganizationsReader = {
    describeOrganization: async () => ({
      id: ORG_ID,
      featureSet: 'ALL',
      managementAccountId: o.managementAccountId,
      scpEnabled: true,
    }),
    listRoots: async () => [{ id: rootId, name: 'Root', scpEnabled: true }],
    async *listAccountPages() {
      yield o.accounts.map(toOrg);
    },
    describeAccount: async (id) => {
      const a = accounts.get(id);
      return a ? toOrg(a) : undefined;
    },
    listOusForParent: async (parentId) => {
      await delay();
      if (parentId !== rootId && !(o.ous ?? []).some((u) => u.id === parentId))
        throw new RootctlError('AwsError', 'parent not found', {
          details: { awsCode: 'ParentNotFoundException' },
        });
      return (o.ous ?? []).filter((u) => u.parentId === parentId);
    },
    listAccountsForParent: async (parentId) => {
      await delay();
      return o.accounts.filter((a) => a.parentId === parentId).map(toOrg);
    },
    ...(o.pageSize === undefined
      ? {}
      : {
          accountsForParentPage: async (parentId: string, token?: string) => {
            const start = Number(token ?? 0);
            log.push(`page ${parentId} ${start / o.pageSize!}`);
            await delay();
            const all = o.accounts.filter((a) => a.parentId === parentId);
            const end = start + o.pageSize!;
            return {
              accounts: all.slice(start, end).map(toOrg),
              next: end < all.length ? String(end) : undefined,
            };
          },
        }),
    parentOf: async (childId) => {
      const a = accounts.get(childId);
      if (a) return a.parentId;
      const ou = (o.ous ?? []).find((u) => u.id === childId);
      if (!ou)
        throw new RootctlError('AwsError', 'child not found', {
          details: { awsCode: 'ChildNotFoundException' },
        });
      return ou.parentId;
    },
    listServiceAccess: async () => ['iam.amazonaws.com'],
    listDelegatedAdministrators: async () =>
      (o.delegatedAdmins ?? []).map((id) => ({ id: id as AccountId, name: 'Security' })),
    listScps: async () => o.scps ?? [],
    listScpsForTarget: async (targetId) =>
      (o.scps ?? [])
        .filter((p) => p.targets.some((t) => t.id === targetId))
        .map((p) => ({ id: p.id, name: p.name, awsManaged: p.awsManaged })),
    describeScp: async (policyId) => {
      const p = (o.scps ?? []).find((x) => x.id === policyId);
      if (!p)
        throw new RootctlError('AwsError', 'policy not found', {
          details: { awsCode: 'PolicyNotFoundException' },
        });
      return { id: p.id, name: p.name, awsManaged: p.awsManaged, content: p.content };
    },
  };

  const ports: AuditPorts = {
    identity: {
      whoAmI: async () => ({
        accountId: o.callerAccountId ?? o.managementAccountId,
        arn: `arn:aws:sts::${o.callerAccountId ?? o.managementAccountId}:assumed-role/RootOps/test`,
        userId: 'AROAEXAMPLE:test',
      }),
    },
    organizations: reader,
    callerAccount: {
      accountSummary: async () => ({
        mfa: true,
        accessKeys: false,
        password: true,
        signingCertificates: false,
      }),
    },
    rootSessions: {
      async open(accountId, task) {
        return perAccount(accountId, 'sts:AssumeRoot', () => {
          const a = accounts.get(accountId);
          if (!a) throw new AwsCallError('AccessDenied', 'not a member', 'sts:AssumeRoot');
          const r = a.root ?? {};
          const iam = <T>(op: string, v: () => T) => perAccount(accountId, op, v);
          const session = {
            accountId: accountId,
            task,
            accessKeyId: 'ASIAEXAMPLE',
            expiresAt: new Date(Date.now() + 900_000),
            accountSummary: () =>
              iam('iam:GetAccountSummary', () => ({
                password: !!r.password,
                accessKeys: !!r.keys?.length,
                signingCertificates: !!r.certs?.length,
                mfa: !!r.mfa?.length,
              })),
            loginProfile: () =>
              iam('iam:GetLoginProfile', () =>
                r.password ? { createDate: '2024-01-01T00:00:00.000Z' } : undefined,
              ),
            accessKeys: () =>
              iam('iam:ListAccessKeys', () =>
                (r.keys ?? []).map((id) => ({
                  id,
                  status: 'Active' as const,
                  createDate: '2024-01-01T00:00:00.000Z',
                  lastUsed: undefined,
                })),
              ),
            signingCertificates: () =>
              iam('iam:ListSigningCertificates', () =>
                (r.certs ?? []).map((id) => ({ id, status: 'Active' as const, uploadDate: undefined })),
              ),
            mfaDevices: () =>
              iam('iam:ListMFADevices', () =>
                (r.mfa ?? []).map((serialNumber) => ({ serialNumber, enableDate: undefined })),
              ),
          } satisfies Omit<AuditRootSession, 'task'> & { task: string };
          // The audit only ever opens audit sessions.
          return session as unknown as RootSessions[typeof task];
        });
      },
    },
  };
  return { ports, calls, maxInFlight: () => peak, log };
}

/** A small org: management, suspended, a Legacy OU and a Prod OU with mixed root states. */
export function smallOrg(extra: Partial<FakeOrgOptions> = {}): FakeOrg {
  const ous: OrgUnit[] = [
    { id: 'ou-ab12-legacy01', name: 'Legacy', parentId: 'r-ab12' },
    { id: 'ou-ab12-workload', name: 'Workloads', parentId: 'r-ab12' },
    { id: 'ou-ab12-prod0001', name: 'Prod', parentId: 'ou-ab12-workload' },
  ];
  const accounts: FakeAccount[] = [
    {
      id: '111111111111',
      name: 'Management',
      parentId: 'r-ab12',
      root: { password: true, mfa: ['arn:aws:iam::111111111111:mfa/root'] },
    },
    { id: '222222222222', name: 'clean', parentId: 'ou-ab12-prod0001' },
    {
      id: '333333333333',
      name: 'keys',
      parentId: 'ou-ab12-prod0001',
      root: { password: true, keys: ['AKIAEXAMPLEKEY0001'] },
    },
    {
      id: '444444444444',
      name: 'legacy',
      parentId: 'ou-ab12-legacy01',
      root: { mfa: ['arn:aws:iam::444444444444:mfa/root'] },
    },
    { id: '555555555555', name: 'gone', parentId: 'ou-ab12-legacy01', state: 'SUSPENDED' },
    {
      id: '666666666666',
      name: 'certs',
      parentId: 'r-ab12',
      root: { certs: ['CERTEXAMPLE0000000000000001'] },
    },
  ];
  return fakeOrg({ ous, accounts, managementAccountId: '111111111111', ...extra });
}
