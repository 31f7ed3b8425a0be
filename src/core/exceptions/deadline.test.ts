/**
 * The deadline of an exception's calls (issue 15: a hung endpoint fails within a bounded time), on a
 * virtual clock: a call to an endpoint that never answers "takes" the request timeout and the waits
 * between attempts move the clock too, so nothing really waits.
 */
import { describe, expect, it } from 'vitest';
import { FakeRootSessions } from '../../../test/helpers/fake-root-sessions.js';
import { openDb } from '../../store/db.js';
import { ExceptionStore } from '../../store/exceptions.js';
import { Journal } from '../../store/journal.js';
import { AwsCallError } from '../aws-call-error.js';
import type { AccountId } from '../model/account-id.js';
import type { OrganizationsReader } from '../ports.js';
import { openException, previewException, type ExceptionPorts } from './open.js';

const A = '300000000001' as AccountId;
const NOW = new Date('2025-03-01T12:00:00Z');
const POLICY = '{"Version":"2012-10-17","Statement":[]}';
const REQUEST = {
  accountId: A,
  task: 'unlock-s3-bucket-policy' as const,
  bucket: 'locked-bucket',
  reason: 'CHG-1',
  ttlMs: 3_600_000,
};

async function setup() {
  const fake = new FakeRootSessions(
    new Map([
      [
        A,
        {
          password: null,
          accessKeys: [],
          signingCertificates: [],
          mfaDevices: [],
          buckets: { 'locked-bucket': POLICY },
        },
      ],
    ]),
    () => NOW,
  );
  const organizations = {
    describeOrganization: async () => ({
      id: 'o-abcdefghij',
      featureSet: 'ALL' as const,
      managementAccountId: '100000000000',
      scpEnabled: true,
    }),
    describeAccount: async (id: AccountId) =>
      id === A ? { id: A, name: 'payments', email: 'x@example.com', state: 'ACTIVE' } : undefined,
  } as unknown as OrganizationsReader;
  const db = await openDb(':memory:');
  const journal = new Journal(db, () => NOW);
  const ports: ExceptionPorts = {
    organizations,
    identity: {
      whoAmI: async () => ({
        accountId: '200000000000',
        arn: 'arn:aws:iam::200000000000:user/a',
        userId: 'x',
      }),
    },
    opener: fake,
    journal,
    store: new ExceptionStore(db),
    // The adapters' request timeout: the default deadline is derived from it (60 s).
    requestTimeoutMs: 30_000,
  };
  let virtualMs = 0;
  /** The endpoint of `hungOp` never answers: each attempt "takes" the 30 s timeout (and a moment). */
  const hang = (hungOp: string) =>
    (fake.fault = (op) =>
      op === hungOp
        ? () => {
            virtualMs += 30_001;
            throw new AwsCallError(
              'NetworkError',
              'no answer from http://127.0.0.1:9 within 30 s',
              op,
              'network',
            );
          }
        : undefined);
  const options = {
    now: () => NOW,
    retry: { sleep: async (ms: number) => void (virtualMs += ms), now: () => virtualMs },
  };
  const attempts = (op: string) => fake.calls.filter((c) => c.op === op).length;
  return { ports, journal, hang, options, attempts };
}

describe('exceptions: the deadline', () => {
  it('fails a preview whose read never answers after one request timeout, naming endpoint and operation', async () => {
    const { ports, hang, options, attempts } = await setup();
    hang('s3:GetBucketPolicy');
    const e = await previewException(ports, REQUEST, options).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'NetworkError' });
    expect((e as Error).message).toMatch(
      /no answer from http:\/\/127\.0\.0\.1:9 within 30 s \(s3:GetBucketPolicy, 1 attempt; stopped at the account's deadline\)/,
    );
    // One attempt (without the deadline: four, 120 s).
    expect(attempts('s3:GetBucketPolicy')).toBe(1);
  });

  it('journals a change that never answers as failed after one request timeout, never as done', async () => {
    const { ports, journal, hang, options, attempts } = await setup();
    const preview = await previewException(ports, REQUEST, options);
    hang('s3:DeleteBucketPolicy');
    const e = await openException(ports, preview, options).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'NetworkError' });
    expect(attempts('s3:DeleteBucketPolicy')).toBe(1);
    const [run] = await journal.listRuns();
    expect(run).toMatchObject({ kind: 'exception-open', status: 'failed' });
    const change = (await journal.steps(run!.id)).find((s) => s.action === 'DeleteBucketPolicy')!;
    expect(change).toMatchObject({ outcome: 'failed', errorCode: 'NetworkError' });
    expect(change.errorMessage).toMatch(/127\.0\.0\.1:9.*s3:DeleteBucketPolicy.*deadline/);
    // The read back showed the policy still there: the record is closed with a note, never left open.
    expect(await ports.store.list()).toEqual([]);
  });
});
