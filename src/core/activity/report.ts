/**
 * The activity report: AssumeRoot calls with the calls made in each session, filtered by target
 * account, and each flagged when its caller is not one of the allowed principals.
 */
import { globMatch } from '../model/policy/evaluate.js';
import type { AssumeRootRecord, SessionCall } from './records.js';
import { callsLookupOf, type CallsLookup } from './session-calls.js';

export interface ActivityEntry extends AssumeRootRecord {
  /** null when no --allowed-principals were given. */
  allowed: boolean | null;
  /**
   * null when the session's calls were not looked up: see `callsLookup` for why (recorded in the
   * member account's history, --no-session-calls, or no session).
   */
  calls: SessionCall[] | null;
  /** Where the session's calls were looked for (see CallsLookup). */
  callsLookup: CallsLookup;
}

export interface ActivityReport {
  region: string;
  since: string;
  until: string;
  account: string | null;
  allowedPrincipals: string[] | null;
  sessions: ActivityEntry[];
  summary: {
    total: number;
    succeeded: number;
    failed: number;
    flagged: number;
    byTaskPolicy: Record<string, number>;
  };
}

/**
 * Whether the caller is allowed: an entry matches the session ARN or the role behind it, with `*`
 * wildcards (so both arn:...:role/RootOps and arn:...:assumed-role/RootOps/* work).
 */
export function isAllowedPrincipal(
  r: Pick<AssumeRootRecord, 'principalArn' | 'sessionIssuerArn'>,
  allowed: readonly string[],
): boolean {
  const candidates = [r.principalArn, r.sessionIssuerArn].filter((x): x is string => x !== null);
  return allowed.some((pattern) => candidates.some((c) => globMatch(pattern, c)));
}

export interface BuildActivityOptions {
  region: string;
  since: Date;
  until: Date;
  account?: string | undefined;
  allowedPrincipals?: readonly string[] | undefined;
  /** Calls by session access key; keys absent from the map were not looked up. */
  callsByKey?: ReadonlyMap<string, SessionCall[]>;
  /**
   * The account whose event history was read: sessions into other accounts have their calls in
   * those accounts' histories (`callsLookup: 'member-account'`). Unknown: as the map says.
   */
  callerAccountId?: string | undefined;
  /** Whether session calls were asked for (false: --no-session-calls); default true. */
  sessionCalls?: boolean | undefined;
}

/** Version of the `rootctl activity --output json` document. */
export const ACTIVITY_SCHEMA_VERSION = 1;

/** `rootctl activity --output json`: the report with its schemaVersion. */
export type ActivityDocument = { schemaVersion: typeof ACTIVITY_SCHEMA_VERSION } & ActivityReport;

export function activityDocument(r: ActivityReport): ActivityDocument {
  return { schemaVersion: ACTIVITY_SCHEMA_VERSION, ...r };
}

export function buildActivityReport(
  records: readonly AssumeRootRecord[],
  o: BuildActivityOptions,
): ActivityReport {
  const seen = new Set<string>();
  const sessions: ActivityEntry[] = records
    .filter((r) => (seen.has(r.eventId) ? false : (seen.add(r.eventId), true)))
    .filter((r) => o.account === undefined || r.targetAccountId === o.account)
    .map((r) => {
      const calls =
        r.sessionAccessKeyId !== null && o.callsByKey?.has(r.sessionAccessKeyId)
          ? [...o.callsByKey.get(r.sessionAccessKeyId)!].sort(byTime)
          : null;
      const lookup =
        o.callerAccountId !== undefined
          ? callsLookupOf(r, o.callerAccountId, o.sessionCalls !== false)
          : calls !== null
            ? 'looked-up'
            : callsLookupOf(r, '', false);
      return {
        ...r,
        allowed: o.allowedPrincipals ? isAllowedPrincipal(r, o.allowedPrincipals) : null,
        calls: lookup === 'looked-up' ? (calls ?? []) : null,
        callsLookup: lookup,
      };
    })
    .sort(byTime);
  const byTaskPolicy: Record<string, number> = {};
  for (const s of sessions)
    byTaskPolicy[s.taskPolicy ?? s.taskPolicyArn ?? 'unknown'] =
      (byTaskPolicy[s.taskPolicy ?? s.taskPolicyArn ?? 'unknown'] ?? 0) + 1;
  return {
    region: o.region,
    since: o.since.toISOString(),
    until: o.until.toISOString(),
    account: o.account ?? null,
    allowedPrincipals: o.allowedPrincipals ? [...o.allowedPrincipals] : null,
    sessions,
    summary: {
      total: sessions.length,
      succeeded: sessions.filter((s) => s.outcome === 'success').length,
      failed: sessions.filter((s) => s.outcome === 'failed').length,
      flagged: sessions.filter((s) => s.allowed === false).length,
      byTaskPolicy,
    },
  };
}

/** Oldest first; a stable sort keeps the given order for events within the same second. */
function byTime(a: { time: string }, b: { time: string }): number {
  return a.time < b.time ? -1 : a.time > b.time ? 1 : 0;
}
