import { describe, expect, it } from 'vitest';
import { FakeRootSessions } from '../../../test/helpers/fake-root-sessions.js';
import { openDb } from '../../store/db.js';
import { ExceptionStore, overdueExceptions } from '../../store/exceptions.js';
import { Journal } from '../../store/journal.js';
import type { AccountId } from '../model/account-id.js';
import type { OrgAccount, OrganizationsReader } from '../ports.js';
import { openException, previewException, type ExceptionPorts } from './open.js';
import {
  checkTtl,
  exceptionState,
  exceptionTarget,
  overdueByAccount,
  parseExceptionTask,
  queueUrlRegion,
  type ExceptionRecord,
} from './rules.js';

const A = '300000000001' as AccountId;
const NOW = new Date('2025-03-01T12:00:00Z');
const POLICY =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}';

describe('exception rules', () => {
  it('checks the target against the task and the account', () => {
    expect(exceptionTarget('password-recovery', A, {})).toBe('root-user');
    expect(exceptionTarget('unlock-s3-bucket-policy', A, { bucket: 'locked-bucket' })).toBe('locked-bucket');
    expect(() => exceptionTarget('unlock-s3-bucket-policy', A, {})).toThrow(/needs --bucket/);
    expect(() => exceptionTarget('unlock-s3-bucket-policy', A, { bucket: 'Bad_Name' })).toThrow(
      /not an S3 bucket name/,
    );
    expect(() => exceptionTarget('password-recovery', A, { bucket: 'x-bucket' })).toThrow(/does not apply/);
    expect(
      exceptionTarget('unlock-sqs-queue-policy', A, {
        queueUrl: `https://sqs.us-east-1.amazonaws.com/${A}/q1`,
      }),
    ).toContain('/q1');
    expect(() =>
      exceptionTarget('unlock-sqs-queue-policy', A, {
        queueUrl: 'https://sqs.us-east-1.amazonaws.com/399999999999/q1',
      }),
    ).toThrow(/belongs to account 399999999999/);
    expect(() => parseExceptionTask('unlock-ec2')).toThrow(expect.objectContaining({ code: 'UnknownTask' }));
    expect(() => parseExceptionTask('audit')).toThrow(expect.objectContaining({ code: 'UnknownTask' }));
    // The older spellings (guardrails --tasks used them) are read as the task names.
    expect(parseExceptionTask('unlock-s3')).toBe('unlock-s3-bucket-policy');
    expect(parseExceptionTask(' unlock-sqs ')).toBe('unlock-sqs-queue-policy');
    expect(parseExceptionTask('unlock-sqs-queue-policy')).toBe('unlock-sqs-queue-policy');
    expect(() => checkTtl(30 * 86_400_000)).toThrow(expect.objectContaining({ code: 'InvalidDuration' }));
  });

  it('refuses a queue URL whose host names another Region than the one in use', () => {
    expect(queueUrlRegion(`https://sqs.eu-west-1.amazonaws.com/${A}/q1`)).toBe('eu-west-1');
    expect(queueUrlRegion(`https://ap-southeast-2.queue.amazonaws.com/${A}/q1`)).toBe('ap-southeast-2');
    expect(queueUrlRegion(`https://sqs.cn-north-1.amazonaws.com.cn/${A}/q1`)).toBe('cn-north-1');
    expect(queueUrlRegion(`http://127.0.0.1:4566/${A}/q1`)).toBeUndefined();
    const sqs = (url: string, region: string) =>
      exceptionTarget('unlock-sqs-queue-policy', A, { queueUrl: url }, region);
    expect(sqs(`https://sqs.eu-west-1.amazonaws.com/${A}/q1`, 'eu-west-1')).toContain('/q1');
    expect(sqs(`http://127.0.0.1:4566/${A}/q1`, 'eu-west-1')).toContain('/q1');
    expect(() => sqs(`https://sqs.eu-west-1.amazonaws.com/${A}/q1`, 'us-east-1')).toThrow(
      expect.objectContaining({
        code: 'InvalidInput',
        message: expect.stringContaining(
          'is in eu-west-1, but rootctl is using us-east-1: pass --region eu-west-1',
        ),
      }),
    );
  });

  it('says open, overdue or closed, and picks the first overdue exception per account', () => {
    const rec = (
      id: number,
      accountId: string,
      expiresAt: string,
      closedAt: string | null = null,
    ): ExceptionRecord => ({
      id,
      accountId: accountId as AccountId,
      task: 'password-recovery',
      target: 'root-user',
      reason: 'r',
      openerArn: 'arn',
      openedAt: '2025-03-01T00:00:00Z',
      expiresAt,
      closedAt,
      closedBy: null,
      savedPolicy: null,
      openRunId: null,
      closeRunId: null,
      note: null,
    });
    expect(exceptionState(rec(1, A, '2025-03-01T13:00:00Z'), NOW)).toBe('open');
    expect(exceptionState(rec(1, A, '2025-03-01T11:00:00Z'), NOW)).toBe('overdue');
    expect(exceptionState(rec(1, A, '2025-03-01T11:00:00Z', '2025-03-01T11:30:00Z'), NOW)).toBe('closed');
    const m = overdueByAccount(
      [
        rec(1, A, '2025-03-01T11:00:00Z'),
        rec(2, A, '2025-03-01T10:00:00Z'),
        rec(3, '300000000002', '2025-03-02T00:00:00Z'),
        rec(4, '300000000003', '2025-03-01T00:00:00Z', '2025-03-01T01:00:00Z'),
      ],
      NOW,
    );
    expect([...m.entries()]).toEqual([[A, { task: 'password-recovery', expiresAt: '2025-03-01T10:00:00Z' }]]);
  });
});

