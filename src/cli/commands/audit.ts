/**
 * `rootctl audit`: the root credential state of every member account (or --accounts / --ou),
 * printed as a table, JSON, CSV or HTML, saved to the history database, optionally diffed against
 * the previous audit, with CI exit codes (--fail-on).
 */
import { accessSync, constants, existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { CommandSpec } from '../main.js';
import { paint, type CliIo } from '../io.js';
import { addAwsOptions, checkAwsOptions, type AwsOptions } from '../options.js';
import { interruptSignal } from '../interrupt.js';
import { AuditProgress } from '../progress.js';
import type { AuditReport } from '../../core/audit/model.js';
import { DEFAULT_CONCURRENCY } from '../../core/audit/run.js';
import type { AuditScope } from '../../core/audit/types.js';
import { ExitCode, RootctlError } from '../../core/errors.js';
import { parseAccountList, parseOuId } from '../../core/model/account-id.js';
import { renderAsff } from '../../core/findings/asff.js';
import { renderOcsf } from '../../core/findings/ocsf.js';
import { renderCsv } from '../../core/report/csv.js';
import { renderHtml } from '../../core/report/html.js';
import { renderJson } from '../../core/report/json.js';
import { renderTable, type Paint } from '../../core/report/table.js';
import { renderDiffTable } from '../../core/report/table-diff.js';
import { DB_OPTION_HELP, storePath } from './remediate-shared.js';
import { enforceBeforeAudit } from './exception-enforce.js';
import type { RecordedAudit } from '../../app/audit-record.js';

export const AUDIT_OUTPUTS = ['table', 'json', 'csv', 'html', 'ocsf', 'asff'] as const;
export type AuditOutput = (typeof AUDIT_OUTPUTS)[number];
const FAIL_ON = ['non-compliant', 'error'] as const;

interface AuditOpts extends AwsOptions {
  accounts?: string;
  ou?: string;
  detail: 'summary' | 'full';
  concurrency?: string;
  output: AuditOutput;
  out?: string;
  failOn?: string;
  db?: string;
  history: boolean;
  diff?: boolean;
  enforceExceptions?: boolean;
  quiet?: boolean;
  to?: 'securityhub';
}

export function parseConcurrencyCap(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CONCURRENCY;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 1000)
    throw new RootctlError('InvalidInput', `--concurrency '${value}' must be a whole number from 1 to 1000.`);
  return n;
}

export function parseFailOn(value: string | undefined): Set<(typeof FAIL_ON)[number]> {
  const out = new Set<(typeof FAIL_ON)[number]>();
  if (value === undefined) return out;
  if (!value.split(',').some((s) => s.trim()))
    throw new RootctlError('InvalidInput', `--fail-on needs one of: ${FAIL_ON.join(', ')} (it was empty).`);
  for (const v of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (!(FAIL_ON as readonly string[]).includes(v))
      throw new RootctlError('InvalidInput', `--fail-on '${v}' is not one of: ${FAIL_ON.join(', ')}.`);
    out.add(v as (typeof FAIL_ON)[number]);
  }
  return out;
}

function parseScope(opts: AuditOpts): AuditScope {
  if (opts.accounts !== undefined && opts.ou !== undefined)
    throw new RootctlError('UsageError', 'Give either --accounts or --ou, not both.');
  if (opts.accounts !== undefined) return { kind: 'accounts', ids: parseAccountList(opts.accounts) };
  if (opts.ou !== undefined) return { kind: 'ou', id: parseOuId(opts.ou) };
  return { kind: 'organization' };
}

export function tablePaint(io: Pick<CliIo, 'color'>): Paint {
  return (status, text) => {
    const colour = (
      {
        compliant: 'green',
        non_compliant: 'red',
        error: 'yellow',
        skipped: 'gray',
        bold: 'bold',
        dim: 'gray',
      } as const
    )[status];
    return paint(io, colour, text);
  };
}

export function renderReport(
  report: AuditReport,
  output: AuditOutput,
  io: Pick<CliIo, 'color'>,
  toFile: boolean,
): string {
  switch (output) {
    case 'json':
      return renderJson(report);
    case 'csv':
      return renderCsv(report);
    case 'html':
      return renderHtml(report);
    case 'ocsf':
      return renderOcsf(report);
    case 'asff':
      return renderAsff(report);
    case 'table':
      return renderTable(report, toFile ? {} : { paint: tablePaint(io) });
  }
}

