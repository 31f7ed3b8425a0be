/**
 * An in-memory RootSessionOpener for executor and exception unit tests.
 *
 * Contract (what the real adapter + AWS do, and so what this fake does):
 * - open(account, task) fails with AccessDenied for accounts in `denied`, otherwise returns a session
 *   whose accessKeyId is unique (ASIAFAKE0001, ...), expiring 15 minutes after `now()`.
 * - delete* / deactivate* return true when they removed something, false when it was already gone.
 * - `fault(op, account, target)` may inject, per call: 'throttle' (AwsCallError kind throttling, nothing
 *   done), 'drop-after' (the change IS made, then a network error is thrown - the lost-response case),
 *   'deny' (AccessDenied), 'expired' (ExpiredToken), or a thunk run before the call (e.g. abort a signal).
 * - Every call that changed state is logged in `effective` ({account, op, target}); tests assert that
 *   no target appears twice there.
 */
import type { AccountAudit } from '../../src/core/audit/model.js';
import { AwsCallError } from '../../src/core/aws-call-error.js';
import type { AccountId } from '../../src/core/model/account-id.js';
import type { TaskPolicyName } from '../../src/core/model/task-policies.js';
import type { RootSessionOpener, RootSessions } from '../../src/core/ports.js';

export interface FakeRoot {
  password: { createDate: string } | null;
  accessKeys: {
    id: string;
    createDate: string;
    lastUsed?: { date: string; service: string; region: string };
  }[];
  signingCertificates: { id: string; uploadDate: string }[];
  mfaDevices: { serialNumber: string; enableDate: string }[];
  buckets?: Record<string, string | undefined>;
  queues?: Record<string, string | undefined>;
}

export type Fault = 'throttle' | 'drop-after' | 'deny' | 'expired' | (() => void) | undefined;

export class FakeRootSessions implements RootSessionOpener {
  readonly effective: { account: string; op: string; target: string }[] = [];
  readonly calls: { account: string; op: string; target: string }[] = [];
  readonly denied = new Set<string>();
  fault: (op: string, account: string, target: string) => Fault = () => undefined;
  private sessions = 0;

  constructor(
    readonly roots: Map<string, FakeRoot>,
    readonly now: () => Date = () => new Date(),
  ) {}

  private async call<T>(
    op: string,
    account: string,
    target: string,
    change: () => T | undefined,
    readOnly = false,
  ): Promise<T | undefined> {
    this.calls.push({ account, op, target });
    const f = this.fault(op, account, target);
    if (typeof f === 'function') f();
    if (f === 'throttle') throw new AwsCallError('Throttling', 'Rate exceeded', op, 'throttling');
    if (f === 'deny') throw new AwsCallError('AccessDenied', `not allowed: ${op}`, op, 'client');
    if (f === 'expired')
      throw new AwsCallError(
        'ExpiredToken',
        'The security token included in the request is expired',
        op,
        'client',
      );
    const v = change();
    if (!readOnly && v !== undefined && v !== false) this.effective.push({ account, op, target });
    if (f === 'drop-after') throw new AwsCallError('NetworkError', 'socket hang up', op, 'network');
    return v;
  }

