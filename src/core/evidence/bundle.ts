/**
 * The files of an evidence bundle, built purely from what the journal, the history and CloudTrail
 * returned. The manifest (with each file's SHA-256) is added by the use case, which hashes the bytes
 * it writes (src/app/evidence.ts).
 */
import type { AssumeRootRecord } from '../activity/records.js';
import { auditEvidenceHtml, runEvidenceHtml, type EvidencePageMeta } from './html.js';
import {
  EVIDENCE_SCHEMA_VERSION,
  type AuditEvidenceInput,
  type EvidenceCloudTrail,
  type EvidenceFile,
  type EvidenceTrailEvent,
  type RunEvidenceInput,
} from './types.js';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function trailEvent(r: AssumeRootRecord): EvidenceTrailEvent {
  return {
    eventId: r.eventId,
    time: r.time,
    targetAccountId: r.targetAccountId,
    taskPolicy: r.taskPolicy,
    principalArn: r.principalArn,
    sessionAccessKeyId: r.sessionAccessKeyId,
    outcome: r.outcome,
    errorCode: r.errorCode,
  };
}

type TrailWindow = { region: string; since: string; until: string; note?: string | undefined };

/** cloudtrail.json when the lookup ran: the window asked, the events kept, the sessions not found. */
function lookedUpTrail(
  window: TrailWindow,
  events: readonly AssumeRootRecord[],
  unmatchedSessionAccessKeyIds: string[],
): EvidenceCloudTrail {
  return {
    schemaVersion: EVIDENCE_SCHEMA_VERSION,
    kind: 'rootctl.evidence-cloudtrail',
    lookedUp: true,
    note: window.note ?? null,
    region: window.region,
    since: window.since,
    until: window.until,
    events: events.map(trailEvent),
    unmatchedSessionAccessKeyIds,
  };
}

/** The AssumeRoot events that opened the journal's root sessions (by session access key id). */
export function runTrail(
  records: readonly AssumeRootRecord[],
  sessionKeys: readonly string[],
  window: TrailWindow,
): EvidenceCloudTrail {
  const wanted = new Set(sessionKeys);
  const events = records.filter((r) => r.sessionAccessKeyId !== null && wanted.has(r.sessionAccessKeyId));
  const found = new Set(events.map((e) => e.sessionAccessKeyId));
  return lookedUpTrail(window, events, [...wanted].filter((k) => !found.has(k)).sort());
}

/** An audit's AssumeRoot events: its caller's audit-task sessions within the audit's time window. */
export function auditTrail(
  records: readonly AssumeRootRecord[],
  callerArn: string,
  window: TrailWindow,
): EvidenceCloudTrail {
  const events = records.filter(
    (r) =>
      r.principalArn === callerArn &&
      r.taskPolicy === 'IAMAuditRootUserCredentials' &&
      r.time >= window.since.slice(0, 19) &&
      r.time <= window.until,
  );
  return lookedUpTrail(window, events, []);
}

/** cloudtrail.json when nothing was looked up, saying why. */
export function trailNotLookedUp(note: string, since: string, until: string): EvidenceCloudTrail {
  return {
    schemaVersion: EVIDENCE_SCHEMA_VERSION,
    kind: 'rootctl.evidence-cloudtrail',
    lookedUp: false,
    note,
    region: null,
    since,
    until,
    events: [],
    unmatchedSessionAccessKeyIds: [],
  };
}

type Meta = Omit<EvidencePageMeta, 'files'>;

export function runEvidenceFiles(input: RunEvidenceInput, meta: Meta): EvidenceFile[] {
  const files: EvidenceFile[] = [
    {
      name: 'journal.json',
      content: json({
        schemaVersion: EVIDENCE_SCHEMA_VERSION,
        kind: 'rootctl.evidence-journal',
        run: input.run,
        steps: input.steps,
      }),
    },
  ];
  if (input.plan) files.push({ name: 'plan.json', content: json(input.plan) });
  if (input.before) files.push({ name: 'audit-before.json', content: json(input.before.report) });
  if (input.after) files.push({ name: 'audit-after.json', content: json(input.after.report) });
  if (input.diff) files.push({ name: 'diff.json', content: json(input.diff) });
  files.push({ name: 'cloudtrail.json', content: json(input.cloudTrail) });
  const names = [...files.map((f) => f.name), 'evidence.html'];
  files.push({ name: 'evidence.html', content: runEvidenceHtml(input, { ...meta, files: names }) });
  return files;
}

export function auditEvidenceFiles(input: AuditEvidenceInput, meta: Meta): EvidenceFile[] {
  const files: EvidenceFile[] = [{ name: 'audit.json', content: json(input.report) }];
  if (input.diff) files.push({ name: 'diff.json', content: json(input.diff) });
  files.push({ name: 'cloudtrail.json', content: json(input.cloudTrail) });
  const names = [...files.map((f) => f.name), 'evidence.html'];
  files.push({ name: 'evidence.html', content: auditEvidenceHtml(input, { ...meta, files: names }) });
  return files;
}
