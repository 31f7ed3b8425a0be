/**
 * Library entry point for the audit on AWS: builds the audit's ports from SDK clients and runs the
 * pure core (`audit` in src/core/audit). Use `createAuditContexts` for the best throughput: one
 * context for Organizations/identity calls with the SDK's own retries (page by page), and one for
 * AssumeRoot and root sessions with SDK retries off, because the audit's adaptive limiter and
 * budgeted retries handle throttling there (two retry loops would multiply attempts).
 *
 *   const report = await auditOrganization(createAuditContexts({ profile: 'security' }), { detail: 'full' });
 */
import { createAwsContext, type AwsContext, type AwsContextOptions } from '../aws/clients.js';
import { callerAccount } from '../aws/caller-account.js';
import { isNetworkError, isThrottlingError } from '../aws/errors.js';
import { isPersistentEndpointFault } from '../aws/http-fault.js';
import { RootctlHttpHandler } from '../aws/http.js';
import { identity } from '../aws/identity.js';
import { organizationsReader } from '../aws/organizations.js';
import { rootSessionOpener } from '../aws/root-session.js';
import { audit, DEFAULT_CONCURRENCY } from '../core/audit/run.js';
import { classifyFailure } from '../core/audit/failure.js';
import type { AuditReport } from '../core/audit/model.js';
import type { AuditOptions, AuditPorts } from '../core/audit/types.js';
import type { FailureKind } from '../core/concurrency/retry.js';
import { isRootctlError } from '../core/errors.js';
import { VERSION } from '../version.js';

export interface AuditContexts {
  /** Organizations, STS GetCallerIdentity and the caller's own IAM (SDK retries on). */
  listing: AwsContext;
  /** AssumeRoot and root-session calls (SDK retries off). */
  sessions: AwsContext;
  destroy(): void;
}

/** Two contexts on the same credentials and endpoint, tuned for auditing at `concurrency`. */
export function createAuditContexts(
  options: Omit<AwsContextOptions, 'maxAttempts' | 'maxSockets'> & { concurrency?: number } = {},
): AuditContexts {
  const { concurrency, ...aws } = options;
  // Listing pages are retried by the SDK page by page; adaptive mode paces the client to the
  // Organizations rate limit instead of spending its retry quota on a throttling storm.
  const listing = createAwsContext({ ...aws, maxAttempts: 10, retryMode: 'adaptive', maxSockets: 16 });
  // Up to five reads of one account run at once; leave room for them at the concurrency cap.
  const sessions = createAwsContext({
    ...aws,
    maxAttempts: 1,
    maxSockets: Math.max(64, Math.min(1024, (concurrency ?? DEFAULT_CONCURRENCY) * 3)),
  });
  return { listing, sessions, destroy: () => (listing.destroy(), sessions.destroy()) };
}

/** Retry classification that also looks inside RootctlErrors at the SDK error they wrap. */
export function classifyAwsFailure(e: unknown): FailureKind {
  // A refused connection or TLS to a plain-HTTP port: the endpoint is wrong, not blipping.
  if (isPersistentEndpointFault(e)) return 'fatal';
  const kind = classifyFailure(e);
  if (kind !== 'fatal') return kind;
  const cause = isRootctlError(e) ? e.cause : e;
  if (cause === undefined) return kind;
  if (isThrottlingError(cause)) return 'throttling';
  if (isNetworkError(cause)) return 'network';
  const status = (cause as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status !== undefined && status >= 500 ? 'transient' : 'fatal';
}

function isContexts(x: unknown): x is AuditContexts {
  return typeof x === 'object' && x !== null && 'listing' in x && 'sessions' in x;
}

function isPorts(x: unknown): x is AuditPorts {
  return typeof x === 'object' && x !== null && 'rootSessions' in x && 'identity' in x;
}

export function auditPorts(source: AwsContext | AuditContexts): AuditPorts {
  const { listing, sessions } = isContexts(source) ? source : { listing: source, sessions: source };
  return {
    identity: identity(listing.sts),
    organizations: organizationsReader(listing.organizations),
    rootSessions: rootSessionOpener(sessions),
    callerAccount: callerAccount(listing.iam),
    classify: classifyAwsFailure,
    requestTimeoutMs: requestTimeoutOf(sessions),
  };
}

/** The request timeout of a context's HTTP handler (rootctl's own, src/aws/http.ts), if it has one. */
export function requestTimeoutOf(context: AwsContext): number | undefined {
  const handler = context.clientConfig().requestHandler;
  return handler instanceof RootctlHttpHandler ? handler.timeouts.requestTimeoutMs : undefined;
}

/** Audits the organization the credentials belong to; see AuditOptions. */
export async function auditOrganization(
  source: AwsContext | AuditContexts | AuditPorts,
  options: AuditOptions = {},
): Promise<AuditReport> {
  const region = isPorts(source) ? options.region : (isContexts(source) ? source.sessions : source).region;
  return audit(isPorts(source) ? source : auditPorts(source), {
    rootctlVersion: VERSION,
    ...options,
    region: options.region ?? region,
  });
}