  /**
   * Every method of every task's session, whatever the task (the types keep callers to the task's
   * port; test/root-session-ports.test.ts holds the real adapter to each task policy).
   */
  async open<T extends TaskPolicyName>(accountId: AccountId, task: T): Promise<RootSessions[T]> {
    await this.call('sts:AssumeRoot', accountId, task, () => true, true);
    if (this.denied.has(accountId))
      throw new AwsCallError(
        'AccessDenied',
        `explicit deny in a service control policy for ${accountId}`,
        'sts:AssumeRoot',
        'client',
      );
    const root = this.roots.get(accountId);
    if (!root) throw new AwsCallError('AccessDenied', 'not a member account', 'sts:AssumeRoot', 'client');
    const id = `ASIAFAKE${String(++this.sessions).padStart(4, '0')}`;
    const c = <T>(op: string, target: string, fn: () => T | undefined, ro = false) =>
      this.call(op, accountId, target, fn, ro);
    const remove = <X>(list: X[], match: (x: X) => boolean) => {
      const i = list.findIndex(match);
      if (i < 0) return false;
      list.splice(i, 1);
      return true;
    };
    return {
      accountId,
      task,
      accessKeyId: id,
      expiresAt: new Date(this.now().getTime() + 900_000),
      accountSummary: async () => ({
        password: root.password !== null,
        accessKeys: root.accessKeys.length > 0,
        signingCertificates: root.signingCertificates.length > 0,
        mfa: root.mfaDevices.length > 0,
      }),
      loginProfile: async () => (root.password ? { createDate: root.password.createDate } : undefined),
      accessKeys: async () =>
        root.accessKeys.map((k) => ({
          id: k.id,
          status: 'Active' as const,
          createDate: k.createDate,
          lastUsed: k.lastUsed,
        })),
      signingCertificates: async () =>
        root.signingCertificates.map((x) => ({
          id: x.id,
          status: 'Active' as const,
          uploadDate: x.uploadDate,
        })),
      mfaDevices: async () => root.mfaDevices.map((m) => ({ ...m })),
      deleteLoginProfile: async () =>
        (await c('iam:DeleteLoginProfile', 'login-profile', () =>
          root.password ? ((root.password = null), true) : false,
        )) === true,
      deleteAccessKey: async (k: string) =>
        (await c('iam:DeleteAccessKey', k, () => remove(root.accessKeys, (x) => x.id === k))) === true,
      deleteSigningCertificate: async (k: string) =>
        (await c('iam:DeleteSigningCertificate', k, () =>
          remove(root.signingCertificates, (x) => x.id === k),
        )) === true,
      deactivateMfaDevice: async (s: string) =>
        (await c('iam:DeactivateMFADevice', s, () =>
          remove(root.mfaDevices, (x) => x.serialNumber === s),
        )) === true,
      allowPasswordRecovery: async () =>
        (await c('iam:CreateLoginProfile', 'login-profile', () =>
          root.password ? false : ((root.password = { createDate: this.now().toISOString() }), true),
        )) === true,
      getBucketPolicy: async (b: string) => c('s3:GetBucketPolicy', b, () => root.buckets?.[b], true),
      deleteBucketPolicy: async (b: string) =>
        void (await c('s3:DeleteBucketPolicy', b, () =>
          root.buckets && b in root.buckets ? ((root.buckets[b] = undefined), true) : false,
        )),
      getQueuePolicy: async (q: string) => c('sqs:GetQueueAttributes', q, () => root.queues?.[q], true),
      deleteQueuePolicy: async (q: string) =>
        void (await c('sqs:SetQueueAttributes', q, () =>
          root.queues && q in root.queues ? ((root.queues[q] = undefined), true) : false,
        )),
    } as unknown as RootSessions[T];
  }

  /** The audit's view of the fake (full detail), for planning and verification. */
  auditOf(accountId: string): AccountAudit {
    const r = this.roots.get(accountId)!;
    return {
      accountId: accountId as AccountId,
      accountName: `acct-${accountId.slice(-4)}`,
      ouPath: 'Root/Workloads',
      status:
        r.password || r.accessKeys.length || r.signingCertificates.length || r.mfaDevices.length
          ? 'non_compliant'
          : 'compliant',
      root: {
        detail: 'full',
        password: { present: r.password !== null, createDate: r.password?.createDate },
        accessKeys: r.accessKeys.map((k) => ({
          id: k.id,
          status: 'Active',
          createDate: k.createDate,
          lastUsed: k.lastUsed,
        })),
        signingCertificates: r.signingCertificates.map((x) => ({
          id: x.id,
          status: 'Active',
          uploadDate: x.uploadDate,
        })),
        mfaDevices: r.mfaDevices.map((m) => ({ ...m })),
        accessKeysPresent: r.accessKeys.length > 0,
        signingCertificatesPresent: r.signingCertificates.length > 0,
        mfaPresent: r.mfaDevices.length > 0,
      },
      auditedAt: this.now().toISOString(),
    };
  }
}
