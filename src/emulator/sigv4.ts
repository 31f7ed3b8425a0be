/**
 * SigV4 on the server side, computed directly with node:crypto as AWS documents it ("Create a signed
 * AWS API request", "Authenticating requests: using query parameters" for S3): the signature from the
 * Authorization header or from the query string (presigned URLs), the canonical request over exactly
 * the headers the client signed, the request time from X-Amz-Date or else the Date header ("Handling
 * dates in Signature Version 4"), and the payload hash from x-amz-content-sha256 (S3, and every SDK
 * call) or the body. sigv4.test.ts checks it against the SDK's signer and AWS's test-suite vectors.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { EmuRequest } from './http-types.js';

export interface AuthHeader {
  accessKeyId: string;
  /** The credential scope's date, YYYYMMDD. */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** Where the signature came from: the Authorization header, or a presigned URL's query. */
  location?: 'header' | 'query';
  /** Presigned URLs: X-Amz-Date and X-Amz-Expires (seconds). */
  queryDate?: string;
  expires?: number;
  /** Presigned URLs: X-Amz-Security-Token. */
  queryToken?: string;
}

const AUTH =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})\s*$/;
const CREDENTIAL = /^([^/\s]+)\/(\d{8})\/([^/\s]+)\/([^/\s]+)\/aws4_request$/;

export function parseAuthHeader(value: string | undefined): AuthHeader | undefined {
  if (value === undefined) return undefined;
  const m = AUTH.exec(value.trim());
  if (!m) return undefined;
  return {
    accessKeyId: m[1]!,
    date: m[2]!,
    region: m[3]!,
    service: m[4]!,
    signedHeaders: m[5]!.split(';'),
    signature: m[6]!,
    location: 'header',
  };
}

/** The signature of a presigned URL (X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=...). */
export function parseQueryAuth(query: URLSearchParams): AuthHeader | undefined {
  if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return undefined;
  const m = CREDENTIAL.exec(query.get('X-Amz-Credential') ?? '');
  const signature = query.get('X-Amz-Signature') ?? '';
  const signedHeaders = query.get('X-Amz-SignedHeaders');
  const expires = Number(query.get('X-Amz-Expires') ?? '');
  if (!m || !/^[0-9a-f]{64}$/.test(signature) || !signedHeaders) return undefined;
  const token = query.get('X-Amz-Security-Token');
  return {
    accessKeyId: m[1]!,
    date: m[2]!,
    region: m[3]!,
    service: m[4]!,
    signedHeaders: signedHeaders.split(';'),
    signature,
    location: 'query',
    queryDate: query.get('X-Amz-Date') ?? '',
    expires: Number.isInteger(expires) ? expires : -1,
    ...(token === null ? {} : { queryToken: token }),
  };
}

/** The request's signature, from the Authorization header or else the query string. */
export function parseAuth(req: EmuRequest): AuthHeader | undefined {
  return parseAuthHeader(req.headers.authorization) ?? parseQueryAuth(req.query);
}

/** Parses 20250101T000000Z. */
export function parseAmzDate(value: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

export function toAmzDate(d: Date): string {
  return d.toISOString().replace(/[-:]|\.\d{3}/g, '');
}

/**
 * The request time and the timestamp string the string-to-sign uses: X-Amz-Date (header, or query
 * for presigned URLs) first; without it the Date header, whose time is written in ISO 8601 basic
 * form in the string to sign (AWS General Reference, "Handling dates in Signature Version 4").
 */
export function requestTimeOf(
  req: EmuRequest,
  auth: AuthHeader,
): { time: Date; amzDate: string; raw: string } | undefined {
  const raw = auth.location === 'query' ? auth.queryDate : req.headers['x-amz-date'];
  if (raw !== undefined) {
    const time = parseAmzDate(raw);
    return time ? { time, amzDate: raw, raw } : undefined;
  }
  const date = req.headers.date;
  const ms = date === undefined ? NaN : Date.parse(date);
  if (Number.isNaN(ms)) return undefined;
  const time = new Date(ms);
  return { time, amzDate: toAmzDate(time), raw: date! };
}

/** RFC 3986 encoding as SigV4 wants it: unreserved characters as they are, everything else %XX. */
export function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, '%20'));
  } catch {
    return s;
  }
}

