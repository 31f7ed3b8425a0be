/**
 * The fast SigV4 path must compute exactly what the SDK's own signer computes for the same request
 * (the reference the emulator used before, and still uses for S3). Checked on many seeded variations:
 * header sets, whitespace in values, generated headers, session tokens, signed payload hashes, bodies.
 */
import { createHash } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import type { EmuRequest } from './http-types.js';
import { seededRng } from './random.js';
import { parseAuthHeader, SignerCache, verifySignature } from './sigv4.js';
import { fastPathApplies, fastSignature } from './sigv4-fast.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** The SDK signer over the received request, as sigv4.ts does for S3. */
async function sdkSignature(
  req: EmuRequest,
  signedHeaders: string[],
  region: string,
  service: string,
  date: Date,
  token?: string,
): Promise<string> {
  const headers: Record<string, string> = {};
  for (const n of signedHeaders) headers[n] = req.headers[n]!;
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: SECRET,
      ...(token === undefined ? {} : { sessionToken: token }),
    },
    region,
    service,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: true,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: req.method,
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4599,
      path: '/',
      headers,
      body: req.body,
    }),
    {
      signingDate: date,
      signableHeaders: new Set(signedHeaders),
    },
  );
  return /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization!)![1]!;
}

function request(headers: Record<string, string>, body: string, method = 'POST'): EmuRequest {
  return {
    method,
    path: '/',
    query: new URLSearchParams(),
    headers,
    body: Buffer.from(body, 'utf8'),
    remoteAddress: '127.0.0.1',
  };
}

describe('fast SigV4 verification', () => {
  it('agrees with the SDK signer on 300 seeded variations', async () => {
    const rng = seededRng(2024);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rng() * xs.length)]!;
    for (let i = 0; i < 300; i++) {
      const date = new Date(
        Date.UTC(
          2025,
          Math.floor(rng() * 12),
          1 + Math.floor(rng() * 28),
          Math.floor(rng() * 24),
          Math.floor(rng() * 60),
          Math.floor(rng() * 60),
        ),
      );
      const amzDate = date.toISOString().replace(/[-:]|\.\d{3}/g, '');
      const token = rng() < 0.5 ? `IQoJb3JpZ2luX2VjE${i}` : undefined;
      const body = pick([
        '',
        'Action=GetCallerIdentity&Version=2011-06-15',
        '{}',
        '{"MaxResults":20,"NextToken":"a b  c"}',
        'Name=caf\u00e9\u2603',
      ]);
      const headers: Record<string, string> = {
        host: pick(['127.0.0.1:4599', 'localhost:4566', 'sts.us-east-1.amazonaws.com']),
        'x-amz-date': amzDate,
        'content-type': pick(['application/x-www-form-urlencoded', 'application/x-amz-json-1.1']),
        'x-amz-target': pick(['AWSOrganizationsV20161128.ListAccounts', '  spaced   value  ']),
        'user-agent': 'aws-sdk-js/3.0.0 os/linux  lang/js',
        'content-length': String(Buffer.byteLength(body)),
        'amz-sdk-invocation-id': `id-${i}`,
        date: date.toUTCString(),
        'x-amz-content-sha256': pick(['UNSIGNED-PAYLOAD', createHash('sha256').update(body).digest('hex')]),
      };
      if (token !== undefined) headers['x-amz-security-token'] = token;
      const optional = Object.keys(headers).filter((h) => h !== 'host' && h !== 'x-amz-date');
      const signedHeaders = ['host', 'x-amz-date', ...optional.filter(() => rng() < 0.5)];
      const req = request(headers, body, pick(['POST', 'POST', 'GET']));
      const region = pick(['us-east-1', 'eu-west-1']);
      const service = pick(['sts', 'iam', 'organizations', 'cloudtrail', 'sqs']);
      const expected = await sdkSignature(req, signedHeaders, region, service, date, token);
      expect(
        fastSignature(req, { region, service, signedHeaders }, amzDate, SECRET, token),
        `variation ${i}: ${signedHeaders.join(';')}`,
      ).toBe(expected);
    }
  });

  it('accepts what the SDK signs and refuses a changed body or header', async () => {
    // Signed like the SDK clients do: x-amz-content-sha256 included, so the body must hash to it.
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const signer = new SignatureV4({
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET },
      region: 'us-east-1',
      service: 'sts',
      sha256: Hash.bind(null, 'sha256'),
    });
    const signed = await signer.sign(
      new HttpRequest({
        method: 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 4599,
        path: '/',
        headers: { host: '127.0.0.1:4599', 'content-type': 'application/x-www-form-urlencoded' },
        body,
      }),
    );
    const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const auth = parseAuthHeader(headers.authorization)!;
    const ok = request(headers, body);
    expect(fastPathApplies(ok, 'sts')).toBe(true);
    expect(await verifySignature(new SignerCache(), ok, auth, SECRET, undefined)).toBe(true);
    expect(
      await verifySignature(new SignerCache(), request(headers, `${body}&x=1`), auth, SECRET, undefined),
    ).toBe(false);
    expect(
      await verifySignature(
        new SignerCache(),
        request({ ...headers, 'content-type': 'text/plain' }, body),
        auth,
        SECRET,
        undefined,
      ),
    ).toBe(false);
    expect(await verifySignature(new SignerCache(), ok, auth, `${SECRET}x`, undefined)).toBe(false);
    expect(auth.signedHeaders).toContain('x-amz-content-sha256');
  });

  it('leaves S3, paths and query strings to the SDK signer', () => {
    expect(fastPathApplies(request({}, ''), 's3')).toBe(false);
    expect(fastPathApplies({ ...request({}, ''), path: '/queue' }, 'sqs')).toBe(false);
    expect(fastPathApplies({ ...request({}, ''), query: new URLSearchParams('Action=X') }, 'iam')).toBe(
      false,
    );
  });
});
