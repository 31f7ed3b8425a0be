/**
 * Who signed a request, checked as AWS checks it: a known access key with its session token, a
 * request time within bounds (sigv4-time.ts), a SigV4 signature the key's secret gives (sigv4.ts),
 * then the payload - an `x-amz-content-sha256` the body does not hash to is refused (S3:
 * `XAmzContentSHA256Mismatch` 400 with both hashes, as S3 answers), an `aws-chunked` body is decoded
 * with its chunk signatures verified (sigv4-chunked.ts) - and temporary credentials not yet expired.
 */
import { commonError } from './errors.js';
import { AwsError, type EmuRequest } from './http-types.js';
import type { ServiceDefinition } from './services/types.js';
import { requestTimeOf, sha256Hex, verifySignature, type AuthHeader, type SignerCache } from './sigv4.js';
import { decodeAwsChunked, STREAMING_HASHES } from './sigv4-chunked.js';
import { timeError } from './sigv4-time.js';
import type { Credential, World } from './world.js';

export function authenticate(
  world: World,
  signers: SignerCache,
  service: ServiceDefinition,
  req: EmuRequest,
  auth: AuthHeader,
): Credential {
  const protocol = service.protocol;
  const cred = world.credentials.get(auth.accessKeyId);
  if (!cred) throw commonError(protocol, 'UnknownKey');
  const token = auth.location === 'query' ? auth.queryToken : req.headers['x-amz-security-token'];
  if ((cred.sessionToken ?? undefined) !== token) throw commonError(protocol, 'UnknownKey');
  if (
    cred.principal.kind === 'root-user' &&
    !rootKeyActive(world, cred.principal.accountId, cred.accessKeyId)
  )
    throw commonError(protocol, 'UnknownKey');
  const when = requestTimeOf(req, auth);
  if (!when) throw commonError(protocol, 'BadSignature');
  const late = timeError(protocol, auth, when, Date.now());
  if (late) throw late;
  if (!verifySignature(signers, req, auth, cred.secretAccessKey)) throw commonError(protocol, 'BadSignature');
  checkPayload(service, req, auth, { signers, secret: cred.secretAccessKey, amzDate: when.amzDate });
  const expiresAt =
    cred.principal.kind === 'root-session' || cred.principal.kind === 'role'
      ? cred.principal.expiresAt
      : undefined;
  if (expiresAt !== undefined && expiresAt <= world.now().getTime())
    throw commonError(protocol, 'ExpiredToken');
  return cred;
}

/** A root user's key signs only while its account still has it, active (DeleteAccessKey ends it). */
function rootKeyActive(world: World, accountId: string, accessKeyId: string): boolean {
  const key = world.accounts.get(accountId)?.root.accessKeys.find((k) => k.id === accessKeyId);
  return key?.status === 'Active';
}

/** Refuses a body that is not the one signed; replaces an aws-chunked body by its decoded payload. */
function checkPayload(
  service: ServiceDefinition,
  req: EmuRequest,
  auth: AuthHeader,
  signing: { signers: SignerCache; secret: string; amzDate: string },
): void {
  if (auth.location === 'query') return;
  const claimed = req.headers['x-amz-content-sha256'];
  if (claimed === undefined || claimed === 'UNSIGNED-PAYLOAD') return;
  if (STREAMING_HASHES.has(claimed) && service.signingName === 's3') {
    req.body = decodeAwsChunked(req.body, claimed, { ...signing, auth });
    const declared = req.headers['x-amz-decoded-content-length'];
    if (declared !== undefined && Number(declared) !== req.body.length)
      throw new AwsError(
        'IncompleteBody',
        'You did not provide the number of bytes specified by the Content-Length HTTP header',
        400,
      );
    return;
  }
  const actual = sha256Hex(req.body);
  if (claimed === actual) return;
  if (service.signingName !== 's3') throw commonError(service.protocol, 'BadSignature');
  throw new AwsError(
    'XAmzContentSHA256Mismatch',
    "The provided 'x-amz-content-sha256' header does not match what was computed.",
    400,
    { ClientComputedContentSHA256: claimed, S3ComputedContentSHA256: actual },
  );
}
