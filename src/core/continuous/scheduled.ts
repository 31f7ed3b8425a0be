/**
 * The scheduled audit (the Lambda's use case): audit, keep the evidence in S3, compare with the
 * previous report kept there (no database needed), alert the SNS topic on regressions, send the
 * findings to Security Hub, and optionally close overdue exceptions. Pure: every outside call is a
 * port or a function handed in.
 *
 * Bucket layout under `prefix` (default `rootctl/`):
 *   reports/<time>.json   the AuditReport (the next run's baseline)
 *   reports/<time>.html   the HTML report
 *   diffs/<time>.json     the diff against the previous report, when there was one
 */
import { diffAudits, type AuditDiff } from '../audit/diff.js';
import type { AuditReport } from '../audit/model.js';
import type { FailureKind } from '../concurrency/retry.js';
import { RootctlError } from '../errors.js';
import type { NotifierPort, ReportBucketPort, SecurityHubPort } from '../ports.js';
import { renderHtml } from '../report/html.js';
import { alertMessage, alertsOf, alertSubject, type Alert } from './alerts.js';
import { syncSecurityHub, type SecurityHubSyncResult } from './securityhub-sync.js';

export interface ScheduledAuditDeps {
  /** Runs the audit (with overdue exceptions flagged when a database is configured). */
  audit(): Promise<AuditReport>;
  bucket: ReportBucketPort;
  notifier?: NotifierPort | undefined;
  securityHub?: SecurityHubPort | undefined;
  /**
   * Closes overdue root-task exceptions (`rootctl exception enforce`, issue 13). Left undefined until
   * the library has that use case; the result is reported as given.
   */
  enforceExceptions?: (() => Promise<unknown>) | undefined;
  classify: (e: unknown) => FailureKind;
}

export interface ScheduledAuditOptions {
  /** Key prefix in the bucket; default `rootctl/`. */
  prefix?: string | undefined;
}

export interface ScheduledAuditResult {
  organizationId: string;
  generatedAt: string;
  summary: AuditReport['summary'];
  reportKey: string;
  /** The previous report the diff was made against; absent on the first run. */
  baselineKey?: string | undefined;
  diffKey?: string | undefined;
  changes: number;
  alerts: Alert[];
  notified: boolean;
  securityHub?: SecurityHubSyncResult | undefined;
  enforce?: unknown;
}

/** `2025-06-02T09:30:00.123Z` -> `2025-06-02T09-30-00.123Z` (sortable, no colons in keys). */
export const keyTime = (iso: string): string => iso.replace(/:/g, '-');

export async function runScheduledAudit(
  deps: ScheduledAuditDeps,
  options: ScheduledAuditOptions = {},
): Promise<ScheduledAuditResult> {
  const prefix = options.prefix ?? 'rootctl/';
  // The baseline is read before the audit: a bucket we cannot read should fail before minutes of work.
  const baseline = await previousReport(deps.bucket, prefix);
  const enforce = deps.enforceExceptions ? await deps.enforceExceptions() : undefined;
  const report = await deps.audit();
  const stamp = keyTime(report.generatedAt);
  const reportKey = `${prefix}reports/${stamp}.json`;
  const diff: AuditDiff | undefined =
    baseline && baseline.report.organizationId === report.organizationId
      ? diffAudits(baseline.report, report, {
          commonAccountsOnly: baseline.report.metadata.scope !== report.metadata.scope,
        })
      : undefined;
  await deps.bucket.putObject(reportKey, JSON.stringify(report), 'application/json');
  await deps.bucket.putObject(
    `${prefix}reports/${stamp}.html`,
    renderHtml(report),
    'text/html; charset=utf-8',
  );
  const diffKey = diff ? `${prefix}diffs/${stamp}.json` : undefined;
  if (diff && diffKey) await deps.bucket.putObject(diffKey, JSON.stringify(diff), 'application/json');
  const alerts = alertsOf(report, diff);
  let notified = false;
  if (alerts.length && deps.notifier) {
    await deps.notifier.publish(alertSubject(report, alerts), alertMessage(report, alerts, reportKey));
    notified = true;
  }
  const securityHub = deps.securityHub
    ? await syncSecurityHub(deps.securityHub, report, { classify: deps.classify })
    : undefined;
  return {
    organizationId: report.organizationId,
    generatedAt: report.generatedAt,
    summary: report.summary,
    reportKey,
    baselineKey: baseline?.key,
    diffKey,
    changes: diff?.changes.length ?? 0,
    alerts,
    notified,
    securityHub,
    ...(enforce === undefined ? {} : { enforce }),
  };
}

/** The newest `reports/*.json` in the bucket, parsed; undefined when there is none. */
export async function previousReport(
  bucket: ReportBucketPort,
  prefix: string,
): Promise<{ key: string; report: AuditReport } | undefined> {
  const keys = (await bucket.listKeys(`${prefix}reports/`)).filter((k) => k.endsWith('.json')).sort();
  const key = keys[keys.length - 1];
  if (key === undefined) return undefined;
  const text = await bucket.getObject(key);
  if (text === undefined) return undefined;
  try {
    const report = JSON.parse(text) as AuditReport;
    if (report.schemaVersion !== 1 || !Array.isArray(report.accounts)) throw new Error('not an audit report');
    return { key, report };
  } catch (e) {
    throw new RootctlError(
      'InvalidInput',
      `The previous report ${key} in the bucket is not a rootctl audit report (${e instanceof Error ? e.message : String(e)}).`,
      { hint: 'Move it out of the reports/ prefix, or point the function at another prefix.' },
    );
  }
}
