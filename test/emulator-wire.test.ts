/**
 * The wire, as AWS speaks it: SigV4 verification per emulator (the right secret, not the one another
 * emulator in the process gave the same key id), through the unmodified SDK.
 */
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  credsOf,
  errorOf,
  s3Client,
  startTestEmulator,
  type Creds,
  type TestEmulator,
} from './helpers/emulator-clients.js';

const OPTIONS = { accounts: 6, seed: 71, state: 'configured' } as const;

let first: TestEmulator;
let second: TestEmulator;

beforeAll(async () => {
  first = await startTestEmulator(OPTIONS);
  // The same scenario, but the management root's key id has another secret in the second emulator.
  second = await startTestEmulator(OPTIONS, (s) => {
    const p = s.principals.find((x) => x.profile === 'management-root')!;
    p.secretAccessKey = `${p.secretAccessKey.slice(0, -4)}ZZZZ`;
  });
});

afterAll(async () => {
  await first?.close();
  await second?.close();
});

describe('SigV4 verification is per emulator and per full credential', () => {
  it('two emulators in one process each accept their own secret for the same key id, and only it', async () => {
    const firstCreds = credsOf(first.scenario, 'management-root');
    const secondCreds: Creds = credsOf(second.scenario, 'management-root');
    expect(secondCreds.accessKeyId).toBe(firstCreds.accessKeyId);
    expect(secondCreds.secretAccessKey).not.toBe(firstCreds.secretAccessKey);
    // S3 is the path whose verification used cached signers: warm it in the first emulator.
    await s3Client(first.url, firstCreds).send(new ListBucketsCommand({}));
    await s3Client(second.url, secondCreds).send(new ListBucketsCommand({}));
    const wrong = await errorOf(s3Client(second.url, firstCreds).send(new ListBucketsCommand({})));
    expect(wrong.name).toBe('SignatureDoesNotMatch');
    expect(wrong.$metadata?.httpStatusCode).toBe(403);
    const wrongInFirst = await errorOf(s3Client(first.url, secondCreds).send(new ListBucketsCommand({})));
    expect(wrongInFirst.name).toBe('SignatureDoesNotMatch');
  });
});
