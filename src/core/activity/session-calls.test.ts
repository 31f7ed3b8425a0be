import { describe, expect, it } from 'vitest';
import type { AssumeRootRecord, LookedUpEvent } from './records.js';
import { lookUpSessionCalls, type EventHistory } from './session-calls.js';
import { buildActivityReport } from './report.js';

const CALLER = '111111111111';
const NOW = new Date('2024-10-26T00:00:00Z');

function session(i: number, target: string): AssumeRootRecord {
  return {
    eventId: `ar-${i}`,
    time: new Date(Date.parse('2024-10-25T00:00:00Z') + i * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'us-east-1',
    principalArn: `arn:aws:sts::${CALLER}:assumed-role/RootOps/x`,
    sessionIssuerArn: null,
    callerAccountId: CALLER,
    sourceIp: null,
    userAgent: null,
    targetAccountId: target,
    taskPolicyArn: null,
    taskPolicy: 'IAMDeleteRootUserCredentials',
    task: null,
    outcome: 'success',
    errorCode: null,
    errorMessage: null,
    sessionAccessKeyId: `ASIAKEY${i}`,
  };
}

/** A history of one DeleteLoginProfile per session key, newest first, counting the lookups made. */
function history(keys: string[]) {
  const events: LookedUpEvent[] = keys.map((k, i) => ({
    eventId: `call-${k}`,
    eventName: 'DeleteLoginProfile',
    eventTime: new Date(Date.parse('2024-10-25T00:00:05Z') + i * 1000),
    eventSource: 'iam.amazonaws.com',
    cloudTrailEvent: JSON.stringify({
      eventID: `call-${k}`,
      eventName: 'DeleteLoginProfile',
      // As AWS records a root session's calls (IAM user guide, "Track privileged tasks in CloudTrail").
      userIdentity: { type: 'Root', accessKeyId: k, sessionContext: { assumedRoot: 'true' } },
    }),
  }));
  const queries: Parameters<EventHistory['lookupEvents']>[0][] = [];
  const h: EventHistory = {
    lookupEvents: async (q) => {
      queries.push(q);
      const all = [...events].reverse();
      return q.attribute ? all.filter((e) => e.cloudTrailEvent!.includes(q.attribute!.value)) : all;
    },
  };
  return { h, queries };
}

describe('lookUpSessionCalls', () => {
  it('looks nothing up for 10,000 sessions into member accounts, and says where their calls are', async () => {
    const records = Array.from({ length: 10_000 }, (_, i) => session(i, '222222222222'));
    const { h, queries } = history([]);
    const calls = await lookUpSessionCalls(h, records, CALLER, NOW);
    expect(queries).toHaveLength(0);
    const report = buildActivityReport(records, {
      region: 'us-east-1',
      since: new Date('2024-10-20T00:00:00Z'),
      until: NOW,
      callsByKey: calls,
      callerAccountId: CALLER,
    });
    expect(report.sessions.every((s) => s.calls === null && s.callsLookup === 'member-account')).toBe(true);
  });

  it('reads a few sessions into the caller itself by key, and many with one lookup of their window', async () => {
    const few = [session(1, CALLER), session(2, CALLER), session(3, '222222222222')];
    const a = history(['ASIAKEY1', 'ASIAKEY2']);
    const fewCalls = await lookUpSessionCalls(a.h, few, CALLER, NOW);
    expect(a.queries.map((q) => q.attribute?.value)).toEqual(['ASIAKEY1', 'ASIAKEY2']);
    expect(fewCalls.get('ASIAKEY1')!.map((c) => c.eventId)).toEqual(['call-ASIAKEY1']);
    expect(fewCalls.has('ASIAKEY3')).toBe(false);

    const many = Array.from({ length: 500 }, (_, i) => session(i, CALLER));
    const b = history(many.map((r) => r.sessionAccessKeyId!));
    const manyCalls = await lookUpSessionCalls(b.h, many, CALLER, NOW);
    expect(b.queries).toHaveLength(1);
    expect(b.queries[0]!.attribute).toBeUndefined();
    expect(manyCalls.size).toBe(500);
    for (const r of many)
      expect(manyCalls.get(r.sessionAccessKeyId!)!.map((c) => c.eventId)).toEqual([
        `call-${r.sessionAccessKeyId}`,
      ]);
  });
});
