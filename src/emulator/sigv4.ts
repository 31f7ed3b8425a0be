/**
 * SigV4 on the server side: parse the Authorization header, then recompute the signature with the
 * SDK's own signer over exactly the headers the client signed, and compare.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { EmuRequest } from './http-types.js';
import { fastPathApplies, fastSignature } from './sigv4-fast.js';

export interface AuthHeader {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTH =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})\s*$/;

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
  };
}

/** Parses 20250101T000000Z. */
export function parseAmzDate(value: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/**
 * The SDK signers one emulator uses, one per full credential (key id, secret, session token) and
 * credential scope. Per emulator: two emulators in one process may give the same key id different
 * secrets, and a signer cached under the key id alone would hold the other emulator's secret.
 */
export class SignerCache {
  private readonly signers = new Map<string, SignatureV4>();

  signerFor(auth: AuthHeader, secretAccessKey: string, sessionToken: string | undefined): SignatureV4 {
    const key = [auth.accessKeyId, secretAccessKey, sessionToken ?? '', auth.region, auth.service].join(
      '\u0000',
    );
    let signer = this.signers.get(key);
    if (!signer) {
      if (this.signers.size > 20_000) this.signers.clear();
      signer = newSigner(auth, secretAccessKey, sessionToken);
      this.signers.set(key, signer);
    }
    return signer;
  }
}

function newSigner(auth: AuthHeader, secretAccessKey: string, sessionToken: string | undefined): SignatureV4 {
  return new SignatureV4({
    credentials: {
      accessKeyId: auth.accessKeyId,
      secretAccessKey,
      ...(sessionToken === undefined ? {} : { sessionToken }),
    },
    region: auth.region,
    service: auth.service,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: auth.service !== 's3',
    applyChecksum: auth.service === 's3',
  });
}

export async function verifySignature(
  signers: SignerCache,
  req: EmuRequest,
  auth: AuthHeader,
  secretAccessKey: string,
  sessionToken: string | undefined,
): Promise<boolean> {
  const signingDate = parseAmzDate(req.headers['x-amz-date']);
  if (!signingDate) return false;
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const v = req.headers[name];
    if (v === undefined) return false;
    headers[name] = v;
  }
  if (fastPathApplies(req, auth.service)) {
    // Every awsQuery/awsJson call: computed directly (sigv4-fast.ts), the SDK signer's canonical form.
    const amzDate = signingDate.toISOString().replace(/[-:]|\.\d{3}/g, '');
    const expected = fastSignature(req, auth, amzDate, secretAccessKey, sessionToken);
    return (
      expected?.length === auth.signature.length &&
      timingSafeEqual(Buffer.from(expected), Buffer.from(auth.signature))
    );
  }
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of req.query) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const [hostname = '', port] = (req.headers.host ?? '').split(':');
  const request = new HttpRequest({
    method: req.method,
    protocol: 'http:',
    hostname,
    ...(port === undefined ? {} : { port: Number(port) }),
    path: decodePathForSigner(req.path, auth.service),
    query,
    headers,
    body: req.body,
  });
  const signed = await signers.signerFor(auth, secretAccessKey, sessionToken).sign(request, {
    signingDate,
    signableHeaders: new Set(auth.signedHeaders),
  });
  const expected = /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization ?? '')?.[1] ?? '';
  return (
    expected.length === auth.signature.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(auth.signature))
  );
}

/** The signer encodes the path itself (except for S3, whose clients send it already encoded). */
function decodePathForSigner(path: string, service: string): string {
  if (service === 's3') return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
