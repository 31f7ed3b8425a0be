/** Wraps SDK failures of per-account calls in AwsCallError (core-visible), keeping AWS's code. */
import { AwsCallError } from '../core/aws-call-error.js';
import { awsErrorCode, isNetworkError, isThrottlingError } from './errors.js';
import { isEndpointFault } from './http-fault.js';

export function wrapAwsError(e: unknown, operation: string): AwsCallError {
  if (e instanceof AwsCallError) return e;
  const message = e instanceof Error ? e.message : String(e);
  // Nothing listens at the endpoint, or it does not speak TLS: no retry can change that.
  if (isEndpointFault(e, 'refused', 'tls'))
    return new AwsCallError('NetworkError', e.message, operation, 'client', { cause: e });
  if (isNetworkError(e)) return new AwsCallError('NetworkError', message, operation, 'network', { cause: e });
  const code = awsErrorCode(e) ?? 'UnknownError';
  const meta = (e as { $metadata?: { httpStatusCode?: number; requestId?: string } }).$metadata;
  const status = meta?.httpStatusCode;
  const kind = isThrottlingError(e)
    ? 'throttling'
    : status !== undefined && status >= 500
      ? 'transient'
      : 'client';
  return new AwsCallError(
    code.replace(/Exception$/, '') === 'NoSuchEntity' ? 'NoSuchEntity' : code,
    message,
    operation,
    kind,
    { cause: e, requestId: meta?.requestId },
  );
}

export async function awsCall<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw wrapAwsError(e, operation);
  }
}