/**
 * Checks that `--out` can be written before anything else runs (an audit can take minutes): its
 * directory exists and is writable, and it is not itself a directory.
 */
export function checkOutPath(out: string | undefined): void {
  if (out === undefined) return;
  const dir = dirname(resolve(out));
  const fail = (why: string) =>
    new RootctlError('InvalidInput', `--out ${out}: ${why}.`, {
      hint: 'Give a file in an existing, writable directory.',
    });
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw fail(`the directory ${dir} does not exist`);
  }
  if (!isDir) throw fail(`${dir} is not a directory`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw fail(`the directory ${dir} is not writable`);
  }
  if (existsSync(out)) {
    if (statSync(out).isDirectory()) throw fail('it is a directory');
    try {
      accessSync(out, constants.W_OK);
    } catch {
      throw fail('the file exists and is not writable');
    }
  }
}

/** Writes a rendered report to --out or stdout. */
export function emitReport(io: CliIo, text: string, out: string | undefined, what: string): void {
  if (out === undefined) {
    io.out(text);
    return;
  }
  try {
    writeFileSync(out, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o644 });
  } catch (e) {
    throw new RootctlError(
      'InvalidInput',
      `Cannot write ${out}: ${e instanceof Error ? e.message : String(e)}`,
      { hint: 'Check that the directory exists and is writable.' },
    );
  }
  io.err(`rootctl: wrote the ${what} to ${out}`);
}

async function run(io: CliIo, opts: AuditOpts, setExit: (code: number) => void): Promise<void> {
  // Everything the user typed is checked before any AWS call (exit 2).
  const scope = parseScope(opts);
  const concurrency = parseConcurrencyCap(opts.concurrency);
  const failOn = parseFailOn(opts.failOn);
  checkOutPath(opts.out);
  checkAwsOptions(opts);
  if (opts.output === 'html' && opts.out === undefined && io.progress)
    io.err('rootctl: note: HTML goes to stdout; use --out report.html to write a file.');
  // Overdue exceptions are closed first, so the audit shows the organization as enforcement left it.
  if (opts.enforceExceptions) await enforceBeforeAudit(io, { ...opts, db: storePath(opts) });
  const { auditAndRecord } = await import('../../app/audit-record.js');
  const { createAuditContexts } = await import('../../app/audit.js');
  const ctx = createAuditContexts({
    region: opts.region,
    profile: opts.profile,
    endpoint: opts.endpointUrl,
    concurrency,
  });
  const progress =
    io.progress && !opts.quiet
      ? new AuditProgress({ write: (s) => void process.stderr.write(s), columns: process.stderr.columns })
      : undefined;
  try {
    let report: RecordedAudit;
    try {
      // With --no-history (and no --diff) an existing database is still read, read-only, for overdue
      // exceptions; a missing one is not created.
      report = await auditAndRecord(ctx, {
        scope,
        detail: opts.detail,
        concurrency,
        onEvent: progress?.onEvent,
        signal: interruptSignal(),
        db: storePath(opts),
        save: opts.history,
        diff: opts.diff === true,
        onWarning: (text) => io.err(`rootctl: warning: ${text}`),
      });
    } finally {
      progress?.clear();
    }
    if (report.partial)
      io.err(
        `rootctl: interrupted: a partial report (${report.accounts.length} account(s) audited, ${report.partial.accountsNotAudited} not); not saved to the history.`,
      );
    emitReport(
      io,
      renderReport(report, opts.output, io, opts.out !== undefined),
      opts.out,
      `${opts.output} report`,
    );
    if (report.partial) {
      setExit(ExitCode.Interrupted);
      return;
    }
    if (report.diff !== undefined) printDiff(io, report, opts);
    if (opts.to === 'securityhub') await sendToSecurityHub(io, report, opts);
    setExit(exitCodeFor(io, report, failOn));
  } finally {
    ctx.destroy();
  }
}

