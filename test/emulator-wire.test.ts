/**
 * Issue 11, fact 6: the wire, as AWS speaks it. SigV4 verification per emulator (the right secret,
 * not the one another emulator in the process gave the same key id); the 15-minute time window
 * (S3: RequestTimeTooSkewed); a signed Date header with or without X-Amz-Date; presigned URLs for STS
 * and S3 (the SDK's signer, and botocore's presigner through Python where it is installed); SQS's
 * awsQuery protocol; S3 aws-chunked bodies, signed and unsigned-with-trailer; a body that does not
 * match x-amz-content-sha256; x-amz-id-2. Requests the SDK sends itself go through the unmodified
 * SDK; the rest are signed with the SDK's signer (@smithy/signature-v4) and sent with fetch.
 */
import { GetBucketPolicyCommand, ListBucketsCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { getCanonicalHeaders, SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest as WireRequest } from '@smithy/types';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  credsOf,
  errorOf,
  members,
  s3Client,
  startTestEmulator,
  type Creds,
  type TestEmulator,
} from './helpers/emulator-clients.js';

const python = await promisify(execFile)('python3', ['-c', 'import botocore'], { encoding: 'utf8' }).then(
  () => true,
  () => false,
);

const OPTIONS = { accounts: 6, seed: 71, state: 'configured' } as const;
const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

let first: TestEmulator;
let second: TestEmulator;
let bucket = '';
let queueUrlPath = '';
let owner: Creds;