/**
 * Canonical URI: S3 signs the path as sent (each segment encoded once, nothing normalized); every
 * other service the normalized path with each segment encoded again (AWS: "URI-encode each path
 * segment twice", which is what the SDKs do to the already-encoded path).
 */
function canonicalUri(path: string, service: string): string {
  if (service === 's3') return path || '/';
  const segments: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') segments.pop();
    else segments.push(seg);
  }
  const trailing = path.endsWith('/') && segments.length ? '/' : '';
  return `/${segments.map(uriEncode).join('/')}${trailing}`;
}

/** Canonical query string: every parameter but X-Amz-Signature, encoded and sorted by name then value. */
function canonicalQuery(rawQuery: string): string {
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = uriEncode(safeDecode(eq < 0 ? part : part.slice(0, eq)));
    const value = eq < 0 ? '' : uriEncode(safeDecode(part.slice(eq + 1)));
    if (name === 'X-Amz-Signature') continue;
    pairs.push([name, value]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** The payload hash the client signed: x-amz-content-sha256, S3 presigned URLs' UNSIGNED-PAYLOAD, or the body's SHA-256. */
export function signedPayloadHash(req: EmuRequest, auth: AuthHeader): string {
  if (auth.location === 'query' && auth.service === 's3')
    return req.query.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
  return req.headers['x-amz-content-sha256'] ?? sha256Hex(req.body);
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function canonicalRequest(req: EmuRequest, auth: AuthHeader): string | undefined {
  let headers = '';
  for (const name of auth.signedHeaders) {
    const value = req.headers[name];
    if (value === undefined) return undefined;
    headers += `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
  }
  const rawQuery = req.rawQuery ?? req.query.toString();
  return [
    req.method,
    canonicalUri(req.path, auth.service),
    canonicalQuery(rawQuery),
    headers,
    auth.signedHeaders.join(';'),
    signedPayloadHash(req, auth),
  ].join('\n');
}

/**
 * The signing keys one emulator derived, per full credential and scope: two emulators in one process
 * may give the same key id different secrets, so nothing is shared between them or keyed by id alone.
 */
export class SignerCache {
  private readonly keys = new Map<string, Buffer>();

  signingKey(secret: string, date: string, region: string, service: string): Buffer {
    const cacheKey = `${secret}\u0000${date}\u0000${region}\u0000${service}`;
    let key = this.keys.get(cacheKey);
    if (key === undefined) {
      if (this.keys.size > 20_000) this.keys.clear();
      const kDate = createHmac('sha256', `AWS4${secret}`).update(date).digest();
      const kRegion = createHmac('sha256', kDate).update(region).digest();
      const kService = createHmac('sha256', kRegion).update(service).digest();
      key = createHmac('sha256', kService).update('aws4_request').digest();
      this.keys.set(cacheKey, key);
    }
    return key;
  }

  /** HMAC-SHA256 of a string to sign with the credential's key for the scope. */
  sign(secret: string, auth: AuthHeader, stringToSign: string): string {
    return createHmac('sha256', this.signingKey(secret, auth.date, auth.region, auth.service))
      .update(stringToSign)
      .digest('hex');
  }
}

export function scopeOf(auth: AuthHeader): string {
  return `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
}

export function sameSignature(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** Whether the request carries the signature the secret gives; the scope date must be the request's day. */
export function verifySignature(
  signers: SignerCache,
  req: EmuRequest,
  auth: AuthHeader,
  secretAccessKey: string,
): boolean {
  const when = requestTimeOf(req, auth);
  if (!when || when.amzDate.slice(0, 8) !== auth.date) return false;
  const canonical = canonicalRequest(req, auth);
  if (canonical === undefined) return false;
  const stringToSign = `AWS4-HMAC-SHA256\n${when.amzDate}\n${scopeOf(auth)}\n${sha256Hex(canonical)}`;
  return sameSignature(signers.sign(secretAccessKey, auth, stringToSign), auth.signature);
}
