import { describe, expect, it } from 'vitest';
import { AwsCallError } from '../aws-call-error.js';
import type { AccountId } from '../model/account-id.js';
import { fakeOrg, smallOrg, type FakeAccount } from '../../../test/helpers/audit-fakes.js';
import { audit } from './run.js';
import { AdaptiveLimiter } from '../concurrency/adaptive-limiter.js';
import type { AuditEvent } from './types.js';
import type { AccountAudit, AuditReport } from './model.js';
import { DIAGNOSIS } from './diagnose.js';

const byId = (r: AuditReport) => new Map<string, AccountAudit>(r.accounts.map((a) => [a.accountId, a]));

/** n accounts spread over OUs, with root states derived from the index (the ground truth). */
function bigOrg(n: number) {
  const ous = [
    { id: 'ou-ab12-aaaaaaaa', name: 'A', parentId: 'r-ab12' },
    { id: 'ou-ab12-bbbbbbbb', name: 'B', parentId: 'ou-ab12-aaaaaaaa' },
  ];
  const accounts: FakeAccount[] = [{ id: '100000000000', name: 'Management', parentId: 'r-ab12' }];
  for (let i = 1; i < n; i++) {
    const id = String(100000000000 + i);
    accounts.push({
      id,
      name: `acct-${i}`,
      parentId: ['r-ab12', 'ou-ab12-aaaaaaaa', 'ou-ab12-bbbbbbbb'][i % 3]!,
      state: i % 17 === 0 ? 'SUSPENDED' : 'ACTIVE',
      root:
        i % 4 === 0
          ? {}
          : {
              password: i % 4 === 1,
              keys: i % 4 === 2 ? [`AKIA${id}`] : [],
              mfa: i % 4 === 3 ? [`arn:aws:iam::${id}:mfa/root`] : [],
            },
    });
  }
  const expected = (a: FakeAccount) =>
    a.id === '100000000000' || a.state === 'SUSPENDED'
      ? 'skipped'
      : Object.values(a.root ?? {}).some((v) => (Array.isArray(v) ? v.length : v))
        ? 'non_compliant'
        : 'compliant';
  return { ous, accounts, expected };
}