beforeAll(async () => {
  first = await startTestEmulator(OPTIONS, (s) => {
    const [a] = members(s, (x) => x.name !== 'Security' && !x.name.startsWith('legacy'));
    bucket = `wire-${a!.id}`;
    a!.buckets = [{ name: bucket }];
    a!.queues = [{ name: 'wire-queue', policy: '{"Version":"2012-10-17","Statement":[]}' }];
    queueUrlPath = `/${a!.id}/wire-queue`;
    s.principals.push({
      profile: 'owner-admin',
      accessKeyId: 'ASIAWIREOWNERADMIN01',
      secretAccessKey: 'wireOwnerAdminSecretExample00000000000',
      sessionToken: 'IQoJwireOwnerToken',
      accountId: a!.id,
      kind: 'role',
      roleName: 'Admin',
      sessionName: 'wire',
      allow: ['*'],
    });
  });
  owner = credsOf(first.scenario, 'owner-admin');
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

function signer(creds: Creds, service: string, region = 'us-east-1'): SignatureV4 {
  return new SignatureV4({
    credentials: creds,
    region,
    service,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: service !== 's3',
  });
}

function requestTo(
  url: string,
  init: {
    method: string;
    path: string;
    query?: Record<string, string>;
    headers?: Record<string, string>;
    body?: string | Buffer;
  },
): HttpRequest {
  const u = new URL(url);
  return new HttpRequest({
    method: init.method,
    protocol: 'http:',
    hostname: u.hostname,
    port: Number(u.port),
    path: init.path,
    query: init.query ?? {},
    headers: { host: u.host, ...(init.headers ?? {}) },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
}

function urlOf(base: string, r: WireRequest): string {
  const q = Object.entries(r.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v ?? ''))}`)
    .join('&');
  return `${base}${r.path}${q ? `?${q}` : ''}`;
}

async function send(
  base: string,
  r: WireRequest,
): Promise<{ status: number; text: string; headers: Headers }> {
  const headers = { ...r.headers };
  delete headers.host;
  const res = await fetch(urlOf(base, r), {
    method: r.method,
    headers,
    ...(r.body === undefined
      ? {}
      : { body: typeof r.body === 'string' ? r.body : new Uint8Array(r.body as Buffer) }),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

describe('SigV4 verification is per emulator and per full credential', () => {
  it('two emulators in one process each accept their own secret for the same key id, and only it', async () => {
    const firstCreds = credsOf(first.scenario, 'management-root');
    const secondCreds: Creds = credsOf(second.scenario, 'management-root');
    expect(secondCreds.accessKeyId).toBe(firstCreds.accessKeyId);
    expect(secondCreds.secretAccessKey).not.toBe(firstCreds.secretAccessKey);
    await s3Client(first.url, firstCreds).send(new ListBucketsCommand({}));
    await s3Client(second.url, secondCreds).send(new ListBucketsCommand({}));
    const wrong = await errorOf(s3Client(second.url, firstCreds).send(new ListBucketsCommand({})));
    expect(wrong.name).toBe('SignatureDoesNotMatch');
    expect(wrong.$metadata?.httpStatusCode).toBe(403);
    const wrongInFirst = await errorOf(s3Client(first.url, secondCreds).send(new ListBucketsCommand({})));
    expect(wrongInFirst.name).toBe('SignatureDoesNotMatch');
  });
});

describe('the 15-minute window', () => {
  const skewed = (offsetMs: number) =>
    new STSClient({
      region: 'us-east-1',
      endpoint: first.url,
      credentials: owner,
      maxAttempts: 1,
      systemClockOffset: offsetMs,
    });
  const STAMP = '\\d{8}T\\d{6}Z';

  it('STS: a request 20 minutes old or ahead is SignatureDoesNotMatch in AWS wording; 10 minutes is fine', async () => {
    const old = await errorOf(skewed(-20 * 60_000).send(new GetCallerIdentityCommand({})));
    expect(old.name).toBe('SignatureDoesNotMatch');
    expect(old.$metadata?.httpStatusCode).toBe(403);
    expect(old.message).toMatch(
      new RegExp(`^Signature expired: ${STAMP} is now earlier than ${STAMP} \\(${STAMP} - 15 min\\.\\)$`),
    );
    const ahead = await errorOf(skewed(20 * 60_000).send(new GetCallerIdentityCommand({})));
    expect(ahead.message).toMatch(
      new RegExp(
        `^Signature not yet current: ${STAMP} is still later than ${STAMP} \\(${STAMP} \\+ 15 min\\.\\)$`,
      ),
    );
    await skewed(-10 * 60_000).send(new GetCallerIdentityCommand({}));
  });

  it('S3: RequestTimeTooSkewed (403) with the allowed skew', async () => {
    const s3 = s3Client(first.url, owner);
    s3.config.systemClockOffset = -20 * 60_000;
    const e = (await errorOf(s3.send(new ListBucketsCommand({})))) as Error & Record<string, unknown>;
    expect(e.name).toBe('RequestTimeTooSkewed');
    expect(e.$metadata).toMatchObject({ httpStatusCode: 403 });
    expect(e.MaxAllowedSkewMilliseconds).toBe('900000');
  });
});

describe('a signed Date header', () => {
  /** Signs with the SDK's own canonical request and key, dating the request by its Date header. */
  async function signedWithDate(withAmzDate: boolean): Promise<HttpRequest> {
    const now = new Date();
    const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, '');
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const r = requestTo(first.url, {
      method: 'POST',
      path: '/',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        date: now.toUTCString(),
        'x-amz-security-token': owner.sessionToken!,
        ...(withAmzDate ? { 'x-amz-date': amzDate } : {}),
      },
      body,
    });
    const s = signer(owner, 'sts') as unknown as {
      createCanonicalRequest(r: HttpRequest, h: Record<string, string>, p: string): string;
      createStringToSign(d: string, scope: string, c: string, alg: string): Promise<string>;
      sign(toSign: string, o: { signingDate: Date }): Promise<string>;
    };
    const headers = getCanonicalHeaders(r, new Set(), new Set(Object.keys(r.headers)));
    const canonical = s.createCanonicalRequest(r, headers, sha256(body));
    const scope = `${amzDate.slice(0, 8)}/us-east-1/sts/aws4_request`;
    // AWS: without X-Amz-Date the Date header dates the request, written as YYYYMMDD'T'HHMMSS'Z'.
    const toSign = await s.createStringToSign(amzDate, scope, canonical, 'AWS4-HMAC-SHA256');
    const signature = await s.sign(toSign, { signingDate: now });
    r.headers.authorization = `AWS4-HMAC-SHA256 Credential=${owner.accessKeyId}/${scope}, SignedHeaders=${Object.keys(headers).sort().join(';')}, Signature=${signature}`;
    return r;
  }

  it('verifies alone and beside X-Amz-Date; changing the signed Date breaks it', async () => {
    for (const withAmzDate of [false, true]) {
      const r = await signedWithDate(withAmzDate);
      const ok = await send(first.url, r);
      expect(ok.status, ok.text).toBe(200);
      expect(ok.text).toContain('<GetCallerIdentityResult>');
      const moved = new Date(Date.parse(r.headers.date!) + 1000).toUTCString();
      const bad = await send(first.url, new HttpRequest({ ...r, headers: { ...r.headers, date: moved } }));
      expect(bad.status).toBe(403);
      expect(bad.text).toContain('<Code>SignatureDoesNotMatch</Code>');
    }
  });
});

describe('presigned URLs', () => {
  it('STS GetCallerIdentity, presigned by the SDK signer, answers with fetch alone; an expired one is refused', async () => {
    const r = requestTo(first.url, {
      method: 'GET',
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    });
    const url = urlOf(first.url, await signer(owner, 'sts').presign(r, { expiresIn: 60 }));
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain(
      `<Account>${owner.accessKeyId ? first.scenario.principals.find((p) => p.profile === 'owner-admin')!.accountId : ''}</Account>`,
    );
    const stale = urlOf(
      first.url,
      await signer(owner, 'sts').presign(r, { expiresIn: 60, signingDate: new Date(Date.now() - 120_000) }),
    );
    const expired = await fetch(stale);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/<Code>SignatureDoesNotMatch<\/Code><Message>Signature expired: /);
  });

  it('S3 GetBucketPolicy, presigned the way the S3 presigner does it (UNSIGNED-PAYLOAD)', async () => {
    await s3Client(first.url, owner).send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: POLICY }));
    const r = requestTo(first.url, {
      method: 'GET',
      path: `/${bucket}`,
      query: { policy: '' },
      headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    const url = urlOf(first.url, await signer(owner, 's3').presign(r, { expiresIn: 300 }));
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-amz-id-2')).toBeTruthy();
    expect(JSON.parse(await ok.text())).toEqual(JSON.parse(POLICY));
    const stale = await fetch(
      urlOf(
        first.url,
        await signer(owner, 's3').presign(r, { expiresIn: 60, signingDate: new Date(Date.now() - 120_000) }),
      ),
    );
    expect(stale.status).toBe(403);
    expect(await stale.text()).toMatch(/<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
  });

  it.skipIf(!python)("S3 GetBucketPolicy, presigned by botocore's own presigner", async () => {
    await s3Client(first.url, owner).send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: POLICY }));
    const script = [
      'import sys, botocore.session',
      'from botocore.config import Config',
      's = botocore.session.get_session()',
      "c = s.create_client('s3', region_name='us-east-1', endpoint_url=sys.argv[1], aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3], aws_session_token=sys.argv[4], config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))",
      "print(c.generate_presigned_url('get_bucket_policy', Params={'Bucket': sys.argv[5]}, ExpiresIn=300))",
    ].join('\n');
    const { stdout } = await promisify(execFile)(
      'python3',
      ['-c', script, first.url, owner.accessKeyId, owner.secretAccessKey, owner.sessionToken!, bucket],
      { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } },
    );
    const res = await fetch(stdout.trim());
    expect(res.status, stdout).toBe(200);
    expect(JSON.parse(await res.text())).toEqual(JSON.parse(POLICY));
  });
});

const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::x/*' }],
});

describe('SQS in the awsQuery protocol older SDKs speak', () => {
  it('GetQueueAttributes, ListQueues and a missing queue, form-encoded, answered in XML', async () => {
    const post = async (params: Record<string, string>, path = '/') => {
      const body = new URLSearchParams({ ...params, Version: '2012-11-05' }).toString();
      const r = requestTo(first.url, {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body,
      });
      return send(first.url, await signer(owner, 'sqs').sign(r));
    };
    const queueUrl = `${first.url}${queueUrlPath}`;
    const attrs = await post({
      Action: 'GetQueueAttributes',
      QueueUrl: queueUrl,
      'AttributeName.1': 'Policy',
      'AttributeName.2': 'QueueArn',
    });
    expect(attrs.status, attrs.text).toBe(200);
    expect(attrs.text).toContain(
      '<GetQueueAttributesResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">',
    );
    expect(attrs.text).toContain(
      '<Attribute><Name>Policy</Name><Value>{&quot;Version&quot;:&quot;2012-10-17&quot;,&quot;Statement&quot;:[]}</Value></Attribute>',
    );
    expect(attrs.text).toMatch(
      /<Attribute><Name>QueueArn<\/Name><Value>arn:aws:sqs:us-east-1:\d{12}:wire-queue<\/Value><\/Attribute>/,
    );
    // The oldest clients post to the queue URL itself.
    const byPath = await post({ Action: 'GetQueueAttributes', 'AttributeName.1': 'QueueArn' }, queueUrlPath);
    expect(byPath.text).toContain('wire-queue</Value>');
    const list = await post({ Action: 'ListQueues' });
    expect(list.text).toContain(
      `<ListQueuesResult><QueueUrl>http://${new URL(first.url).host}${queueUrlPath}</QueueUrl></ListQueuesResult>`,
    );
    const missing = await post({ Action: 'GetQueueUrl', QueueName: 'no-such-queue' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('<Code>AWS.SimpleQueueService.NonExistentQueue</Code>');
  });
});

