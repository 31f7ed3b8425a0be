/**
 * EventBridge patterns for root activity, and a small matcher for the subset of the pattern
 * language they use (exact-value arrays, nested objects, `exists`, `prefix`), so tests can prove a
 * pattern matches a real AssumeRoot record and nothing else.
 */

export type EventPattern = { [key: string]: EventPatternValue };
type Matcher = string | number | boolean | null | { exists: boolean } | { prefix: string };
export type EventPatternValue = Matcher[] | EventPattern;

/** AssumeRoot, as CloudTrail delivers it to the default bus of the calling account in the STS Region. */
export function assumeRootPattern(): EventPattern {
  return {
    source: ['aws.sts'],
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: { eventSource: ['sts.amazonaws.com'], eventName: ['AssumeRoot'] },
  };
}

/**
 * Console sign-in by a root user. CloudTrail records root sign-ins in us-east-1 of the account signed
 * in to, so this rule sees the root users of the account it is deployed in.
 */
export function rootSignInPattern(): EventPattern {
  return {
    source: ['aws.signin'],
    'detail-type': ['AWS Console Sign In via CloudTrail'],
    detail: {
      eventSource: ['signin.amazonaws.com'],
      eventName: ['ConsoleLogin'],
      userIdentity: { type: ['Root'] },
    },
  };
}

/** An EventBridge event carrying a CloudTrail record, as delivered for API calls. */
export function cloudTrailApiEvent(record: Record<string, unknown>, source: string): Record<string, unknown> {
  return {
    version: '0',
    id: typeof record.eventID === 'string' ? record.eventID : '00000000-0000-0000-0000-000000000000',
    'detail-type': 'AWS API Call via CloudTrail',
    source,
    account: record.recipientAccountId,
    time: record.eventTime,
    region: record.awsRegion,
    resources: [],
    detail: record,
  };
}

function matchOne(m: Matcher, present: boolean, value: unknown): boolean {
  if (m !== null && typeof m === 'object') {
    if ('exists' in m) return m.exists === present;
    return present && typeof value === 'string' && value.startsWith(m.prefix);
  }
  return present && value === m;
}

function matchValue(pattern: EventPatternValue, present: boolean, value: unknown): boolean {
  if (Array.isArray(pattern)) {
    // A field holding an array matches when any of its elements matches (EventBridge semantics).
    if (Array.isArray(value))
      return pattern.some((m) =>
        typeof m === 'object' && m !== null && 'exists' in m
          ? matchOne(m, true, value)
          : value.some((v) => matchOne(m, true, v)),
      );
    return pattern.some((m) => matchOne(m, present, value));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    // A nested pattern only matches an object; `exists: false` leaves can still hold for a missing one.
    return Object.values(pattern).every((p) => matchValue(p, false, undefined));
  }
  return matchesEventPattern(pattern, value as Record<string, unknown>);
}

/** True when every field of the pattern matches the event (fields not in the pattern are ignored). */
export function matchesEventPattern(pattern: EventPattern, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([k, p]) =>
    matchValue(p, Object.prototype.hasOwnProperty.call(event, k), event[k]),
  );
}
