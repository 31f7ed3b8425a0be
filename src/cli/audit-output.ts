/**
 * What `rootctl audit` prints after the report: the diff against the previous audit and the
 * Security Hub export's summary.
 */
import type { RecordedAudit } from '../app/audit-record.js';
import type { AwsOptions } from './options.js';
import type { AuditOutput } from '../core/report/formats.js';
import { RootctlError } from '../core/errors.js';
import { renderDiffTable } from '../core/report/table-diff.js';
import type { CliIo } from './io.js';
import { tablePaint } from './report-output.js';

/** The diff: to stdout under a table report (or one written to --out), else to stderr. */
export function printDiff(
  io: CliIo,
  report: RecordedAudit,
  output: AuditOutput,
  out: string | undefined,
): void {
  // The report owns stdout when it is machine-readable; the diff then goes to stderr.
  const toStdout = output === 'table' || out !== undefined;
  const print = (text: string) => (toStdout ? io.out(text) : io.err(text));
  if (!report.diff) {
    print(`rootctl: no earlier audit of ${report.organizationId} in the history to compare with.`);
    return;
  }
  print(
    (toStdout && output === 'table' ? '\n' : '') +
      renderDiffTable(report.diff, toStdout ? { paint: tablePaint(io) } : {}),
  );
}

/** `--to securityhub`: the findings go to Security Hub after the report is written (stderr summary). */
export async function sendToSecurityHub(io: CliIo, report: RecordedAudit, opts: AwsOptions): Promise<void> {
  const { exportToSecurityHub } = await import('../app/securityhub.js');
  const r = await exportToSecurityHub(report, {
    region: opts.region,
    profile: opts.profile,
    endpoint: opts.endpointUrl,
  });
  io.err(
    `rootctl: Security Hub: ${r.active} active finding(s) imported, ${r.resolved} resolved, in ${r.batches} batch(es) under ${r.productArn}` +
      (r.failed.length
        ? `; ${r.failed.length} refused, first: ${r.failed[0]!.code} ${r.failed[0]!.message}`
        : ''),
  );
  if (r.failed.length)
    throw new RootctlError('AwsError', `Security Hub refused ${r.failed.length} finding(s).`, {
      hint: 'The report was written; fix the cause above and run the audit again (finding ids are stable).',
    });
}