async function ports() {
  const fake = new FakeRootSessions(
    new Map([
      [
        A,
        {
          password: null,
          accessKeys: [],
          signingCertificates: [],
          mfaDevices: [],
          buckets: { 'locked-bucket': POLICY, open: undefined },
        },
      ],
    ]),
    () => NOW,
  );
  const account: OrgAccount = { id: A, name: 'payments', email: 'x@example.com', state: 'ACTIVE' };
  const organizations = {
    describeOrganization: async () => ({
      id: 'o-abcdefghij',
      featureSet: 'ALL' as const,
      managementAccountId: '100000000000',
      scpEnabled: true,
    }),
    describeAccount: async (id: AccountId) => (id === A ? account : undefined),
  } as unknown as OrganizationsReader;
  const db = await openDb(':memory:');
  const p: ExceptionPorts = {
    organizations,
    identity: {
      whoAmI: async () => ({
        accountId: '200000000000',
        arn: 'arn:aws:sts::200000000000:assumed-role/RootOps/alice',
        userId: 'x',
      }),
    },
    opener: fake,
    journal: new Journal(db, () => NOW),
    store: new ExceptionStore(db),
  };
  return { fake, p, db };
}

describe('opening an exception', () => {
  it('reads the older task spelling as the task name', async () => {
    const { p } = await ports();
    const preview = await previewException(p, {
      accountId: A,
      task: 'unlock-s3',
      bucket: 'locked-bucket',
      reason: 'CHG-1 locked out',
      ttlMs: 3_600_000,
    });
    expect(preview).toMatchObject({ task: 'unlock-s3-bucket-policy', taskPolicy: 'S3UnlockBucketPolicy' });
    expect(preview.currentPolicy).toBe(POLICY);
  });

  it('saves the bucket policy in the journal and the record before removing it', async () => {
    const { fake, p, db } = await ports();
    const preview = await previewException(p, {
      accountId: A,
      task: 'unlock-s3-bucket-policy',
      bucket: 'locked-bucket',
      reason: 'CHG-1 locked out',
      ttlMs: 3_600_000,
    });
    expect(preview.currentPolicy).toBe(POLICY);
    expect(fake.roots.get(A)!.buckets!['locked-bucket']).toBe(POLICY); // preview changes nothing
    const opened = await openException(p, preview, { now: () => NOW });
    expect(opened).toMatchObject({
      verified: true,
      changed: true,
      savedPolicy: POLICY,
      expiresAt: '2025-03-01T13:00:00.000Z',
    });
    expect(fake.roots.get(A)!.buckets!['locked-bucket']).toBeUndefined();
    const steps = await (p.journal as Journal).steps(opened.runId);
    expect(steps.map((s) => [s.action, s.outcome])).toEqual([
      ['AssumeRoot', 'done'],
      ['GetBucketPolicy', 'done'],
      ['DeleteBucketPolicy', 'done'],
      ['Verify', 'done'],
    ]);
    const del = steps.find((s) => s.action === 'DeleteBucketPolicy')!;
    expect(del.detail).toEqual({ savedPolicy: POLICY });
    expect(steps[1]!.id).toBeLessThan(del.id);
    expect(del.taskPolicy).toBe('S3UnlockBucketPolicy');
    const [rec] = await p.store.list();
    expect(rec).toMatchObject({
      accountId: A,
      task: 'unlock-s3-bucket-policy',
      target: 'locked-bucket',
      savedPolicy: POLICY,
      reason: 'CHG-1 locked out',
      openerArn: expect.stringContaining('RootOps/alice'),
      closedAt: null,
    });
    expect((await overdueExceptions(db, new Date('2025-03-01T14:00:00Z'))).get(A)).toEqual({
      task: 'unlock-s3-bucket-policy',
      expiresAt: '2025-03-01T13:00:00.000Z',
    });
    expect((await overdueExceptions(db, NOW)).size).toBe(0);
    await expect(
      previewException(p, {
        accountId: A,
        task: 'unlock-s3-bucket-policy',
        bucket: 'locked-bucket',
        reason: 'again',
        ttlMs: 3_600_000,
      }),
    ).rejects.toMatchObject({ code: 'ExceptionAlreadyOpen' });
  });

  it('refuses the second of two openings prepared at the same time, before it changes anything', async () => {
    const { fake, p } = await ports();
    const request = { accountId: A, task: 'password-recovery' as const, reason: 'CHG-2', ttlMs: 3_600_000 };
    // Two operators preview at once: neither sees an open exception yet.
    const [first, second] = [await previewException(p, request), await previewException(p, request)];
    await openException(p, first, { now: () => NOW });
    const creates = () => fake.calls.filter((c) => c.op === 'iam:CreateLoginProfile').length;
    expect(creates()).toBe(1);
    await expect(openException(p, second, { now: () => NOW })).rejects.toMatchObject({
      code: 'ExceptionAlreadyOpen',
      message: expect.stringContaining('opened by another process'),
    });
    expect(creates()).toBe(1);
    expect(await p.store.list()).toHaveLength(1);
    const runs = await (p.journal as Journal).listRuns();
    expect(runs.map((r) => r.status).sort()).toEqual(['completed', 'failed']);
  });

  it('refuses a bucket with no policy, the management account and unknown accounts, changing nothing', async () => {
    const { fake, p } = await ports();
    await expect(
      previewException(p, {
        accountId: A,
        task: 'unlock-s3-bucket-policy',
        bucket: 'open',
        reason: 'why not',
        ttlMs: 3_600_000,
      }),
    ).rejects.toMatchObject({ code: 'NoResourcePolicy' });
    await expect(
      previewException(p, {
        accountId: '100000000000' as AccountId,
        task: 'password-recovery',
        reason: 'why not',
        ttlMs: 3_600_000,
      }),
    ).rejects.toMatchObject({ code: 'UnknownAccount' });
    expect(fake.effective).toEqual([]);
    expect(await p.store.list()).toEqual([]);
  });

  it('allows password recovery with a password-less login profile', async () => {
    const { fake, p } = await ports();
    const preview = await previewException(p, {
      accountId: A,
      task: 'password-recovery',
      reason: 'lost MFA, INC-7',
      ttlMs: 4 * 3_600_000,
    });
    expect(preview.loginProfileExists).toBe(false);
    const opened = await openException(p, preview, { now: () => NOW });
    expect(opened).toMatchObject({ verified: true, changed: true, target: 'root-user' });
    expect(fake.roots.get(A)!.password).not.toBeNull();
    expect(fake.effective).toEqual([{ account: A, op: 'iam:CreateLoginProfile', target: 'login-profile' }]);
  });

  it('records a failed opening and closes the record with a note', async () => {
    const { fake, p } = await ports();
    const preview = await previewException(p, {
      accountId: A,
      task: 'unlock-s3-bucket-policy',
      bucket: 'locked-bucket',
      reason: 'CHG-2',
      ttlMs: 3_600_000,
    });
    fake.fault = (op) => (op === 's3:DeleteBucketPolicy' ? 'deny' : undefined);
    await expect(openException(p, preview, { now: () => NOW })).rejects.toMatchObject({
      code: 'AccessDenied',
    });
    expect(await p.store.list()).toEqual([]);
    expect((await p.store.list({ includeClosed: true }))[0]).toMatchObject({
      note: 'opening failed: AccessDenied',
      savedPolicy: POLICY,
    });
    expect((await (p.journal as Journal).listRuns())[0]).toMatchObject({
      kind: 'exception-open',
      status: 'failed',
    });
  });
});