describe('S3 bodies', () => {
  const EMPTY = sha256('');

  /** PutBucketPolicy with an aws-chunked body; `tamper` changes the second chunk after signing. */
  async function chunkedPut(
    mode: 'signed' | 'trailer',
    tamper = false,
  ): Promise<{ status: number; text: string }> {
    const policy = Buffer.from(POLICY);
    const pieces = [policy.subarray(0, 40), policy.subarray(40)];
    const now = new Date();
    const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, '');
    const contentHash =
      mode === 'signed' ? 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' : 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
    const r = requestTo(first.url, {
      method: 'PUT',
      path: `/${bucket}`,
      query: { policy: '' },
      headers: {
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': String(policy.length),
        'x-amz-content-sha256': contentHash,
        ...(mode === 'trailer' ? { 'x-amz-trailer': 'x-amz-checksum-crc32' } : {}),
      },
    });
    const s = signer(owner, 's3');
    const signed = (await s.sign(r, { signingDate: now })) as HttpRequest;
    const seed = /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization!)![1]!;
    const scope = `${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`;
    const chunks: Buffer[] = [];
    let previous = seed;
    for (const data of [...pieces, Buffer.alloc(0)]) {
      if (mode === 'signed') {
        const toSign = ['AWS4-HMAC-SHA256-PAYLOAD', amzDate, scope, previous, EMPTY, sha256(data)].join('\n');
        previous = await s.sign(toSign, { signingDate: now });
        chunks.push(Buffer.from(`${data.length.toString(16)};chunk-signature=${previous}\r\n`));
      } else chunks.push(Buffer.from(`${data.length.toString(16)}\r\n`));
      if (data.length)
        chunks.push(
          tamper && data === pieces[1] ? Buffer.from(data.toString().replace('Deny', 'Dexy')) : data,
          Buffer.from('\r\n'),
        );
    }
    if (mode === 'trailer') chunks.push(Buffer.from('x-amz-checksum-crc32:AAAAAA==\r\n'));
    chunks.push(Buffer.from('\r\n'));
    return send(first.url, new HttpRequest({ ...signed, body: Buffer.concat(chunks) }));
  }

  it('aws-chunked with chunk signatures and unsigned with a trailer are decoded; a changed chunk is refused', async () => {
    for (const mode of ['signed', 'trailer'] as const) {
      await s3Client(first.url, owner).send(
        new PutBucketPolicyCommand({ Bucket: bucket, Policy: '{"Version":"2012-10-17","Statement":[]}' }),
      );
      const put = await chunkedPut(mode);
      expect(put.status, `${mode}: ${put.text}`).toBe(204);
      const read = await s3Client(first.url, owner).send(new GetBucketPolicyCommand({ Bucket: bucket }));
      expect(read.Policy, mode).toBe(POLICY);
    }
    const tampered = await chunkedPut('signed', true);
    expect(tampered.status).toBe(403);
    expect(tampered.text).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('a body that does not hash to its x-amz-content-sha256 is XAmzContentSHA256Mismatch (400)', async () => {
    const r = requestTo(first.url, {
      method: 'PUT',
      path: `/${bucket}`,
      query: { policy: '' },
      headers: { 'x-amz-content-sha256': sha256(POLICY) },
      body: POLICY,
    });
    const signed = (await signer(owner, 's3').sign(r)) as HttpRequest;
    const swapped = POLICY.replace('PutObject', 'GetObject');
    const res = await send(first.url, new HttpRequest({ ...signed, body: swapped }));
    expect(res.status).toBe(400);
    expect(res.text).toContain('<Code>XAmzContentSHA256Mismatch</Code>');
    expect(res.text).toContain(
      `<ClientComputedContentSHA256>${sha256(POLICY)}</ClientComputedContentSHA256>`,
    );
    expect(res.text).toContain(`<S3ComputedContentSHA256>${sha256(swapped)}</S3ComputedContentSHA256>`);
    expect(res.headers.get('x-amz-id-2')).toBeTruthy();
  });

  it('every S3 answer carries x-amz-id-2, which the SDK reports as extendedRequestId', async () => {
    const ok = await s3Client(first.url, owner).send(new ListBucketsCommand({}));
    expect(ok.$metadata.extendedRequestId).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    const e = (await errorOf(
      s3Client(first.url, owner).send(new GetBucketPolicyCommand({ Bucket: 'no-such-bucket-wire' })),
    )) as Error & {
      $metadata: { extendedRequestId?: string };
    };
    expect(e.$metadata.extendedRequestId).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
  });
});
