/**
 * A realistic AuditReport built directly (no emulator): nested OUs, all four statuses, full and partial
 * credential sets, a blocking SCP on one OU, suspended accounts, the management account and an overdue
 * exception. Deterministic for a given seed, so screenshots and counts are stable.
 */
import { AUDIT_SCHEMA_VERSION, summarize } from '../../src/core/audit/model.js';
import type { AccountAudit, AuditReport, RootState } from '../../src/core/audit/model.js';
import type { AccountId } from '../../src/core/model/account-id.js';
import { cleanRoot } from '../../src/core/checks/audit/samples.js';

export interface FixtureOptions {
  accounts: number;
  seed?: number;
  now?: string;
  detail?: 'summary' | 'full';
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEAMS = [
  'payments',
  'search',
  'identity',
  'data-platform',
  'mobile',
  'web',
  'ml',
  'billing',
  'growth',
  'checkout',
];
const ORG = 'o-a1b2c3d4e5';
const MGMT = '111122223333';

export function buildAuditReport(options: FixtureOptions): AuditReport {
  const r = rng(options.seed ?? 7);
  const now = options.now ?? '2025-06-02T09:30:00Z';
  const nowMs = new Date(now).getTime();
  const detail = options.detail ?? 'full';
  const daysAgo = (d: number) =>
    new Date(nowMs - Math.floor(d) * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const ids = new Set<string>([MGMT]);
  const newId = (): AccountId => {
    for (;;) {
      const id = String(100_000_000_000 + Math.floor(r() * 899_999_999_999));
      if (!ids.has(id)) {
        ids.add(id);
        return id as AccountId;
      }
    }
  };
  const hex = (n: number) =>
    Array.from({ length: n }, () => '0123456789ABCDEF'[Math.floor(r() * 16)]).join('');
  const noCreds = (): RootState => cleanRoot(detail);
  const someCreds = (id: string): RootState => {
    const s = noCreds();
    const pick = r();
    const password = pick < 0.75;
    const keys = pick > 0.45 ? 1 + Math.floor(r() * 2) : 0;
    const certs = r() < 0.12 ? 1 : 0;
    const mfa = r() < 0.5 ? 1 : 0;
    s.password = password
      ? { present: true, createDate: detail === 'full' ? daysAgo(200 + r() * 2000) : undefined }
      : { present: false };
    s.accessKeysPresent = keys > 0;
    s.signingCertificatesPresent = certs > 0;
    s.mfaPresent = mfa > 0 || (!password && keys === 0 && certs === 0);
    if (detail === 'full') {
      for (let k = 0; k < keys; k++) {
        const used = r() < 0.7;
        s.accessKeys.push({
          id: `AKIA${hex(16)}`,
          status: r() < 0.8 ? 'Active' : 'Inactive',
          createDate: daysAgo(400 + r() * 2500),
          lastUsed: used
            ? {
                date: daysAgo(r() * 300),
                service: r() < 0.5 ? 's3' : 'ec2',
                region: r() < 0.6 ? 'us-east-1' : 'eu-west-1',
              }
            : undefined,
        });
      }
      for (let c = 0; c < certs; c++)
        s.signingCertificates.push({ id: hex(32), status: 'Active', uploadDate: daysAgo(900 + r() * 900) });
      if (s.mfaPresent)
        s.mfaDevices.push({
          serialNumber: `arn:aws:iam::${id}:mfa/root-account-mfa-device`,
          enableDate: daysAgo(100 + r() * 1500),
        });
    }
    return s;
  };

  const accounts: AccountAudit[] = [];
  const add = (a: Omit<AccountAudit, 'auditedAt' | 'accountId'> & { accountId?: AccountId }) =>
    accounts.push({ ...a, accountId: a.accountId ?? newId(), auditedAt: daysAgo(0) });
  const member = (name: string, ouPath: string, pNonCompliant: number) => {
    const accountId = newId();
    const x = r();
    if (x < 0.03) {
      add({
        accountId,
        accountName: name,
        ouPath,
        status: 'error',
        error: {
          code: 'ThrottlingException',
          message: 'Rate exceeded',
          diagnosis:
            'AWS kept throttling this account after 8 retries; run the audit again or lower --concurrency.',
        },
      });
    } else if (x < 0.03 + pNonCompliant) {
      add({ accountId, accountName: name, ouPath, status: 'non_compliant', root: someCreds(accountId) });
    } else {
      add({ accountId, accountName: name, ouPath, status: 'compliant', root: noCreds() });
    }
  };

  add({
    accountId: MGMT as AccountId,
    accountName: 'acme-management',
    ouPath: 'Root',
    status: 'skipped',
    skipReason:
      'Management account: AssumeRoot cannot target it; its root user is reported separately above.',
  });
  for (const name of ['log-archive', 'security-tooling', 'audit']) member(name, 'Root/Security', 0.05);
  for (const name of ['network-hub', 'shared-services', 'dns']) member(name, 'Root/Infrastructure', 0.2);

  const rest = Math.max(0, options.accounts - accounts.length);
  const legacy = Math.max(2, Math.round(rest * 0.05));
  const suspended = Math.max(2, Math.round(rest * 0.03));
  const sandbox = Math.max(2, Math.round(rest * 0.1));
  const workloads = Math.max(2, rest - legacy - suspended - sandbox);
  for (let i = 0; i < workloads; i++) {
    const team = TEAMS[i % TEAMS.length]!;
    const env = ['prod', 'staging', 'dev'][Math.floor(i / TEAMS.length) % 3]!;
    const n = Math.floor(i / (TEAMS.length * 3));
    const name = `${team}-${env}${n > 0 ? `-${String(n).padStart(2, '0')}` : ''}`;
    member(
      name,
      env === 'prod' ? 'Root/Workloads/Prod' : `Root/Workloads/NonProd/${env === 'dev' ? 'Dev' : 'Staging'}`,
      env === 'prod' ? 0.12 : 0.3,
    );
  }
  for (let i = 0; i < sandbox; i++) member(`sandbox-${String(i + 1).padStart(3, '0')}`, 'Root/Sandbox', 0.45);
  for (let i = 0; i < legacy; i++) {
    add({
      accountName: `legacy-app-${String(i + 1).padStart(2, '0')}`,
      ouPath: 'Root/Legacy',
      status: 'error',
      error: {
        code: 'AccessDenied',
        message:
          'User: arn:aws:sts::111122223333:assumed-root/AssumeRoot is not authorized to perform: iam:GetAccountSummary with an explicit deny in a service control policy',
        diagnosis:
          'Blocked by SCP p-4xk2m9qz (DenyRootUser) attached to OU Legacy: it denies the root user without exempting root sessions (aws:AssumedRoot).',
      },
    });
  }
  for (let i = 0; i < suspended; i++) {
    add({
      accountName: `retired-${String(i + 1).padStart(2, '0')}`,
      ouPath: 'Root/Suspended',
      status: 'skipped',
      skipReason: 'Suspended account: root sessions cannot be opened in it.',
    });
  }
  const overdue = accounts.find((a) => a.status === 'non_compliant' && a.ouPath === 'Root/Workloads/Prod');
  if (overdue) overdue.overdueException = { task: 'IAMDeleteRootUserCredentials', expiresAt: daysAgo(12) };

  return {
    schemaVersion: AUDIT_SCHEMA_VERSION,
    organizationId: ORG,
    managementAccountId: MGMT,
    generatedAt: now,
    metadata: {
      callerArn: 'arn:aws:sts::111122223333:assumed-role/RootctlOperator/alice',
      callerRole: 'management',
      region: 'us-east-1',
      detail,
      scope: 'whole organization',
      durationMs: 4_200 + accounts.length * 11,
      rootctlVersion: '0.1.0',
    },
    managementRoot: { mfa: true, accessKeys: false },
    accounts,
    summary: summarize(accounts),
  };
}
