/**
 * Library: the scheduled audit (audit and record in S3, alert, Security Hub), the use case the
 * Lambda of `rootctl deploy scheduled-audit` runs. History lives in the bucket: the diff is computed
 * against the previous report stored there, so no database is needed. With `db`, overdue root-task
 * exceptions are read from it (read-only) and alerted on.
 */
import { createAwsContext } from '../aws/clients.js';
import { reportBucket } from '../aws/report-bucket.js';
import { securityHub } from '../aws/securityhub.js';
import { snsNotifier } from '../aws/sns.js';
import type { AccountAudit } from '../core/audit/model.js';
import type { AuditEvent, AuditScope } from '../core/audit/types.js';
import { runScheduledAudit, type ScheduledAuditResult } from '../core/continuous/scheduled.js';
import { auditOrganization, classifyAwsFailure, createAuditContexts } from './audit.js';
import type { AwsConnection } from './library.js';

export interface ScheduledAuditLibraryOptions extends AwsConnection {
  /** The S3 bucket for reports and diffs (in the caller's account). */
  bucket: string;
  /** Key prefix in the bucket; default `rootctl/`. */
  prefix?: string | undefined;
  /** SNS topic ARN to alert on regressions and overdue exceptions; none: no alerts. */
  topicArn?: string | undefined;
  /** Import the findings into Security Hub (BatchImportFindings); default false. */
  securityHub?: boolean | undefined;
  /**
   * Hook for `exception enforce` (issue 13): called before the audit, its result is returned as
   * `enforce`. The Lambda handler passes the library's enforce use case when the package has it.
   */
  enforceExceptions?: (() => Promise<unknown>) | undefined;
  /** A SQLite file or database URL whose overdue exceptions are flagged (read-only); default none. */
  db?: string | undefined;
  scope?: AuditScope | undefined;
  detail?: 'summary' | 'full' | undefined;
  concurrency?: number | undefined;
  onEvent?: ((event: AuditEvent) => void) | undefined;
}

export async function scheduledAudit(options: ScheduledAuditLibraryOptions): Promise<ScheduledAuditResult> {
  const aws = {
    profile: options.profile,
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
  };
  const ctx = createAwsContext(aws);
  const contexts = createAuditContexts({
    ...aws,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
  const hub = options.securityHub ? securityHub(ctx) : undefined;
  const notifier = options.topicArn ? snsNotifier(ctx, options.topicArn) : undefined;
  try {
    return await runScheduledAudit(
      {
        audit: async () => {
          const report = await auditOrganization(contexts, {
            scope: options.scope,
            detail: options.detail ?? 'full',
            concurrency: options.concurrency,
            onEvent: options.onEvent,
          });
          if (options.db !== undefined) await flagOverdue(options.db, report.accounts);
          return report;
        },
        bucket: reportBucket(ctx, options.bucket),
        notifier,
        securityHub: hub,
        enforceExceptions: options.enforceExceptions,
        classify: classifyAwsFailure,
      },
      { prefix: options.prefix },
    );
  } finally {
    hub?.destroy();
    notifier?.destroy();
    contexts.destroy();
    ctx.destroy();
  }
}

async function flagOverdue(location: string, accounts: AccountAudit[]): Promise<void> {
  const [{ openDb }, { flagOverdueExceptions }] = await Promise.all([
    import('../store/db.js'),
    import('../store/exceptions.js'),
  ]);
  // openDb refuses a database that does not exist (NoDatabase): a mistyped ROOTCTL_DB must not
  // silently turn the overdue-exception alerts off.
  const db = await openDb(location, { readonly: true });
  try {
    await flagOverdueExceptions(db, accounts);
  } finally {
    await db.close();
  }
}
