/**
 * What `rootctl audit` prints after the report: the diff against the previous audit and the
 * Security Hub export's summary.
 */
import type { RecordedAudit } from '../app/audit-record.js';
import type { AwsOptions } from './options.js';
import type { AuditOutput } from '../core/report/formats.js';
import { RootctlError } from '../core/errors.js';
import { isDiffOutput, renderDiff } from '../core/report/diff-formats.js';
import { renderDiffTable } from '../core/report/table-diff.js';
import { VERSION } from '../version.js';
import type { CliIo } from './io.js';
import { tablePaint } from './report-output.js';

/**
 * The diff. Under a table report it follows on stdout. When the report goes to --out, stdout is free
 * and the diff is printed there in the report's format (json, csv, html; a table for ocsf/asff), so
 * `--out audit.csv > drift.csv` exports both. When the report itself is on stdout, a table on stderr.
 */
export function printDiff(
  io: CliIo,
  report: RecordedAudit,
  output: AuditOutput,
  out: string | undefined,
): void {
  const toStdout = output === 'table' || out !== undefined;
  const machine = toStdout && output !== 'table' && isDiffOutput(output);
  if (!report.diff) {
    const line = `rootctl: no earlier audit of ${report.organizationId} in the history to compare with.`;
    if (toStdout && !machine) io.out(line);
    else io.err(line);
    return;
  }
  if (machine) return io.out(renderDiff(report.diff, output, { rootctlVersion: VERSION }));
  const text = renderDiffTable(report.diff, toStdout ? { paint: tablePaint(io) } : {});
  if (toStdout) io.out((output === 'table' ? '\n' : '') + text);
  else io.err(text);
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
