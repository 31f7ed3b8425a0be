/**
 * SigV4 verification for the common case, with node:crypto directly: path "/" and no query string,
 * which is every awsQuery and awsJson call (STS, IAM, Organizations, CloudTrail, SQS). Recomputing
 * it through @smithy/signature-v4 was about a third of the request handler's time (request clone,
 * a fresh HMAC per call just to look up its signing-key cache, string conversions). S3, with its
 * own path and query encoding rules, keeps using the SDK's signer (sigv4.ts).
 *
 * The canonical form is exactly the SDK signer's when given `signableHeaders` = the signed headers
 * (sigv4-fast.test.ts checks the two agree): the signed headers but `authorization` and `date`, plus
 * `x-amz-date` and the session token, which that signer always sets; values trimmed with inner
 * whitespace folded; the payload hash from a signed `x-amz-content-sha256`, else the body's SHA-256.
 */
import { createHash, createHmac } from 'node:crypto';
import type { EmuRequest } from './http-types.js';

const signingKeys = new Map<string, Buffer>();

/** kSigning = HMAC chain over date, Region, service; cached, as it only changes daily per key. */
function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const cacheKey = `${secret}\u0000${date}\u0000${region}\u0000${service}`;
  let key = signingKeys.get(cacheKey);
  if (key === undefined) {
    if (signingKeys.size > 20_000) signingKeys.clear();
    const kDate = createHmac('sha256', `AWS4${secret}`).update(date).digest();
    const kRegion = createHmac('sha256', kDate).update(region).digest();
    const kService = createHmac('sha256', kRegion).update(service).digest();
    key = createHmac('sha256', kService).update('aws4_request').digest();
    signingKeys.set(cacheKey, key);
  }
  return key;
}

/** Whether the fast path applies: no path segments to encode, no query to canonicalize, not S3. */
export function fastPathApplies(req: EmuRequest, service: string): boolean {
  return service !== 's3' && req.path === '/' && req.query.size === 0;
}

/**
 * The hex signature the client must have sent (`amzDate` is the validated X-Amz-Date), or undefined
 * when the body does not match its signed SHA-256.
 */
export function fastSignature(
  req: EmuRequest,
  auth: { region: string; service: string; signedHeaders: string[] },
  amzDate: string,
  secretAccessKey: string,
  sessionToken: string | undefined,
): string | undefined {
  const values = new Map<string, string>();
  for (const name of auth.signedHeaders) values.set(name, req.headers[name] ?? '');
  // As the SDK signer does: it drops the headers it generates, then sets the date and the token.
  values.delete('authorization');
  values.delete('date');
  values.set('x-amz-date', amzDate);
  if (sessionToken) values.set('x-amz-security-token', sessionToken);
  const names = [...values.keys()].sort();
  let canonicalHeaders = '';
  for (const name of names) canonicalHeaders += `${name}:${values.get(name)!.trim().replace(/\s+/g, ' ')}\n`;
  const bodyHash = createHash('sha256').update(req.body).digest('hex');
  const claimed = auth.signedHeaders.includes('x-amz-content-sha256')
    ? req.headers['x-amz-content-sha256']
    : undefined;
  // The SDKs sign x-amz-content-sha256 for every service; a body that does not hash to it was
  // changed after signing, which AWS refuses. (The SDK signer alone would trust the header.)
  if (claimed !== undefined && claimed !== 'UNSIGNED-PAYLOAD' && claimed !== bodyHash) return undefined;
  const payloadHash = claimed ?? bodyHash;
  const canonicalRequest = `${req.method}\n/\n\n${canonicalHeaders}\n${names.join(';')}\n${payloadHash}`;
  const date = amzDate.slice(0, 8);
  const scope = `${date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  return createHmac('sha256', signingKey(secretAccessKey, date, auth.region, auth.service))
    .update(stringToSign)
    .digest('hex');
}
