/**
 * CloudTrail LookupEvents over the emulator's event history: the caller's account, the Region of the
 * request, newest first, at most one lookup attribute, a time window and opaque page tokens bound to
 * the query they came from (a token reused with other parameters is InvalidNextTokenException).
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../../http-types.js';
import type { TrailEvent } from '../../world.js';
import type { Operation } from '../types.js';

type In = Record<string, unknown>;

const ATTRIBUTE_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
] as const;
type AttributeKey = (typeof ATTRIBUTE_KEYS)[number];

const bad = (code: string, message: string) => new AwsError(code, message, 400);

/** The user name LookupEvents reports: the session name of an assumed role, "root" for root. */
export function usernameOf(e: TrailEvent): string | undefined {
  const u = e.userIdentity;
  switch (u.type) {
    case 'AssumedRole':
      return typeof u.arn === 'string' ? u.arn.slice(u.arn.lastIndexOf('/') + 1) : undefined;
    case 'Root':
      return 'root';
    case 'IAMUser':
      return typeof u.userName === 'string' ? u.userName : undefined;
    default:
      return undefined;
  }
}

function resourcesOf(e: TrailEvent): { ResourceType?: string; ResourceName?: string }[] {
  return (e.resources ?? []).map((r) => ({
    ...(r.type !== undefined ? { ResourceType: r.type } : {}),
    ...(r.ARN !== undefined || r.accountId !== undefined ? { ResourceName: r.ARN ?? r.accountId! } : {}),
  }));
}

function matches(e: TrailEvent, key: AttributeKey, value: string): boolean {
  switch (key) {
    case 'EventId':
      return e.eventID === value;
    case 'EventName':
      return e.eventName === value;
    case 'EventSource':
      return e.eventSource === value;
    case 'ReadOnly':
      return String(e.readOnly) === value;
    case 'Username':
      return usernameOf(e) === value;
    case 'AccessKeyId':
      return e.userIdentity.accessKeyId === value;
    case 'ResourceType':
      return resourcesOf(e).some((r) => r.ResourceType === value);
    case 'ResourceName':
      return resourcesOf(e).some((r) => r.ResourceName === value);
  }
}

function parseAttribute(input: In): { key: AttributeKey; value: string } | undefined {
  const attrs = input.LookupAttributes;
  if (attrs === undefined || attrs === null) return undefined;
  if (!Array.isArray(attrs))
    throw bad('InvalidLookupAttributesException', 'LookupAttributes must be a list.');
  if (attrs.length === 0) return undefined;
  if (attrs.length > 1)
    throw bad('InvalidLookupAttributesException', 'You can specify only one lookup attribute.');
  const a = attrs[0] as { AttributeKey?: unknown; AttributeValue?: unknown } | null;
  const key = a?.AttributeKey;
  if (typeof key !== 'string' || !(ATTRIBUTE_KEYS as readonly string[]).includes(key)) {
    throw bad(
      'InvalidLookupAttributesException',
      `Invalid attribute key: ${String(key)}. Valid keys are ${ATTRIBUTE_KEYS.join(', ')}.`,
    );
  }
  const value = a?.AttributeValue;
  if (typeof value !== 'string' || value.length < 1 || value.length > 2000) {
    throw bad(
      'InvalidLookupAttributesException',
      'AttributeValue must be between 1 and 2000 characters long.',
    );
  }
  // Live AWS accepts only the lower-case spellings (issue 11's recordings); "TRUE" is refused.
  if (key === 'ReadOnly' && value !== 'true' && value !== 'false') {
    throw bad(
      'InvalidLookupAttributesException',
      `Invalid value ${value} for ReadOnly attribute. Valid values are true and false.`,
    );
  }
  return { key: key as AttributeKey, value };
}

function parseTime(input: In, name: 'StartTime' | 'EndTime'): number | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw bad('InvalidTimeRangeException', `${name} is not a valid timestamp.`);
  return v * 1000;
}

type Position = [timeMs: number, index: number];

