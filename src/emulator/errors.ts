/**
 * Errors that do not belong to one operation (authentication, authorization, throttling, faults,
 * unknown actions), spelled the way each protocol spells them.
 */
import { AwsError } from './http-types.js';
import type { Protocol } from './services/types.js';

export type CommonError =
  | 'MissingAuth'
  | 'UnknownKey'
  | 'BadSignature'
  | 'ExpiredToken'
  | 'AccessDenied'
  | 'Throttled'
  | 'InternalError'
  | 'Unavailable'
  | 'UnknownOperation';

type Spec = [code: string, status: number];

const TABLE: Record<Protocol, Record<CommonError, Spec>> = {
  query: {
    MissingAuth: ['MissingAuthenticationToken', 403],
    UnknownKey: ['InvalidClientTokenId', 403],
    BadSignature: ['SignatureDoesNotMatch', 403],
    ExpiredToken: ['ExpiredToken', 400],
    AccessDenied: ['AccessDenied', 403],
    Throttled: ['Throttling', 400],
    InternalError: ['InternalFailure', 500],
    Unavailable: ['ServiceUnavailable', 503],
    UnknownOperation: ['InvalidAction', 400],
  },
  json1_1: {
    MissingAuth: ['MissingAuthenticationTokenException', 403],
    UnknownKey: ['UnrecognizedClientException', 403],
    BadSignature: ['InvalidSignatureException', 403],
    ExpiredToken: ['ExpiredTokenException', 400],
    AccessDenied: ['AccessDeniedException', 403],
    Throttled: ['ThrottlingException', 400],
    InternalError: ['InternalFailure', 500],
    Unavailable: ['ServiceUnavailableException', 503],
    UnknownOperation: ['UnknownOperationException', 400],
  },
  json1_0: {
    MissingAuth: ['MissingAuthenticationTokenException', 403],
    UnknownKey: ['UnrecognizedClientException', 403],
    BadSignature: ['InvalidSignatureException', 403],
    ExpiredToken: ['ExpiredTokenException', 400],
    AccessDenied: ['AccessDeniedException', 403],
    Throttled: ['RequestThrottled', 400],
    InternalError: ['InternalFailure', 500],
    Unavailable: ['ServiceUnavailable', 503],
    UnknownOperation: ['UnknownOperationException', 400],
  },
  'rest-xml': {
    MissingAuth: ['AccessDenied', 403],
    UnknownKey: ['InvalidAccessKeyId', 403],
    BadSignature: ['SignatureDoesNotMatch', 403],
    ExpiredToken: ['ExpiredToken', 400],
    AccessDenied: ['AccessDenied', 403],
    Throttled: ['SlowDown', 503],
    InternalError: ['InternalError', 500],
    Unavailable: ['ServiceUnavailable', 503],
    UnknownOperation: ['MethodNotAllowed', 405],
  },
  // restJson1 (Security Hub): the common errors of the AWS API references; throttling as
  // ThrottlingException with 429, a guess (the Security Hub reference lists LimitExceededException
  // 429 for quotas); both are throttling codes the SDK retries.
  'rest-json': {
    MissingAuth: ['MissingAuthenticationTokenException', 403],
    UnknownKey: ['UnrecognizedClientException', 403],
    BadSignature: ['InvalidSignatureException', 403],
    ExpiredToken: ['ExpiredTokenException', 403],
    AccessDenied: ['AccessDeniedException', 403],
    Throttled: ['ThrottlingException', 429],
    InternalError: ['InternalException', 500],
    Unavailable: ['ServiceUnavailableException', 503],
    UnknownOperation: ['UnknownOperationException', 404],
  },
};

const MESSAGES: Partial<Record<CommonError, string>> = {
  MissingAuth: 'Request is missing Authentication Token',
  UnknownKey: 'The security token included in the request is invalid.',
  BadSignature:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  ExpiredToken: 'The security token included in the request is expired',
  Throttled: 'Rate exceeded',
  InternalError: 'We encountered an internal error. Please try again.',
  Unavailable: 'Service is unavailable. Please try again.',
};

/**
 * awsJson1_0 services that are AWS query compatible (SQS) also send the old query error code in
 * `x-amzn-query-error`; the SDK prefers it, so clients see e.g. `AccessDenied`, as with IAM and STS.
 */
const QUERY_COMPATIBLE_CODES: Partial<Record<CommonError, string>> = {
  MissingAuth: 'MissingAuthenticationToken',
  UnknownKey: 'InvalidClientTokenId',
  BadSignature: 'SignatureDoesNotMatch',
  ExpiredToken: 'ExpiredToken',
  AccessDenied: 'AccessDenied',
  Throttled: 'RequestThrottled',
  InternalError: 'InternalError',
  Unavailable: 'ServiceUnavailable',
};

export function commonError(protocol: Protocol, kind: CommonError, message?: string): AwsError {
  const [code, status] = TABLE[protocol][kind];
  const extra: Record<string, string> =
    protocol === 'json1_1' && code === 'TooManyRequestsException'
      ? { Type: 'RequestLimitExceeded' }
      : protocol === 'json1_0' && QUERY_COMPATIBLE_CODES[kind] !== undefined
        ? { queryError: QUERY_COMPATIBLE_CODES[kind] }
        : {};
  return new AwsError(code, message ?? MESSAGES[kind] ?? kind, status, extra);
}

/** Organizations spells throttling its own way. */
export function throttlingFor(service: string, protocol: Protocol): AwsError {
  if (service === 'organizations') {
    return new AwsError(
      'TooManyRequestsException',
      'You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later.',
      429,
      { Type: 'RequestLimitExceeded' },
    );
  }
  if (service === 'cloudtrail') return new AwsError('ThrottlingException', 'Rate exceeded', 429);
  return commonError(protocol, 'Throttled');
}
