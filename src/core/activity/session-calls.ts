/**
 * The calls made inside root sessions, where the caller's event history can hold them.
 *
 * LookupEvents returns only the events of the account that calls it (per Region). A root session acts
 * in its target member account, so its calls are recorded in the member account's CloudTrail, not the
 * caller's (AWS: "Track privileged tasks in CloudTrail" - the session's actions are logged in the
 * member account; docs/emulator.md). Looking them up from the caller's history finds nothing, one
 * paced call (2/s) per session: 90 minutes for 10,000 sessions. So only sessions whose target is the
 * calling account itself (a delegated administrator acting on its own root user) are looked up, and
 * the others say where their calls are. Many such sessions are read with one lookup of their time
 * window, grouped by session key, in the time of its pages rather than one call per session.
 */
import type { CloudTrailReader } from '../ports.js';
import { parseSessionCall, type AssumeRootRecord, type LookedUpEvent, type SessionCall } from './records.js';

/** A root session lasts at most 900 s; look a little past it for late-recorded calls. */
export const SESSION_WINDOW_MS = 20 * 60_000;
/** Up to this many sessions are looked up by their access key one by one; more share one lookup. */
export const PER_KEY_LOOKUPS_MAX = 3;

/**
 * Where a session's calls were looked for: `looked-up` in the caller's history; `member-account`:
 * recorded in the target account's history, not looked up; `not-requested` (--no-session-calls);
 * `no-session`: the AssumeRoot call failed or returned no key.
 */
export type CallsLookup = 'looked-up' | 'member-account' | 'not-requested' | 'no-session';

/** The CloudTrail LookupEvents port (src/core/ports.ts), every page. */
export type EventHistory = Pick<CloudTrailReader, 'lookupEvents'>;

export function callsLookupOf(
  r: Pick<AssumeRootRecord, 'sessionAccessKeyId' | 'targetAccountId'>,
  callerAccountId: string,
  requested: boolean,
): CallsLookup {
  if (r.sessionAccessKeyId === null) return 'no-session';
  if (!requested) return 'not-requested';
  return r.targetAccountId === callerAccountId ? 'looked-up' : 'member-account';
}

function sessionKeyOf(e: LookedUpEvent): string | undefined {
  try {
    const key = (JSON.parse(e.cloudTrailEvent ?? '{}') as { userIdentity?: { accessKeyId?: unknown } })
      .userIdentity?.accessKeyId;
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The calls of every session the caller's history can hold, by session access key (oldest first,
 * the AssumeRoot event itself left out). Sessions recorded elsewhere are absent from the map.
 */
export async function lookUpSessionCalls(
  history: EventHistory,
  records: readonly AssumeRootRecord[],
  callerAccountId: string,
  now: Date,
): Promise<Map<string, SessionCall[]>> {
  const windows = new Map<string, { start: number; end: number; eventIds: Set<string> }>();
  for (const r of records) {
    if (callsLookupOf(r, callerAccountId, true) !== 'looked-up') continue;
    const start = Date.parse(r.time) - 60_000;
    const w = windows.get(r.sessionAccessKeyId!) ?? { start, end: start, eventIds: new Set<string>() };
    w.start = Math.min(w.start, start);
    w.end = Math.max(w.end, Date.parse(r.time) + SESSION_WINDOW_MS);
    w.eventIds.add(r.eventId);
    windows.set(r.sessionAccessKeyId!, w);
  }
  const out = new Map<string, SessionCall[]>();
  const endOf = (t: number) => (t < now.getTime() ? new Date(t) : undefined);
  const keep = (key: string, events: LookedUpEvent[]) => {
    const w = windows.get(key)!;
    const calls = events
      .map(parseSessionCall)
      // A root session's calls carry CloudTrail's assumedRoot mark (IAM user guide, "Track privileged
      // tasks in CloudTrail"); the key alone does not tell them from the AssumeRoot record itself.
      .filter((c) => c.assumedRoot && !w.eventIds.has(c.eventId))
      .reverse();
    out.set(key, [...(out.get(key) ?? []), ...calls]);
  };
  if (windows.size <= PER_KEY_LOOKUPS_MAX) {
    for (const [key, w] of windows) {
      out.set(key, []);
      const events = await history.lookupEvents({
        attribute: { key: 'AccessKeyId', value: key },
        startTime: new Date(w.start),
        endTime: endOf(w.end),
      });
      keep(key, events);
    }
    return out;
  }
  // One lookup of the whole window, newest first, split by the key each event was made with.
  const all = [...windows.values()];
  const events = await history.lookupEvents({
    startTime: new Date(Math.min(...all.map((w) => w.start))),
    endTime: endOf(Math.max(...all.map((w) => w.end))),
  });
  const byKey = new Map<string, LookedUpEvent[]>([...windows.keys()].map((k) => [k, []]));
  for (const e of events) {
    const key = sessionKeyOf(e);
    if (key !== undefined) byKey.get(key)?.push(e);
  }
  for (const [key, list] of byKey) keep(key, list);
  return out;
}
