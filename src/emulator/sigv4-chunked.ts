/**
 * S3 `aws-chunked` bodies (AWS S3 API reference, "Signature calculations for the Authorization header:
 * transferring payload in multiple chunks" and "... including trailing headers"): chunks of
 * `<hex size>[;chunk-signature=<sig>]\r\n<data>\r\n`, a final zero-size chunk, then for the *-TRAILER
 * forms trailing headers (`x-amz-checksum-crc32:...`) and an empty line. With
 * STREAMING-AWS4-HMAC-SHA256-PAYLOAD each chunk's signature chains from the previous one (the seed is
 * the request's signature) over `AWS4-HMAC-SHA256-PAYLOAD`, the timestamp, the scope, the previous
 * signature, the empty string's hash and the chunk's hash; a chunk that does not verify is refused.
 */
import { commonError } from './errors.js';
import { AwsError } from './http-types.js';
import { sameSignature, scopeOf, sha256Hex, type AuthHeader, type SignerCache } from './sigv4.js';

export const STREAMING_HASHES = new Set([
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
]);

const EMPTY_HASH = sha256Hex('');

export interface ChunkSigning {
  signers: SignerCache;
  secret: string;
  auth: AuthHeader;
  amzDate: string;
}

function incomplete(): AwsError {
  return new AwsError('IncompleteBody', 'The request body terminated unexpectedly', 400);
}

/** The decoded payload of an aws-chunked body; `signing` when its chunks carry signatures to verify. */
export function decodeAwsChunked(body: Buffer, mode: string, signing: ChunkSigning): Buffer {
  const verify =
    mode === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' || mode === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
  const parts: Buffer[] = [];
  let previous = signing.auth.signature;
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) throw incomplete();
    const header = body.subarray(at, eol).toString('latin1');
    const m = /^([0-9a-fA-F]+)(?:;chunk-signature=([0-9a-f]{64}))?$/.exec(header);
    if (!m) throw incomplete();
    const size = parseInt(m[1]!, 16);
    const start = eol + 2;
    const data = body.subarray(start, start + size);
    if (data.length !== size) throw incomplete();
    if (verify) {
      const stringToSign = [
        'AWS4-HMAC-SHA256-PAYLOAD',
        signing.amzDate,
        scopeOf(signing.auth),
        previous,
        EMPTY_HASH,
        sha256Hex(data),
      ].join('\n');
      const expected = signing.signers.sign(signing.secret, signing.auth, stringToSign);
      if (m[2] === undefined || !sameSignature(expected, m[2])) throw commonError('rest-xml', 'BadSignature');
      previous = m[2];
    }
    if (size === 0) return Buffer.concat(parts);
    parts.push(data);
    at = start + size;
    if (body.subarray(at, at + 2).toString('latin1') !== '\r\n') throw incomplete();
    at += 2;
  }
}
