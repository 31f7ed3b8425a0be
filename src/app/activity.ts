/**
 * The activity use case, for `rootctl activity` and the library alike: the AssumeRoot calls in the
 * CloudTrail event history of the calling account (one Region), the calls made in each root session
 * where that history holds them, and which callers are not among the allowed principals. Read-only.
 *
 *   const report = await activity({ profile: 'security', since: new Date(Date.now() - 86_400_000) });
 *   if (report.summary.flagged > 0) ...
 */
import type { AwsContext } from '../aws/clients.js';
import { parseAssumeRootEvent, type SessionCall } from '../core/activity/records.js';
import { buildActivityReport, type ActivityReport } from '../core/activity/report.js';
import { lookUpSessionCalls } from '../core/activity/session-calls.js';
import { RootctlError } from '../core/errors.js';
import { parsePrincipalArnList } from '../core/guardrails/inputs.js';
import { parseAccountId } from '../core/model/account-id.js';
import type { CloudTrailReader, IdentityPort } from '../core/ports.js';
import type { AwsConnection } from './library.js';

/** CloudTrail event history covers 90 days. */
export const EVENT_HISTORY_DAYS = 90;
const HISTORY_MS = EVENT_HISTORY_DAYS * 86_400_000;
const DEFAULT_SINCE_MS = 7 * 86_400_000;

export interface ActivityPorts {
  trail: CloudTrailReader;
  identity: IdentityPort;
  /** The Region whose event history is read. */
  region: string;
}

export interface ActivityOptions {
  /** From when (default: 7 days ago; at most 90 days back, CloudTrail's event history). */
  since?: Date | undefined;
  /** Up to when; default now. */
  until?: Date | undefined;
  /** Only calls into this member account (12 digits). */
  account?: string | undefined;
  /** Role/user/session ARNs (wildcards allowed) allowed to call AssumeRoot; anyone else is flagged. */
  allowedPrincipals?: readonly string[] | undefined;
  /** Look up the calls made in root sessions into the calling account (default true). */
  sessionCalls?: boolean | undefined;
  /** Things worth knowing that did not stop the run (a window cut to 90 days). */
  onWarning?: ((text: string) => void) | undefined;
}

export type ActivityLibraryOptions = AwsConnection & ActivityOptions;

/** The window to read: `since` cut to the 90 days the event history holds, and never after `until`. */
function windowOf(options: ActivityOptions): { since: Date; until: Date } {
  const until = options.until ?? new Date();
  const since = options.since ?? new Date(until.getTime() - DEFAULT_SINCE_MS);
  if (since.getTime() > until.getTime())
    throw new RootctlError(
      'InvalidDuration',
      `since ${since.toISOString()} is after ${until.toISOString()}.`,
    );
  if (until.getTime() - since.getTime() <= HISTORY_MS) return { since, until };
  options.onWarning?.(
    `CloudTrail event history covers ${EVENT_HISTORY_DAYS} days; looking back ${EVENT_HISTORY_DAYS} days.`,
  );
  return { since: new Date(until.getTime() - HISTORY_MS), until };
}

/** The activity report from the given ports; see ActivityOptions. */
export async function activityReport(
  ports: ActivityPorts,
  options: ActivityOptions = {},
): Promise<ActivityReport> {
  const account = options.account === undefined ? undefined : parseAccountId(options.account);
  const allowedPrincipals =
    options.allowedPrincipals === undefined
      ? undefined
      : parsePrincipalArnList(options.allowedPrincipals.join(','), 'allowedPrincipals');
  const { since, until } = windowOf(options);
  const sessionCalls = options.sessionCalls !== false;
  // Oldest first, so events within the same second keep CloudTrail's order.
  const events = (
    await ports.trail.lookupEvents({ attribute: { key: 'EventName', value: 'AssumeRoot' }, startTime: since })
  ).reverse();
  const records = events
    .map(parseAssumeRootEvent)
    .filter((r) => r !== undefined)
    .filter((r) => account === undefined || r.targetAccountId === account);
  // Only sessions into the calling account itself can have their calls in its event history.
  let callerAccountId: string | undefined;
  let callsByKey = new Map<string, SessionCall[]>();
  if (sessionCalls && records.some((r) => r.sessionAccessKeyId !== null)) {
    callerAccountId = (await ports.identity.whoAmI()).accountId;
    callsByKey = await lookUpSessionCalls(ports.trail, records, callerAccountId, until);
  }
  return buildActivityReport(records, {
    ...{ region: ports.region, since, until, account, allowedPrincipals },
    ...{ callsByKey, callerAccountId, sessionCalls },
  });
}

/** The ports of an AWS context: CloudTrail (paced to LookupEvents' quota) and STS. */
export async function activityPorts(ctx: AwsContext): Promise<ActivityPorts> {
  const [{ cloudTrailReader }, { identity }] = await Promise.all([
    import('../aws/cloudtrail.js'),
    import('../aws/identity.js'),
  ]);
  return { trail: cloudTrailReader(ctx.cloudtrail), identity: identity(ctx.sts), region: ctx.region };
}

/** AssumeRoot activity in the calling account's CloudTrail event history; see ActivityOptions. */
export async function activity(options: ActivityLibraryOptions = {}): Promise<ActivityReport> {
  const { createAwsContext } = await import('../aws/clients.js');
  const ctx = createAwsContext({
    ...{ profile: options.profile, region: options.region },
    ...{ endpoint: options.endpoint, credentials: options.credentials },
  });
  try {
    return await activityReport(await activityPorts(ctx), options);
  } finally {
    ctx.destroy();
  }
}
