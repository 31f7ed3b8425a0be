/**
 * What the scheduled audit tells the SNS topic: accounts that regained root credentials (or gained
 * more), new accounts that arrived with them, and root-task exceptions past their expiry. Nothing
 * else is worth waking someone for; the full report is in the bucket.
 */
import type { AuditDiff } from '../audit/diff.js';
import type { AuditReport } from '../audit/model.js';

export type AlertKind = 'regained' | 'new-account-with-credentials' | 'exception-overdue';

export interface Alert {
  kind: AlertKind;
  accountId: string;
  accountName: string;
  ouPath: string;
  /** One line naming the account and what happened. */
  text: string;
}

export function alertsOf(report: AuditReport, diff: AuditDiff | undefined): Alert[] {
  const alerts: Alert[] = [];
  const base = (a: { accountId: string; accountName: string; ouPath: string }) => ({
    accountId: a.accountId,
    accountName: a.accountName,
    ouPath: a.ouPath,
  });
  for (const c of diff?.changes ?? []) {
    const name = `${c.accountName} (${c.accountId}, ${c.ouPath})`;
    if (c.kind === 'regained' || c.kind === 'credentials-added')
      alerts.push({
        kind: 'regained',
        ...base(c),
        text: `${name} ${c.kind === 'regained' ? 'regained' : 'gained more'} root credentials: ${c.added.join(', ')}`,
      });
    else if (c.kind === 'added' && c.after === 'non_compliant')
      alerts.push({
        kind: 'new-account-with-credentials',
        ...base(c),
        text: `${name} is new in the organization and its root user has credentials`,
      });
  }
  for (const a of report.accounts) {
    if (!a.overdueException) continue;
    alerts.push({
      kind: 'exception-overdue',
      ...base(a),
      text: `${a.accountName} (${a.accountId}, ${a.ouPath}): the ${a.overdueException.task} exception expired at ${a.overdueException.expiresAt} and is still open`,
    });
  }
  return alerts;
}

/** SNS Subject: ASCII, at most 100 characters (SNS Publish API reference). */
export function alertSubject(report: AuditReport, alerts: readonly Alert[]): string {
  const n = (k: AlertKind) => alerts.filter((a) => a.kind === k).length;
  const parts = [
    n('regained') && `${n('regained')} regained root credentials`,
    n('new-account-with-credentials') && `${n('new-account-with-credentials')} new with root credentials`,
    n('exception-overdue') && `${n('exception-overdue')} exceptions overdue`,
  ].filter(Boolean);
  return `rootctl ${report.organizationId}: ${parts.join(', ')}`.replace(/[^\x20-\x7e]/g, '?').slice(0, 100);
}

export function alertMessage(report: AuditReport, alerts: readonly Alert[], reportKey: string): string {
  return [
    `rootctl audit of ${report.organizationId} at ${report.generatedAt}:`,
    ...alerts.map((a) => `- ${a.text}`),
    '',
    `Summary: ${report.summary.compliant} compliant, ${report.summary.non_compliant} non-compliant, ${report.summary.error} error, ${report.summary.skipped} skipped.`,
    `Report: ${reportKey}`,
  ].join('\n');
}
