/** What every emulated service provides: its wire protocol, identity and operation table. */
import type { AwsError, EmuRequest } from '../http-types.js';
import type { Credential, Principal, World } from '../world.js';

export type Protocol = 'query' | 'json1_1' | 'json1_0' | 'rest-xml' | 'rest-json';

export interface CallContext {
  world: World;
  credential: Credential;
  principal: Principal;
  /** The account the call acts in: the caller's own, or the member account of a root session. */
  accountId: string;
  region: string;
  requestId: string;
  service: string;
  operation: string;
  sourceIp: string;
  userAgent: string;
  /** Host header as received (tells the global STS endpoint from a Regional one). */
  host: string;
  request: EmuRequest;
  /**
   * Checks the IAM action against the caller's identity policy, its root-task policy and the SCPs
   * in force; throws AccessDenied as AWS words it. Handlers call it for extra actions or resources.
   */
  authorize(action: string, resource: string, extraKeys?: Record<string, string>): void;
  /** Overrides for the CloudTrail record of this call. */
  trail: {
    requestParameters?: Record<string, unknown> | null;
    responseElements?: Record<string, unknown> | null;
    resources?: { accountId?: string; type?: string; ARN?: string }[];
    recipientAccountId?: string;
  };
}

export interface Operation<I = unknown> {
  /** Read-only calls are not written to CloudTrail (as with the default event history's write focus). */
  readOnly: boolean;
  /** IAM action checked before the handler runs; default `<service>:<Operation>`. Null: the handler authorizes itself. */
  action?: string | null;
  /** The resource ARN for that check; default "*". */
  resource?: (ctx: CallContext, input: I) => string;
  handler(ctx: CallContext, input: I): unknown;
}

export interface ServiceDefinition {
  /** SigV4 signing name (credential scope). */
  signingName: string;
  protocol: Protocol;
  /** CloudTrail eventSource, e.g. iam.amazonaws.com. */
  eventSource: string;
  /** awsQuery: the Version the service answers, and the XML namespace. */
  version?: string;
  xmlNamespace?: string;
  /** awsJson: accepted X-Amz-Target prefixes (text before the last dot). */
  targetPrefixes?: string[];
  /**
   * The HTTP status of every client error (4xx other than throttling) when the live service uses one
   * status for all of them, whatever its Smithy model says (Organizations: 400).
   */
  clientErrorStatus?: number;
  /** rest-xml and rest-json: maps a request (method and path) to an operation name and its input. */
  route?(req: EmuRequest): { operation: string; input: unknown } | AwsError;
  /**
   * The same service in the protocol older SDKs speak (SQS: awsQuery beside awsJson1_0), used for
   * requests that are form-encoded or carry `Action` in the query string.
   */
  formVariant?: ServiceDefinition;
  // Each operation has its own input type; the table is heterogeneous by design.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  operations: Record<string, Operation<any>>;
}
