/**
 * `rootctl audit`: the root credential state of every member account (or --accounts / --ou),
 * printed as a table, JSON, CSV or HTML, saved to the history database, optionally diffed against
 * the previous audit, with CI exit codes (--fail-on). The audit-and-record use case
 * (src/app/audit-record.ts) does the work; this file parses, calls it and renders.
 */
import type { Command } from 'commander';
import type { CommandSpec } from '../main.js';
import type { CliIo } from '../io.js';
import { checkAwsOptions, connectionFrom, parseConcurrency } from '../options.js';
import { interruptSignal } from '../interrupt.js';
import { AuditProgress } from '../progress.js';
import { addAuditOptions, parseFailOn, parseScope, type AuditOpts } from '../audit-input.js';
import { printDiff, sendToSecurityHub } from '../audit-output.js';
import { checkOutPath, emitAuditReport } from '../report-output.js';
import { auditVerdict } from '../../core/audit/verdict.js';
import type { AuditReport } from '../../core/audit/model.js';
import { ExitCode } from '../../core/errors.js';
import { storePath } from './remediate-shared.js';
import { enforceBeforeAudit } from './exception-enforce.js';

async function run(io: CliIo, opts: AuditOpts, setExit: (code: number) => void): Promise<void> {
  // Everything the user typed is checked before any AWS call (exit 2).
  const [scope, concurrency, failOn] = [
    parseScope(opts),
    parseConcurrency(opts.concurrency),
    parseFailOn(opts.failOn),
  ];
  checkOutPath(opts.out);
  checkAwsOptions(opts);
  if (opts.output === 'html' && opts.out === undefined && io.progress)
    io.err('rootctl: note: HTML goes to stdout; use --out report.html to write a file.');
  // Overdue exceptions are closed first, so the audit shows the organization as enforcement left it.
  if (opts.enforceExceptions) await enforceBeforeAudit(io, { ...opts, db: storePath(opts) });
  const { auditAndRecord } = await import('../../app/audit-record.js');
  const { createAuditContexts } = await import('../../app/audit.js');
  const ctx = createAuditContexts({
    ...connectionFrom(opts),
    concurrency,
  });
  const progress =
    io.progress && !opts.quiet
      ? new AuditProgress({ write: (s) => void process.stderr.write(s), columns: process.stderr.columns })
      : undefined;
  try {
    // With --no-history (and no --diff) an existing database is still read, read-only, for overdue
    // exceptions; a missing one is not created.
    const report = await auditAndRecord(ctx, {
      ...{ scope, detail: opts.detail, concurrency, onEvent: progress?.onEvent, signal: interruptSignal() },
      partialOnListingFailure: true,
      ...{ db: storePath(opts), save: opts.history, diff: opts.diff === true },
      onWarning: (text) => io.err(`rootctl: warning: ${text}`),
    }).finally(() => progress?.clear());
    if (report.partial) io.err(`rootctl: ${partialLine(report.partial, report.accounts.length)}`);
    emitAuditReport(io, report, opts.output, opts.out);
    if (report.partial)
      return setExit(report.partial.reason === 'listing-failed' ? ExitCode.Runtime : ExitCode.Interrupted);
    if (report.diff !== undefined) printDiff(io, report, opts.output, opts.out);
    if (opts.to === 'securityhub') await sendToSecurityHub(io, report, opts);
    const verdict = auditVerdict(report, failOn);
    if (verdict.message) io.err(`rootctl: ${verdict.message}`);
    setExit(verdict.exitCode);
  } finally {
    ctx.destroy();
  }
}

/** The one line saying why a report is partial (interrupted, or the organization's listing failed). */
function partialLine(partial: NonNullable<AuditReport['partial']>, audited: number): string {
  if (partial.reason === 'listing-failed')
    return `${partial.error?.code ?? 'AwsError'}: the organization could not be listed in full (${partial.error?.message ?? 'listing failed'}); a partial report of ${audited} account(s) audited, not saved to the history.`;
  return `interrupted: a partial report (${audited} account(s) audited, ${partial.accountsNotAudited} not); not saved to the history.`;
}

export const auditCommand: CommandSpec = {
  register(program: Command, io, setExit) {
    const cmd = program
      .command('audit')
      .description(
        'Root credential state of every member account through AssumeRoot (IAMAuditRootUserCredentials)',
      );
    addAuditOptions(cmd).action((opts: AuditOpts) => run(io, opts, setExit));
  },
};
