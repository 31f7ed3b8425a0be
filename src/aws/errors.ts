/**
 * Maps what the SDK throws to RootctlError, so the CLI can print one clear line and exit with the
 * right code. AWS error codes are kept in `details.awsCode` for reports and tests.
 */
import { RootctlError, isRootctlError } from '../core/errors.js';
import { isEndpointFault } from './http-fault.js';

interface SdkLikeError {
  name?: string;
  message?: string;
  code?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
  Code?: string;
}

/** The AWS error code of an SDK error, with a trailing `Exception` kept as the SDK names it. */
export function awsErrorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const err = e as SdkLikeError;
  return err.Code ?? err.name;
}

/** Compares AWS error names ignoring a trailing `Exception` (the docs and the wire disagree on it). */
export function isAwsError(e: unknown, ...codes: string[]): boolean {
  const code = awsErrorCode(e);
  if (code === undefined) return false;
  const strip = (s: string) => s.replace(/Exception$/, '');
  return codes.some((c) => strip(c) === strip(code));
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

export function isNetworkError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  if (isEndpointFault(e)) return true;
  const err = e as SdkLikeError & { cause?: unknown };
  if (err.code !== undefined && NETWORK_CODES.has(err.code)) return true;
  // TLS failures: https:// to a plain-HTTP port (EPROTO, "wrong version number"), bad certificates.
  if (
    err.code !== undefined &&
    /^(EPROTO|ECONNABORTED|ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_)/.test(err.code)
  )
    return true;
  if (err.name === 'TimeoutError' || err.name === 'RequestTimeout') return true;
  return err.cause !== undefined && err.cause !== e && isNetworkError(err.cause);
}

/** The response could not be read as the service's protocol: whatever answered is not AWS (or the emulator). */
function isNotAwsResponse(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as SdkLikeError & { $response?: unknown };
  return (
    /Deserialization error/i.test(err.message ?? '') ||
    (err.name === 'SyntaxError' && err.$response !== undefined)
  );
}

export function isThrottlingError(e: unknown): boolean {
  return (
    isAwsError(
      e,
      'Throttling',
      'ThrottlingException',
      'TooManyRequestsException',
      'RequestLimitExceeded',
      'SlowDown',
    ) || (e as SdkLikeError | undefined)?.$metadata?.httpStatusCode === 429
  );
}

/** Turns any error from an AWS call into a RootctlError; `what` names the call for the message. */
export function toRootctlError(e: unknown, what: string): RootctlError {
  if (isRootctlError(e)) return e;
  const err = (typeof e === 'object' && e !== null ? e : { message: String(e) }) as SdkLikeError;
  const code = awsErrorCode(e);
  // One line: the SDK's deserialization errors carry the parser's message on a second line.
  const message = (err.message ?? String(e)).replace(/\s*\n\s*/g, ' ').trim();
  // `what` is an IAM action (e.g. organizations:ListAccountsForParent) for most calls: keep it, so a
  // report can name the exact action that failed.
  const action = /^[a-z0-9-]+:[A-Za-z0-9]+$/.test(what) ? { action: what } : {};
  const details = code === undefined ? action : { awsCode: code, ...action };
  if (err.name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return new RootctlError('NoCredentials', `No AWS credentials found for ${what}: ${message}`, {
      cause: e,
    });
  }
  const network = networkFault(e, err, what, message, details);
  if (network) return network;
  if (
    isAwsError(
      e,
      'InvalidClientTokenId',
      'UnrecognizedClientException',
      'SignatureDoesNotMatch',
      'IncompleteSignature',
      'InvalidAccessKeyId',
      'InvalidSignatureException',
    )
  ) {
    return new RootctlError(
      'InvalidCredentials',
      `AWS rejected the credentials for ${what}: ${code}: ${message}`,
      { cause: e, details },
    );
  }
  if (isAwsError(e, 'ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired')) {
    return new RootctlError('ExpiredCredentials', `The credentials for ${what} have expired: ${message}`, {
      cause: e,
      details,
    });
  }
  if (isAwsError(e, 'AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation')) {
    return new RootctlError('AccessDenied', `Access denied for ${what}: ${message}`, { cause: e, details });
  }
  if (isAwsError(e, 'AWSOrganizationsNotInUseException', 'OrganizationNotFoundException')) {
    return new RootctlError('NotInOrganization', `The calling account is not in an organization (${what}).`, {
      cause: e,
      details,
    });
  }
  if (isAwsError(e, 'AccountNotManagementOrDelegatedAdministratorException')) {
    return new RootctlError(
      'NotManagementOrDelegatedAdmin',
      `The calling account is neither the management account nor the IAM delegated administrator (${what}).`,
      { cause: e, details },
    );
  }
  if (isThrottlingError(e)) {
    return new RootctlError('Throttled', `AWS throttled ${what} after retries: ${message}`, {
      cause: e,
      details,
    });
  }
  return new RootctlError('AwsError', `${what} failed: ${code ?? 'Error'}: ${message}`, {
    cause: e,
    details,
  });
}

/** The network's failures, each as one line naming the operation (and the endpoint where known); `err` is `e` as toRootctlError read it. */
function networkFault(
  e: unknown,
  err: SdkLikeError,
  what: string,
  message: string,
  details: Record<string, unknown>,
): RootctlError | undefined {
  if (isEndpointFault(e)) {
    // One line naming the operation and the endpoint, whatever Node or OpenSSL said.
    return new RootctlError('NetworkError', `Could not reach AWS for ${what}: ${e.message}`, {
      cause: e,
      details: { ...details, endpointFault: e.fault, endpoint: e.endpoint },
      ...(e.fault === 'timeout' || e.fault === 'connect-timeout'
        ? {
            hint: 'Check the endpoint and network; for a slow one raise --connect-timeout / --request-timeout (ROOTCTL_CONNECT_TIMEOUT / ROOTCTL_REQUEST_TIMEOUT, seconds).',
          }
        : {}),
    });
  }
  if (isNotAwsResponse(e)) {
    return new RootctlError(
      'NetworkError',
      `The endpoint for ${what} did not answer like AWS (HTTP ${err.$metadata?.httpStatusCode ?? '?'}): ${message.replace(/\s*Deserialization error: to see the raw response.*$/, '')}`,
      {
        cause: e,
        hint: "Check --endpoint-url, AWS_ENDPOINT_URL[_<SERVICE>] and the profile's endpoint_url: they must name the service root (for the emulator, the URL `rootctl emulator` printed).",
      },
    );
  }
  if (isNetworkError(e)) {
    return new RootctlError('NetworkError', `Could not reach AWS for ${what}: ${message}`, {
      cause: e,
      details,
    });
  }
  return undefined;
}
