/**
 * SigV4 time checks. A header-signed request more than 15 minutes from the server's clock is refused:
 * S3 answers `RequestTimeTooSkewed` (403, with RequestTime, ServerTime and MaxAllowedSkewMilliseconds
 * 900000), every other service `SignatureDoesNotMatch` / `InvalidSignatureException` "Signature
 * expired: <request> is now earlier than <limit> (<now> - 15 min.)" or "Signature not yet current:
 * <request> is still later than <limit> (<now> + 15 min.)" - AWS's texts as published client logs and
 * SDK sources quote them. A presigned URL is good for X-Amz-Expires seconds (1..604800); S3 answers an
 * expired one `AccessDenied` "Request has expired".
 *
 * The server's clock is the machine's wall clock, not the emulator's scenario clock: clients sign with
 * their real time, and tests move the scenario clock to expire sessions.
 */
import { commonError } from './errors.js';
import { AwsError } from './http-types.js';
import type { Protocol } from './services/types.js';
import { toAmzDate, type AuthHeader } from './sigv4.js';

export const MAX_SKEW_MS = 15 * 60_000;
const WEEK_SECONDS = 604_800;

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function skewError(protocol: Protocol, when: { time: Date; raw: string }, nowMs: number): AwsError {
  if (protocol === 'rest-xml') {
    return new AwsError(
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
      403,
      {
        RequestTime: when.raw,
        ServerTime: isoSeconds(nowMs),
        MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
      },
    );
  }
  const request = toAmzDate(when.time);
  const now = toAmzDate(new Date(nowMs));
  const message =
    when.time.getTime() < nowMs
      ? `Signature expired: ${request} is now earlier than ${toAmzDate(new Date(nowMs - MAX_SKEW_MS))} (${now} - 15 min.)`
      : `Signature not yet current: ${request} is still later than ${toAmzDate(new Date(nowMs + MAX_SKEW_MS))} (${now} + 15 min.)`;
  return commonError(protocol, 'BadSignature', message);
}

/** The refusal a request's time earns, or undefined when it is within bounds. */
export function timeError(
  protocol: Protocol,
  auth: AuthHeader,
  when: { time: Date; raw: string },
  nowMs: number,
): AwsError | undefined {
  const t = when.time.getTime();
  if (auth.location !== 'query')
    return Math.abs(nowMs - t) > MAX_SKEW_MS ? skewError(protocol, when, nowMs) : undefined;
  const expires = auth.expires ?? -1;
  if (expires < 1 || expires > WEEK_SECONDS) {
    return new AwsError(
      'AuthorizationQueryParametersError',
      expires > WEEK_SECONDS
        ? 'X-Amz-Expires must be less than a week (in seconds) that is 604800'
        : 'X-Amz-Expires must be non-negative',
      400,
    );
  }
  if (t - nowMs > MAX_SKEW_MS) return skewError(protocol, when, nowMs);
  if (nowMs <= t + expires * 1000) return undefined;
  if (protocol === 'rest-xml') {
    return new AwsError('AccessDenied', 'Request has expired', 403, {
      'X-Amz-Expires': String(expires),
      Expires: isoSeconds(t + expires * 1000),
      ServerTime: isoSeconds(nowMs),
    });
  }
  const limit = toAmzDate(new Date(nowMs - expires * 1000));
  return commonError(
    protocol,
    'BadSignature',
    `Signature expired: ${toAmzDate(when.time)} is now earlier than ${limit} (${toAmzDate(new Date(nowMs))} - ${expires} sec.)`,
  );
}
