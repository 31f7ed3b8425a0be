/**
 * AssumeRoot calls and root-session calls, parsed from CloudTrail event history (LookupEvents).
 * Parsing is forgiving: CloudTrail records vary by event version, and a field that is missing is
 * reported as null rather than guessed.
 */
import {
  taskOfPolicy,
  taskPolicyNameOf,
  type TaskName,
  type TaskPolicyName,
} from '../model/task-policies.js';

/** One LookupEvents result, as the adapter hands it over (SDK types stay in src/aws). */
export interface LookedUpEvent {
  eventId: string;
  eventName: string;
  eventTime: Date | undefined;
  eventSource: string | undefined;
  /** The full CloudTrail record as a JSON string (LookupEvents' CloudTrailEvent). */
  cloudTrailEvent: string | undefined;
}

export interface AssumeRootRecord {
  eventId: string;
  /** ISO 8601, seconds precision. */
  time: string;
  region: string | null;
  /** The caller: the assumed-role session ARN (or user ARN). */
  principalArn: string | null;
  /** The IAM role behind the session (sessionContext.sessionIssuer.arn), when the caller is a role session. */
  sessionIssuerArn: string | null;
  callerAccountId: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  targetAccountId: string | null;
  taskPolicyArn: string | null;
  taskPolicy: TaskPolicyName | null;
  task: TaskName | null;
  outcome: 'success' | 'failed';
  errorCode: string | null;
  errorMessage: string | null;
  /** Access key of the root session (responseElements.credentials.accessKeyId), when the call succeeded. */
  sessionAccessKeyId: string | null;
}

export interface SessionCall {
  eventId: string;
  time: string;
  eventName: string;
  eventSource: string | null;
  region: string | null;
  accountId: string | null;
  errorCode: string | null;
  /**
   * CloudTrail marked the call as made with AssumeRoot credentials
   * (`userIdentity.sessionContext.assumedRoot` "true", as AWS's samples show).
   */
  assumedRoot: boolean;
}

type Json = Record<string, unknown>;

function obj(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

function parseRecord(e: LookedUpEvent): Json {
  if (!e.cloudTrailEvent) return {};
  try {
    return obj(JSON.parse(e.cloudTrailEvent));
  } catch {
    return {};
  }
}

export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function timeOf(e: LookedUpEvent, record: Json): string {
  const fromRecord = str(record.eventTime);
  if (fromRecord && !Number.isNaN(Date.parse(fromRecord))) return isoSeconds(new Date(fromRecord));
  return e.eventTime ? isoSeconds(e.eventTime) : '';
}

/** `222222222222` or `arn:aws:iam::222222222222:root` -> the account id. */
export function targetAccountOf(targetPrincipal: string | null): string | null {
  if (targetPrincipal === null) return null;
  if (/^\d{12}$/.test(targetPrincipal)) return targetPrincipal;
  return /^arn:[a-z-]+:iam::(\d{12}):root$/.exec(targetPrincipal)?.[1] ?? null;
}

/** Parses an AssumeRoot event; undefined for any other event. */
export function parseAssumeRootEvent(e: LookedUpEvent): AssumeRootRecord | undefined {
  const record = parseRecord(e);
  const name = str(record.eventName) ?? e.eventName;
  if (name !== 'AssumeRoot') return undefined;
  const identity = obj(record.userIdentity);
  const issuer = obj(obj(identity.sessionContext).sessionIssuer);
  const request = obj(record.requestParameters);
  const taskPolicyArn = str(obj(request.taskPolicyArn).arn);
  const taskPolicy = taskPolicyArn ? (taskPolicyNameOf(taskPolicyArn) ?? null) : null;
  const errorCode = str(record.errorCode);
  return {
    eventId: str(record.eventID) ?? e.eventId,
    time: timeOf(e, record),
    region: str(record.awsRegion),
    principalArn: str(identity.arn),
    sessionIssuerArn: str(issuer.arn),
    callerAccountId: str(identity.accountId) ?? str(record.recipientAccountId),
    sourceIp: str(record.sourceIPAddress),
    userAgent: str(record.userAgent),
    targetAccountId: targetAccountOf(str(request.targetPrincipal)),
    taskPolicyArn,
    taskPolicy,
    task: taskPolicy ? taskOfPolicy(taskPolicy) : null,
    outcome: errorCode ? 'failed' : 'success',
    errorCode,
    errorMessage: str(record.errorMessage),
    sessionAccessKeyId: errorCode ? null : str(obj(obj(record.responseElements).credentials).accessKeyId),
  };
}

/** Parses an event made with a root session's key (any service). */
export function parseSessionCall(e: LookedUpEvent): SessionCall {
  const record = parseRecord(e);
  return {
    eventId: str(record.eventID) ?? e.eventId,
    time: timeOf(e, record),
    eventName: str(record.eventName) ?? e.eventName,
    eventSource: str(record.eventSource) ?? e.eventSource ?? null,
    region: str(record.awsRegion),
    accountId: str(record.recipientAccountId) ?? str(obj(record.userIdentity).accountId),
    errorCode: str(record.errorCode),
    assumedRoot: str(obj(obj(record.userIdentity).sessionContext).assumedRoot) === 'true',
  };
}
