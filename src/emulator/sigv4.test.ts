/**
 * The emulator's SigV4 verifier against answers it did not write: AWS's published SigV4 test-suite
 * vectors (one signed with only a Date header, one with X-Amz-Date), and the SDK's own signer
 * (@smithy/signature-v4) over seeded variations of paths, query strings, headers and bodies, for S3
 * and the other services, in the Authorization header and presigned in the query string.
 */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import type { EmuRequest } from './http-types.js';
import { seededRng } from './random.js';
import { parseAuth, SignerCache, verifySignature } from './sigv4.js';

const SUITE_SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

function emuRequest(
  method: string,
  pathAndQuery: string,
  headers: Record<string, string>,
  body = '',
): EmuRequest {
  const q = pathAndQuery.indexOf('?');
  const rawQuery = q < 0 ? '' : pathAndQuery.slice(q + 1);
  return {
    method,
    path: q < 0 ? pathAndQuery : pathAndQuery.slice(0, q),
    query: new URLSearchParams(rawQuery),
    rawQuery,
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    body: Buffer.from(body, 'utf8'),
    remoteAddress: '127.0.0.1',
  };
}

describe("AWS's SigV4 test-suite vectors", () => {
  it('get-vanilla signed with only a Date header (2011 suite): the Date is the request time', () => {
    const req = emuRequest('GET', '/', {
      date: 'Mon, 09 Sep 2011 23:36:00 GMT',
      host: 'host.foo.com',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20110909/us-east-1/host/aws4_request, SignedHeaders=date;host, Signature=b27ccfbfa7df52a200ff74193ca6e32d4b48b8856fab7ebf1c595d0670a7e470',
    });
    expect(verifySignature(new SignerCache(), req, parseAuth(req)!, SUITE_SECRET)).toBe(true);
    expect(verifySignature(new SignerCache(), req, parseAuth(req)!, `${SUITE_SECRET}x`)).toBe(false);
    const otherDay = { ...req, headers: { ...req.headers, date: 'Tue, 10 Sep 2011 23:36:00 GMT' } };
    expect(verifySignature(new SignerCache(), otherDay, parseAuth(otherDay)!, SUITE_SECRET)).toBe(false);
  });

  it('get-vanilla with X-Amz-Date (2015 suite)', () => {
    const req = emuRequest('GET', '/', {
      host: 'example.amazonaws.com',
      'x-amz-date': '20150830T123600Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    });
    expect(verifySignature(new SignerCache(), req, parseAuth(req)!, SUITE_SECRET)).toBe(true);
  });
});

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

function sdkSigner(service: string, region: string, token?: string): SignatureV4 {
  return new SignatureV4({
    credentials: {
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: SECRET,
      ...(token ? { sessionToken: token } : {}),
    },
    region,
    service,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: service !== 's3',
  });
}

function toEmu(signed: HttpRequest, body: string): EmuRequest {
  const query = Object.entries(signed.query ?? {})
    .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v ?? '']]))
    .map(([k, v]) => `${encodeURIComponent(k!)}=${encodeURIComponent(v!)}`)
    .join('&');
  return emuRequest(signed.method, query ? `${signed.path}?${query}` : signed.path, signed.headers, body);
}

describe("the SDK's signer", () => {
  it('every header-signed and presigned variation verifies, and a changed one does not', async () => {
    const rng = seededRng(2026);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rng() * xs.length)]!;
    for (let i = 0; i < 200; i++) {
      const service = pick(['s3', 's3', 'sts', 'iam', 'organizations', 'sqs']);
      const region = pick(['us-east-1', 'eu-west-1']);
      const token = rng() < 0.5 ? `IQoJb3JpZ2luX2VjE${i}` : undefined;
      const body = pick(['', 'Action=GetCallerIdentity&Version=2011-06-15', '{"a":"b  c"}']);
      const path =
        service === 's3'
          ? pick(['/', '/bucket', '/bucket/key%20with%20space', '/bucket/a/b~c'])
          : pick(['/', '/123456789012/queue']);
      const query: Record<string, string> = pick([
        {},
        { policy: '' },
        { 'list-type': '2', prefix: 'a b/c', 'max-keys': '5' },
        { Action: 'ListQueues', Version: '2012-11-05' },
      ]);
      const request = new HttpRequest({
        method: pick(['GET', 'POST', 'PUT']),
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 4599,
        path,
        query,
        headers: {
          host: '127.0.0.1:4599',
          'content-type': pick(['application/x-www-form-urlencoded', 'application/x-amz-json-1.0']),
          'x-amz-meta-note': pick(['plain', '  spaced   value ']),
          ...(service === 's3' ? { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } : {}),
        },
        body,
      });
      const date = new Date(Date.UTC(2026, Math.floor(rng() * 12), 1 + Math.floor(rng() * 28), 12, 30, 5));
      const signer = sdkSigner(service, region, token);
      const presign = rng() < 0.4;
      const signed = (
        presign
          ? await signer.presign(request, { signingDate: date, expiresIn: 300 })
          : await signer.sign(request, { signingDate: date })
      ) as HttpRequest;
      const req = toEmu(signed, body);
      const auth = parseAuth(req);
      expect(auth?.location, `variation ${i}`).toBe(presign ? 'query' : 'header');
      expect(verifySignature(new SignerCache(), req, auth!, SECRET), `variation ${i}`).toBe(true);
      const changed = { ...req, method: req.method === 'GET' ? 'PUT' : 'GET' };
      expect(verifySignature(new SignerCache(), changed, auth!, SECRET), `variation ${i} changed`).toBe(
        false,
      );
    }
  });
});