describe('audit (in-memory ports)', () => {
  it('reports every account once with the right status, OU path and skip reasons', async () => {
    const events: AuditEvent[] = [];
    const report = await audit(smallOrg().ports, { region: 'eu-west-1', onEvent: (e) => events.push(e) });
    const a = byId(report);
    expect(report.accounts).toHaveLength(6);
    expect(a.get('222222222222')).toMatchObject({ status: 'compliant', ouPath: 'Root/Workloads/Prod' });
    expect(a.get('333333333333')).toMatchObject({
      status: 'non_compliant',
      root: { password: { present: true }, accessKeys: [{ id: 'AKIAEXAMPLEKEY0001' }] },
    });
    expect(a.get('444444444444')).toMatchObject({
      status: 'non_compliant',
      ouPath: 'Root/Legacy',
      root: { mfaPresent: true },
    });
    expect(a.get('666666666666')).toMatchObject({
      status: 'non_compliant',
      ouPath: 'Root',
      root: { signingCertificatesPresent: true },
    });
    expect(a.get('555555555555')).toMatchObject({
      status: 'skipped',
      skipReason: expect.stringContaining('suspended'),
    });
    expect(a.get('111111111111')?.status).toBe('skipped');
    expect(a.get('111111111111')?.skipReason).toMatch(/; now: MFA on, no access keys$/);
    expect(report.managementRoot).toEqual({ mfa: true, accessKeys: false });
    expect(report.summary).toEqual({ total: 6, compliant: 1, non_compliant: 3, error: 0, skipped: 2 });
    expect(report.metadata).toMatchObject({
      region: 'eu-west-1',
      detail: 'full',
      scope: 'organization',
      callerRole: 'management',
    });
    const done = events.filter((e) => e.kind === 'account-done');
    expect(done).toHaveLength(6);
    expect(events.at(-1)?.kind).toBe('finished');
  });

  it('with --detail summary calls GetAccountSummary only', async () => {
    const org = smallOrg();
    const report = await audit(org.ports, { detail: 'summary' });
    expect(byId(report).get('333333333333')).toMatchObject({
      status: 'non_compliant',
      root: { detail: 'summary', accessKeys: [], accessKeysPresent: true, password: { present: true } },
    });
    const ops = new Set([...org.calls.keys()].map((k) => k.split(' ')[1]));
    expect(ops).toEqual(new Set(['sts:AssumeRoot', 'iam:GetAccountSummary']));
  });

  it('reports every account exactly once, with the true status, under 10% random faults', async () => {
    const { ous, accounts, expected } = bigOrg(300);
    const org = fakeOrg({
      ous,
      accounts,
      managementAccountId: '100000000000',
      faults: 0.1,
      seed: 42,
      delayMs: 1,
    });
    const report = await audit(org.ports, { retryPolicy: { baseDelayMs: 1, maxDelayMs: 5 } });
    expect(report.accounts).toHaveLength(accounts.length);
    expect(new Set(report.accounts.map((a) => a.accountId)).size).toBe(accounts.length);
    for (const acct of accounts) expect(byId(report).get(acct.id)?.status, acct.id).toBe(expected(acct));
    const retried = [...org.calls.values()].filter((n) => n > 1).length;
    expect(retried).toBeGreaterThan(50); // the faults did happen, and were retried
  });

  it('still has exactly one record per account when faults outlast the retries', async () => {
    const { ous, accounts } = bigOrg(200);
    const org = fakeOrg({ ous, accounts, managementAccountId: '100000000000', faults: 0.6, seed: 3 });
    const report = await audit(org.ports, {
      retryPolicy: { baseDelayMs: 0, maxDelayMs: 0 },
      retryBudget: 50,
    });
    expect(report.accounts.map((a) => a.accountId).sort()).toEqual(accounts.map((a) => a.id).sort());
    const errors = report.accounts.filter((a) => a.status === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.error?.diagnosis).toMatch(/throttled after|network error|service error/);
  });

  it("leaves no account in error when blips outlast a call's retries, whatever the seed", async () => {
    const { ous, accounts, expected } = bigOrg(150);
    for (const seed of [1, 2, 3, 4, 5]) {
      // A seeded 8% of (account, call) pairs meet a blip of 1 to 7 failed attempts: 503s or dropped
      // connections. A call gives up after 4 attempts, so the longer blips outlast its retries.
      const blip = (id: string, op: string) => {
        let h = 2166136261 ^ seed;
        for (const ch of `${id} ${op}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
        return h % 100 < 8 ? 1 + (Math.floor(h / 100) % 7) : 0;
      };
      const org = fakeOrg({
        ous,
        accounts,
        managementAccountId: '100000000000',
        fail: (id, op, attempt) =>
          attempt > blip(id, op)
            ? undefined
            : attempt % 2
              ? new AwsCallError('ServiceUnavailable', 'Service unavailable', op, 'transient')
              : new AwsCallError('NetworkError', 'socket hang up', op, 'network'),
      });
      // A large budget: the retries per account are under test here, not the budget (the
      // emulator test in test/audit-faults.test.ts runs with the default one).
      const report = await audit(org.ports, {
        retryPolicy: { baseDelayMs: 1, maxDelayMs: 2 },
        retryBudget: 100_000,
      });
      const errors = report.accounts.filter((a) => a.status === 'error').map((a) => a.accountId);
      expect(errors, `seed ${seed}`).toEqual([]);
      for (const acct of accounts) expect(byId(report).get(acct.id)?.status, acct.id).toBe(expected(acct));
      // The long blips did happen: some call needed more than its 4 attempts.
      expect(Math.max(...org.calls.values()), `seed ${seed}`).toBeGreaterThan(4);
    }
  });

  it('tries an account that failed transiently again after every other account (second pass)', async () => {
    const { ous, accounts } = bigOrg(30);
    const flaky = '100000000005';
    const org = fakeOrg({
      ous,
      accounts,
      managementAccountId: '100000000000',
      // Four 503s: the call's retries (4 attempts) are spent; the fifth attempt would succeed.
      fail: (id, op, attempt) =>
        id === flaky && op === 'sts:AssumeRoot' && attempt <= 4
          ? new AwsCallError('ServiceUnavailable', 'Service unavailable', op, 'transient')
          : undefined,
    });
    // A clock that stands still and no backoff: the call's four attempts fit in the deadline of 0 and
    // the account is not tried again within the first pass.
    const report = await audit(org.ports, {
      retryPolicy: { baseDelayMs: 0, maxDelayMs: 0 },
      accountDeadlineMs: 0,
      limiter: new AdaptiveLimiter({ max: 100, now: () => 0 }),
    });
    expect(byId(report).get(flaky)?.status).toBe('non_compliant');
    expect(byId(report).get(flaky)?.root?.password.present).toBe(true);
    const sessions = org.log.filter((l) => l.endsWith(' sts:AssumeRoot'));
    expect(sessions.at(-1)).toBe(`${flaky} sts:AssumeRoot`);
    expect(org.calls.get(`${flaky} sts:AssumeRoot`)).toBe(5);
  });

  it('reports a fault that outlasts the account deadline and the second pass as an error', async () => {
    const { ous, accounts } = bigOrg(12);
    const broken = '100000000005';
    const org = fakeOrg({
      ous,
      accounts,
      managementAccountId: '100000000000',
      fail: (id, op) =>
        id === broken && op === 'iam:GetAccountSummary'
          ? new AwsCallError('InternalError', 'We encountered an internal error.', op, 'transient')
          : undefined,
    });
    // A virtual clock that moves only when the pipeline waits between attempts: how many attempts fit
    // in the deadline does not depend on how loaded the machine is.
    let virtualMs = 0;
    const report = await audit(org.ports, {
      retryPolicy: { baseDelayMs: 1, maxDelayMs: 4 },
      accountDeadlineMs: 40,
      limiter: new AdaptiveLimiter({ max: 100, now: () => virtualMs }),
      sleep: async (ms) => {
        virtualMs += ms;
        await Promise.resolve();
      },
    });
    expect(byId(report).get(broken)).toMatchObject({ status: 'error', error: { code: 'InternalError' } });
    // Within the deadline the account was tried more than once, and once more in the second pass.
    expect(org.calls.get(`${broken} sts:AssumeRoot`)).toBeGreaterThanOrEqual(3);
    expect(report.accounts.filter((a) => a.status === 'error')).toHaveLength(1);
  });

  it('names the SCP and where it is attached when the root session is denied by it', async () => {
    const scp = {
      id: 'p-denyroot1',
      name: 'DenyRootUser',
      awsManaged: false,
      content: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Action: '*',
            Resource: '*',
            Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } },
          },
        ],
      }),
      targets: [{ id: 'ou-ab12-legacy01', type: 'ORGANIZATIONAL_UNIT' as const, name: 'Legacy' }],
    };
    const full = {
      id: 'p-FullAWSAccess',
      name: 'FullAWSAccess',
      awsManaged: true,
      content: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      }),
      targets: [{ id: 'r-ab12', type: 'ROOT' as const, name: 'Root' }],
    };
    const org = smallOrg({
      scps: [full, scp],
      fail: (id, op) =>
        id === '444444444444' && op.startsWith('iam:')
          ? new AwsCallError(
              'AccessDenied',
              `User: arn:aws:iam::444444444444:root is not authorized to perform: ${op} on resource: arn:aws:iam::444444444444:root with an explicit deny in a service control policy: arn:aws:organizations::111111111111:policy/o-exampleorg1/service_control_policy/p-denyroot1`,
              op,
            )
          : undefined,
    });
    const report = await audit(org.ports);
    expect(byId(report).get('444444444444')).toMatchObject({
      status: 'error',
      error: {
        code: 'AccessDenied',
        diagnosis: 'blocked by SCP p-denyroot1 (DenyRootUser) attached to ou-ab12-legacy01 (Legacy)',
      },
    });
    expect(byId(report).get('222222222222')?.status).toBe('compliant');
  });

  it('reads an account’s own SCPs when the ones above it do not explain the denial', async () => {
    const deny = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }],
    });
    const allow = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    const org = smallOrg({
      scps: [
        {
          id: 'p-FullAWSAccess',
          name: 'FullAWSAccess',
          awsManaged: true,
          content: allow,
          targets: ['r-ab12', 'ou-ab12-legacy01', '444444444444'].map((id) => ({
            id,
            type: 'ROOT' as const,
            name: '',
          })),
        },
        {
          id: 'p-denyiam01',
          name: 'DenyIam',
          awsManaged: false,
          content: deny,
          targets: [{ id: '444444444444', type: 'ACCOUNT' as const, name: '' }],
        },
      ],
      fail: (id, op) =>
        id === '444444444444' && op.startsWith('iam:')
          ? new AwsCallError(
              'AccessDenied',
              `User: arn:aws:iam::444444444444:root is not authorized to perform: ${op} with an explicit deny in a service control policy`,
              op,
            )
          : undefined,
    });
    const report = await audit(org.ports);
    expect(byId(report).get('444444444444')?.error?.diagnosis).toBe(
      'blocked by SCP p-denyiam01 (DenyIam) attached to account 444444444444',
    );
  });

  // AWS's own refusal texts (radkawar/stackd testdata/aws/iam/root_sessions.json): each holds for the
  // whole organization, so a feature that is off costs a bounded number of denied AssumeRoot calls.
  const bare = (id: string) =>
    `User: arn:aws:sts::100000000000:assumed-role/RootOps/me is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::${id}:root`;
  it.each([
    [
      'Root credentials management feature is not enabled for your AWS Organization.',
      DIAGNOSIS.rootCredentialsManagementOff,
    ],
    ['Service not enabled for AWS Organizations.', DIAGNOSIS.trustedAccessOff],
    ['', DIAGNOSIS.notAuthorized],
  ])(
    'stops calling AssumeRoot after a few of the same organization-wide refusal (%s)',
    async (message, diagnosis) => {
      const { ous, accounts } = bigOrg(120);
      const org = fakeOrg({
        ous,
        accounts,
        managementAccountId: '100000000000',
        delayMs: 2,
        fail: (id, op) =>
          op === 'sts:AssumeRoot' ? new AwsCallError('AccessDenied', message || bare(id), op) : undefined,
      });
      const report = await audit(org.ports);
      const errors = report.accounts.filter((a) => a.status === 'error');
      expect(errors.length).toBe(report.accounts.filter((a) => a.status !== 'skipped').length);
      for (const e of errors) expect(e.error?.diagnosis).toContain(diagnosis);
      const assumeCalls = [...org.calls.keys()].filter((k) => k.endsWith('sts:AssumeRoot')).length;
      expect(assumeCalls).toBeLessThan(errors.length / 2);
    },
  );

  it("takes the bare denial as one account's once an AssumeRoot of the run has succeeded", async () => {
    const { ous, accounts } = bigOrg(40);
    let opened = false;
    const org = fakeOrg({
      ous,
      accounts,
      managementAccountId: '100000000000',
      // The first AssumeRoot of the run is issued, every later one gets the bare denial.
      fail: (id, op) => {
        if (op !== 'sts:AssumeRoot') return undefined;
        if (!opened) return void (opened = true);
        return new AwsCallError('AccessDenied', bare(id), op);
      },
    });
    const report = await audit(org.ports, { concurrency: 1 });
    const errors = report.accounts.filter((a) => a.status === 'error');
    const assumeCalls = [...org.calls.keys()].filter((k) => k.endsWith('sts:AssumeRoot')).length;
    expect(errors.length).toBeGreaterThan(3);
    expect(assumeCalls).toBe(report.accounts.filter((a) => a.status !== 'skipped').length);
  });

  it('diagnoses a caller whose policy does not allow AssumeRoot, and throttling that outlasts retries', async () => {
    const org = smallOrg({
      fail: (id, op) =>
        op === 'sts:AssumeRoot' && id === '222222222222'
          ? new AwsCallError(
              'AccessDenied',
              'User: arn:aws:sts::1:assumed-role/Auditor/x is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::222222222222:root because no identity-based policy allows the sts:AssumeRoot action',
              op,
            )
          : id === '333333333333' && op === 'iam:ListMFADevices'
            ? new AwsCallError('Throttling', 'Rate exceeded', op, 'throttling')
            : undefined,
    });
    // A clock that stands still: every retry fits in the deadline, the account is not tried again.
    const report = await audit(org.ports, {
      retryPolicy: { baseDelayMs: 0, maxDelayMs: 0 },
      accountDeadlineMs: 0,
      limiter: new AdaptiveLimiter({ max: 100, now: () => 0 }),
    });
    expect(byId(report).get('222222222222')?.error?.diagnosis).toBe(DIAGNOSIS.callerNotAllowed);
    expect(byId(report).get('333333333333')?.error).toMatchObject({
      code: 'Throttling',
      diagnosis: 'throttled after 9 retries (iam:ListMFADevices)',
    });
    // Ten attempts in the first pass, ten more in the second; a denial is not tried again.
    expect(org.calls.get('333333333333 iam:ListMFADevices')).toBe(20);
    expect(org.calls.get('222222222222 sts:AssumeRoot')).toBe(1);
  });

  it('never has more accounts in flight than --concurrency', async () => {
    const { ous, accounts } = bigOrg(150);
    const org = fakeOrg({ ous, accounts, managementAccountId: '100000000000', delayMs: 1 });
    const events: AuditEvent[] = [];
    await audit(org.ports, { concurrency: 5, onEvent: (e) => events.push(e) });
    const done = events.filter(
      (e): e is Extract<AuditEvent, { kind: 'account-done' }> => e.kind === 'account-done',
    );
    expect(Math.max(...done.map((e) => e.inFlight))).toBeLessThanOrEqual(5);
    const fin = events.find((e) => e.kind === 'finished');
    expect(fin?.kind === 'finished' && fin.stats.peakConcurrency).toBeLessThanOrEqual(5);
  });

  it('audits only --accounts, with their OU paths; unknown ids are a usage error', async () => {
    const report = await audit(smallOrg().ports, {
      scope: { kind: 'accounts', ids: ['333333333333', '111111111111'] as AccountId[] },
    });
    expect(report.accounts.map((a) => [a.accountId, a.status, a.ouPath])).toEqual([
      ['111111111111', 'skipped', 'Root'],
      ['333333333333', 'non_compliant', 'Root/Workloads/Prod'],
    ]);
    await expect(
      audit(smallOrg().ports, {
        scope: { kind: 'accounts', ids: ['999999999999', '222222222222', '888888888888'] as AccountId[] },
      }),
    ).rejects.toMatchObject({
      code: 'UnknownAccount',
      message: expect.stringContaining('999999999999, 888888888888'),
    });
  });

  it('audits an OU recursively with full OU paths; an unknown OU is a usage error', async () => {
    const report = await audit(smallOrg().ports, { scope: { kind: 'ou', id: 'ou-ab12-workload' } });
    expect(report.accounts.map((a) => [a.accountId, a.ouPath])).toEqual([
      ['222222222222', 'Root/Workloads/Prod'],
      ['333333333333', 'Root/Workloads/Prod'],
    ]);
    await expect(
      audit(smallOrg().ports, { scope: { kind: 'ou', id: 'ou-ab12-nothere1' } }),
    ).rejects.toMatchObject({ code: 'UnknownOu' });
  });

  it('refuses before auditing when the caller is neither management nor IAM delegated admin', async () => {
    await expect(
      audit(smallOrg({ callerAccountId: '222222222222', delegatedAdmins: ['666666666666'] }).ports),
    ).rejects.toMatchObject({ code: 'NotManagementOrDelegatedAdmin' });
    const ok = await audit(
      smallOrg({ callerAccountId: '666666666666', delegatedAdmins: ['666666666666'] }).ports,
    );
    expect(ok.metadata.callerRole).toBe('delegated-admin');
    expect(ok.managementRoot).toBeUndefined();
  });
});
