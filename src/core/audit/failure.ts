/**
 * How the audit sees a failed call: AWS's code and message, which call, what kind of fault, and how
 * many retries were spent on it. Built from whatever the ports threw (AwsCallError from per-account
 * adapters, RootctlError from the Organizations adapter), so diagnosis stays pure and testable.
 */
import { isAwsCallError } from '../aws-call-error.js';
import { RetryFailure, type FailureKind, type RetryStop } from '../concurrency/retry.js';
import { isRootctlError } from '../errors.js';

export interface RawFailure {
  /** assume-root: sts:AssumeRoot failed; session: a call inside the root session failed. */
  stage: 'assume-root' | 'session' | 'internal';
  /** AWS's error code (AccessDenied, Throttling, ...) or rootctl's (NetworkError, InternalError). */
  code: string;
  message: string;
  /** IAM action of the call, e.g. iam:GetAccountSummary. */
  operation: string;
  kind: FailureKind;
  retries: number;
  /** Why retrying stopped (`deadline`: the account's deadline came before another attempt could end). */
  reason: RetryStop;
  /** Not called at all: an organization-wide denial was already established. */
  notAttempted?: boolean;
}

/** Codes AWS uses for server-side faults that are worth retrying. */
const TRANSIENT_CODES = new Set([
  'InternalError',
  'InternalFailure',
  'ServiceFailure',
  'ServiceUnavailable',
  'Unavailable',
  'ServiceException',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
]);

/** The default classifier: AwsCallError's kind, RootctlError's code and AWS code. */
export function classifyFailure(e: unknown): FailureKind {
  if (isAwsCallError(e)) {
    if (e.kind !== 'client') return e.kind;
    if (THROTTLING_CODES.has(e.code)) return 'throttling';
    return TRANSIENT_CODES.has(e.code) ? 'transient' : 'fatal';
  }
  if (isRootctlError(e)) {
    if (e.code === 'Throttled') return 'throttling';
    // A refused connection or TLS to a plain-HTTP port (src/aws/http.ts): the endpoint is wrong.
    const fault = e.details.endpointFault;
    if (e.code === 'NetworkError' && (fault === 'refused' || fault === 'tls')) return 'fatal';
    if (e.code === 'NetworkError') return 'network';
    const aws = e.details.awsCode;
    if (typeof aws === 'string') {
      if (THROTTLING_CODES.has(aws)) return 'throttling';
      if (TRANSIENT_CODES.has(aws.replace(/Exception$/, '')) || TRANSIENT_CODES.has(aws)) return 'transient';
    }
  }
  return 'fatal';
}

/** A RetryFailure (or any error) as a RawFailure of the given stage. */
export function toRawFailure(e: unknown, stage: RawFailure['stage'], operation: string): RawFailure {
  const retry = e instanceof RetryFailure ? e : undefined;
  const err = retry ? retry.lastError : e;
  const base = {
    stage,
    retries: retry ? retry.retries : 0,
    reason: retry ? retry.reason : ('fatal' as const),
    kind: retry ? retry.kind : classifyFailure(err),
  };
  if (isAwsCallError(err)) return { ...base, code: err.code, message: err.message, operation: err.operation };
  if (isRootctlError(err)) {
    const aws = err.details.awsCode;
    return { ...base, code: typeof aws === 'string' ? aws : err.code, message: err.message, operation };
  }
  return {
    ...base,
    stage: 'internal',
    code: 'InternalError',
    message: err instanceof Error ? err.message : String(err),
    operation,
  };
}
