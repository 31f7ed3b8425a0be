/** Renders the activity report as a table, CSV or JSON (strings only; the CLI prints them). */
import { activityDocument, type ActivityEntry, type ActivityReport } from './report.js';

export const ACTIVITY_OUTPUTS = ['table', 'json', 'csv'] as const;
export type ActivityOutput = (typeof ACTIVITY_OUTPUTS)[number];

export function renderActivityJson(r: ActivityReport): string {
  return JSON.stringify(activityDocument(r), null, 2);
}

function callsText(s: ActivityEntry, max = 4): string {
  if (s.callsLookup === 'member-account') return 'in member account';
  if (s.calls === null) return '-';
  if (s.calls.length === 0) return 'none seen';
  const names = s.calls.map((c) => c.eventName + (c.errorCode ? ` (${c.errorCode})` : ''));
  return names.length <= max
    ? names.join(', ')
    : `${names.slice(0, max).join(', ')} (+${names.length - max})`;
}

function outcomeText(s: ActivityEntry): string {
  return s.outcome === 'success' ? 'ok' : `failed: ${s.errorCode ?? 'error'}`;
}

export function renderActivityTable(r: ActivityReport): string {
  const lines: string[] = [];
  const scope = `${r.region}, ${r.since.replace(/\.\d{3}Z$/, 'Z')} to ${r.until.replace(/\.\d{3}Z$/, 'Z')}${r.account ? `, target account ${r.account}` : ''}`;
  lines.push(`AssumeRoot calls recorded in the calling account (${scope})`);
  if (r.sessions.length === 0) {
    lines.push(
      '',
      'No AssumeRoot calls found. Event history is per Region: try --region for the other Regions operators use.',
    );
    return lines.join('\n');
  }
  const header = ['TIME', 'PRINCIPAL', 'SOURCE IP', 'TARGET', 'TASK POLICY', 'OUTCOME', 'CALLS IN SESSION'];
  if (r.allowedPrincipals) header.push('ALLOWED');
  const rows = r.sessions.map((s) => {
    const row = [
      s.time,
      s.principalArn ?? '?',
      s.sourceIp ?? '?',
      s.targetAccountId ?? '?',
      s.taskPolicy ?? s.taskPolicyArn ?? '?',
      outcomeText(s),
      callsText(s),
    ];
    if (r.allowedPrincipals) row.push(s.allowed ? 'yes' : 'NO');
    return row;
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (row: string[]) =>
    row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  lines.push('', fmt(header), ...rows.map(fmt), '');
  const s = r.summary;
  lines.push(
    `${s.total} call${s.total === 1 ? '' : 's'} (${s.succeeded} succeeded, ${s.failed} failed)` +
      (r.allowedPrincipals ? `; ${s.flagged} by principals not in --allowed-principals` : '') +
      '.',
  );
  if (r.sessions.some((x) => x.callsLookup === 'member-account')) {
    lines.push(
      '"in member account": a root session\'s calls are recorded in the CloudTrail of the account it acted in (IAM calls in us-east-1), not in this account\'s event history: read them there or from an organization trail.',
    );
  }
  return lines.join('\n');
}

function csvCell(v: string | number | boolean | null): string {
  const s = v === null ? '' : String(v);
  // Cells starting with = + - @ are prefixed so spreadsheets do not evaluate them as formulas.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const ACTIVITY_CSV_COLUMNS = [
  'time',
  'region',
  'principalArn',
  'sessionIssuerArn',
  'sourceIp',
  'targetAccountId',
  'taskPolicy',
  'taskPolicyArn',
  'outcome',
  'errorCode',
  'sessionAccessKeyId',
  'allowed',
  'calls',
] as const;

export function renderActivityCsv(r: ActivityReport): string {
  const rows = r.sessions.map((s) =>
    [
      s.time,
      s.region,
      s.principalArn,
      s.sessionIssuerArn,
      s.sourceIp,
      s.targetAccountId,
      s.taskPolicy,
      s.taskPolicyArn,
      s.outcome,
      s.errorCode,
      s.sessionAccessKeyId,
      s.allowed,
      s.calls === null ? null : s.calls.map((c) => c.eventName).join(';'),
    ]
      .map(csvCell)
      .join(','),
  );
  return [ACTIVITY_CSV_COLUMNS.join(','), ...rows].join('\n');
}

export function renderActivity(r: ActivityReport, output: ActivityOutput): string {
  return output === 'json'
    ? renderActivityJson(r)
    : output === 'csv'
      ? renderActivityCsv(r)
      : renderActivityTable(r);
}