/** `--to securityhub`: the findings go to Security Hub after the report is written (stderr summary). */
async function sendToSecurityHub(io: CliIo, report: AuditReport, opts: AuditOpts): Promise<void> {
  const { exportToSecurityHub } = await import('../../app/securityhub.js');
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

function printDiff(io: CliIo, report: RecordedAudit, opts: AuditOpts): void {
  // The report owns stdout when it is machine-readable; the diff then goes to stderr.
  const toStdout = opts.output === 'table' || opts.out !== undefined;
  const print = (text: string) => (toStdout ? io.out(text) : io.err(text));
  if (!report.diff) {
    print(`rootctl: no earlier audit of ${report.organizationId} in the history to compare with.`);
    return;
  }
  print(
    (toStdout && opts.output === 'table' ? '\n' : '') +
      renderDiffTable(report.diff, toStdout ? { paint: tablePaint(io) } : {}),
  );
}

/**
 * 3 when no account could be audited at all (every attempt failed: RootCredentialsManagement or trusted access off, caller not
 * allowed, ...) - the report is still printed and saved as evidence; else 1 for --fail-on; else 0.
 */
export function exitCodeFor(io: CliIo, report: AuditReport, failOn: Set<string>): number {
  const s = report.summary;
  if (s.error > 0 && s.compliant + s.non_compliant === 0) {
    const top = mostCommon(
      report.accounts
        .map((a) =>
          a.error?.diagnosis.replace(/^not attempted after the same denial for other accounts: /, ''),
        )
        .filter((d): d is string => d !== undefined),
    );
    io.err(`rootctl: no account could be audited (${s.error} error${s.error === 1 ? '' : 's'}): ${top}`);
    return ExitCode.Runtime;
  }
  if ((failOn.has('non-compliant') && s.non_compliant > 0) || (failOn.has('error') && s.error > 0)) {
    const what = [
      failOn.has('non-compliant') && s.non_compliant ? `${s.non_compliant} non-compliant` : '',
      failOn.has('error') && s.error ? `${s.error} error` : '',
    ]
      .filter(Boolean)
      .join(', ');
    io.err(`rootctl: --fail-on: ${what} account(s).`);
    return ExitCode.Findings;
  }
  return ExitCode.Ok;
}

function mostCommon(items: string[]): string {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'unknown';
}

export const auditCommand: CommandSpec = {
  register(program: Command, io, setExit) {
    const cmd = program
      .command('audit')
      .description(
        'Root credential state of every member account through AssumeRoot (IAMAuditRootUserCredentials)',
      )
      .option('--accounts <ids>', 'only these accounts (comma-separated 12-digit ids)')
      .option('--ou <id>', 'only accounts under this OU, recursively (ou-... or the root r-...)')
      .addOption(
        new Option(
          '--detail <level>',
          'summary: GetAccountSummary only; full: also login profile, keys with last use, certificates, MFA devices',
        )
          .choices(['summary', 'full'])
          .default('full'),
      )
      .option(
        '--concurrency <n>',
        `most accounts audited at once; the audit finds its own level below it (default ${DEFAULT_CONCURRENCY})`,
      )
      .addOption(
        new Option(
          '-o, --output <format>',
          'output format; ocsf: OCSF 1.8 Compliance Findings, asff: AWS Security Finding Format (one per account and check)',
        )
          .choices([...AUDIT_OUTPUTS])
          .default('table'),
      )
      .option('--out <file>', 'write the report to a file instead of stdout')
      .option(
        '--fail-on <what>',
        'exit 1 when accounts are non-compliant and/or in error: non-compliant, error, or both comma-separated',
      )
      .option('--db <file|url>', DB_OPTION_HELP)
      .option('--no-history', 'do not save this audit to the history database')
      .option(
        '--enforce-exceptions',
        'first close every overdue exception (as `rootctl exception enforce --yes`: root credentials deleted again)',
      )
      .option(
        '--diff',
        'also show what changed since the previous audit of the same scope (regained root credentials first)',
      )
      .addOption(
        new Option(
          '--to <destination>',
          'also send the findings there: securityhub (BatchImportFindings in the calling account, its default product)',
        ).choices(['securityhub']),
      )
      .option('-q, --quiet', 'no progress line on stderr');
    addAwsOptions(cmd);
    cmd.addHelpText(
      'after',
      [
        '',
        'Exit codes: 0 ran; 1 --fail-on matched; 2 bad input; 3 could not run or no account could be audited.',
        'Examples:',
        '  rootctl audit --profile security',
        '  rootctl audit --ou ou-ab12-cd34ef56 --detail summary --output csv --out root.csv',
        '  rootctl audit --output html --out audit.html --fail-on non-compliant',
        '  rootctl audit --diff',
        '  rootctl audit --output ocsf --out findings.json --to securityhub',
      ].join('\n'),
    );
    cmd.action((opts: AuditOpts) => run(io, opts, setExit));
  },
};