function encodeToken(pos: Position, queryHash: string): string {
  return Buffer.from(JSON.stringify({ t: pos[0], i: pos[1], q: queryHash })).toString('base64');
}

function decodeToken(token: unknown, queryHash: string): Position {
  const invalid = () =>
    bad(
      'InvalidNextTokenException',
      'Invalid NextToken: it is not valid, or was issued for a request with different parameters.',
    );
  if (typeof token !== 'string') throw invalid();
  try {
    const v = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {
      t?: unknown;
      i?: unknown;
      q?: unknown;
    };
    if (typeof v.t !== 'number' || typeof v.i !== 'number' || v.q !== queryHash) throw invalid();
    return [v.t, v.i];
  } catch {
    throw invalid();
  }
}

export const lookupEvents: Operation<In> = {
  readOnly: true,
  handler(ctx, input) {
    const attribute = parseAttribute(input);
    const start = parseTime(input, 'StartTime');
    const end = parseTime(input, 'EndTime');
    // A StartTime after the service's clock is refused on AWS (issue 11's recordings).
    if (start !== undefined && start > ctx.world.now().getTime())
      throw bad('InvalidTimeRangeException', 'Start time cannot be in the future.');
    if (start !== undefined && end !== undefined && start > end)
      throw bad('InvalidTimeRangeException', 'StartTime must be earlier than EndTime.');
    const category = input.EventCategory;
    if (category !== undefined && category !== null && category !== 'insight')
      throw bad('InvalidEventCategoryException', `Invalid EventCategory: ${JSON.stringify(category)}.`);
    const max = input.MaxResults;
    if (
      max !== undefined &&
      max !== null &&
      (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 50)
    ) {
      throw bad('InvalidMaxResultsException', 'MaxResults must be between 1 and 50.');
    }
    const size = typeof max === 'number' ? max : 50;
    // The token is bound to everything but MaxResults (and the caller's account and Region).
    const queryHash = createHash('sha256')
      .update(
        JSON.stringify([
          attribute ?? null,
          start ?? null,
          end ?? null,
          category ?? null,
          ctx.accountId,
          ctx.region,
        ]),
      )
      .digest('hex')
      .slice(0, 16);
    const after =
      input.NextToken !== undefined && input.NextToken !== null
        ? decodeToken(input.NextToken, queryHash)
        : undefined;

    // Management events only: CloudTrail Insights events are not emulated, so "insight" finds none.
    const candidates: { e: TrailEvent; pos: Position }[] = [];
    if (category !== 'insight') {
      ctx.world.trail.forEach((e, index) => {
        if (e.recipientAccountId !== ctx.accountId || e.awsRegion !== ctx.region) return;
        const t = Date.parse(e.eventTime);
        if ((start !== undefined && t < start) || (end !== undefined && t > end)) return;
        if (attribute && !matches(e, attribute.key, attribute.value)) return;
        candidates.push({ e, pos: [t, index] });
      });
    }
    const newerFirst = (a: Position, b: Position) => b[0] - a[0] || b[1] - a[1];
    candidates.sort((a, b) => newerFirst(a.pos, b.pos));
    const remaining = after ? candidates.filter((c) => newerFirst(after, c.pos) < 0) : candidates;
    const page = remaining.slice(0, size);
    const last = page[page.length - 1];
    return {
      Events: page.map(({ e }) => ({
        EventId: e.eventID,
        EventName: e.eventName,
        ReadOnly: String(e.readOnly),
        ...(typeof e.userIdentity.accessKeyId === 'string'
          ? { AccessKeyId: e.userIdentity.accessKeyId }
          : {}),
        EventTime: new Date(e.eventTime),
        EventSource: e.eventSource,
        ...(usernameOf(e) !== undefined ? { Username: usernameOf(e) } : {}),
        Resources: resourcesOf(e),
        CloudTrailEvent: JSON.stringify(e),
      })),
      ...(remaining.length > size && last ? { NextToken: encodeToken(last.pos, queryHash) } : {}),
    };
  },
};
