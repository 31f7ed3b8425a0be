/**
 * An AWS call that failed, as the core sees it: AWS's own error code and message, the operation, and
 * whether it was throttling or a transient fault. Adapters wrap SDK errors in it so the core can
 * classify failures (audit diagnoses, executor retries) without depending on the SDK.
 */
export class AwsCallError extends Error {
  override readonly name = 'AwsCallError';
  constructor(
    /** AWS's error code as sent on the wire (e.g. AccessDenied, NoSuchEntity, Throttling). */
    readonly code: string,
    message: string,
    /** The IAM action of the call, e.g. iam:GetAccountSummary. */
    readonly operation: string,
    readonly kind: 'throttling' | 'transient' | 'network' | 'client' = 'client',
    options?: { cause?: unknown; requestId?: string | undefined },
  ) {
    super(message, options);
    this.requestId = options?.requestId;
  }

  /** AWS's request id of the failed call (x-amzn-RequestId), when a response came back. */
  readonly requestId: string | undefined;
}

export function isAwsCallError(e: unknown): e is AwsCallError {
  return e instanceof AwsCallError;
}
