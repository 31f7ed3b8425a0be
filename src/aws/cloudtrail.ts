/**
 * CloudTrail LookupEvents adapter for `rootctl activity`. LookupEvents allows 2 requests per second
 * per account and Region, so calls are paced client-side (a token bucket of 2) and the SDK's own
 * retries absorb the throttling that remains. Implements the CloudTrailReader port (src/core/ports.ts)
 * with plain LookedUpEvent values for the core.
 */
import { LookupEventsCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { LookedUpEvent } from '../core/activity/records.js';
import type { CloudTrailReader, EventLookupQuery } from '../core/ports.js';
import { toRootctlError } from './errors.js';

/** The port's query, under the name this adapter has always exported. */
export type LookupQuery = EventLookupQuery;
export type { CloudTrailReader };

/**
 * A client-side token bucket matching LookupEvents' quota (burst and rate `perSecond`, AWS's is 2).
 * `pace()` waits for a token and returns `done`, called when the response is back: refill is counted
 * from then, not from when the request left, because AWS counts arrivals and a slow request can
 * arrive late - counting from the response never overdraws AWS's bucket, whatever the latency.
 * 5% slack covers clock granularity.
 */
export function createPacer(
  perSecond: number,
  now: () => number = Date.now,
  sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
): () => Promise<() => void> {
  const interval = (1000 / perSecond) * 1.05;
  let tokens = perSecond;
  let last = now();
  let queue: Promise<unknown> = Promise.resolve();
  const take = async (): Promise<() => void> => {
    tokens = Math.min(perSecond, tokens + (now() - last) / interval);
    last = now();
    if (tokens < 1) {
      await sleep(Math.ceil((1 - tokens) * interval));
      tokens = 1;
    }
    tokens -= 1;
    last = now();
    return () => void (last = Math.max(last, now()));
  };
  // Calls queue up so concurrent callers cannot overdraw the bucket.
  return () => {
    const next = queue.then(take);
    queue = next;
    return next;
  };
}

export function cloudTrailReader(
  client: CloudTrailClient,
  options: { maxPerSecond?: number } = {},
): CloudTrailReader {
  const pace = createPacer(options.maxPerSecond ?? 2);
  return {
    async lookupEvents(q) {
      const out: LookedUpEvent[] = [];
      let NextToken: string | undefined;
      do {
        const done = await pace();
        try {
          const r = await client.send(
            new LookupEventsCommand({
              ...(q.attribute
                ? { LookupAttributes: [{ AttributeKey: q.attribute.key, AttributeValue: q.attribute.value }] }
                : {}),
              StartTime: q.startTime,
              ...(q.endTime === undefined ? {} : { EndTime: q.endTime }),
              MaxResults: 50,
              NextToken,
            }),
          );
          for (const e of r.Events ?? []) {
            out.push({
              eventId: e.EventId ?? '',
              eventName: e.EventName ?? '',
              eventTime: e.EventTime,
              eventSource: e.EventSource,
              cloudTrailEvent: e.CloudTrailEvent,
            });
          }
          NextToken = r.NextToken;
        } catch (e) {
          const what = q.attribute ? ` (${q.attribute.key}=${q.attribute.value})` : '';
          throw toRootctlError(e, `cloudtrail:LookupEvents${what}`);
        } finally {
          done();
        }
      } while (NextToken);
      return out;
    },
  };
}
