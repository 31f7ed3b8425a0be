/** `rootctl audit`'s flags: declared, and checked before any AWS call (exit 2). */
import { Option, type Command } from 'commander';
import { addAwsOptions, type AwsOptions } from './options.js';
import { AUDIT_OUTPUTS, type AuditOutput } from '../core/report/formats.js';
import { DB_OPTION_HELP } from './commands/remediate-shared.js';
import type { AuditScope } from '../core/audit/types.js';
import { DEFAULT_CONCURRENCY } from '../core/audit/run.js';
import { FAIL_ON, type FailOn } from '../core/audit/verdict.js';
import { RootctlError } from '../core/errors.js';
import { parseAccountList, parseOuId } from '../core/model/account-id.js';

export function parseFailOn(value: string | undefined): Set<FailOn> {
  const out = new Set<FailOn>();
  if (value === undefined) return out;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!items.length)
    throw new RootctlError('InvalidInput', `--fail-on needs one of: ${FAIL_ON.join(', ')} (it was empty).`);
  for (const v of items) {
    if (!(FAIL_ON as readonly string[]).includes(v))
      throw new RootctlError('InvalidInput', `--fail-on '${v}' is not one of: ${FAIL_ON.join(', ')}.`);
    out.add(v as FailOn);
  }
  return out;
}

export function parseScope(opts: { accounts?: string | undefined; ou?: string | undefined }): AuditScope {
  if (opts.accounts !== undefined && opts.ou !== undefined)
    throw new RootctlError('UsageError', 'Give either --accounts or --ou, not both.');
  if (opts.accounts !== undefined) return { kind: 'accounts', ids: parseAccountList(opts.accounts) };
  if (opts.ou !== undefined) return { kind: 'ou', id: parseOuId(opts.ou) };
  return { kind: 'organization' };
}

export interface AuditOpts extends AwsOptions {
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

export function addAuditOptions(cmd: Command): Command {
  cmd
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
  return addAwsOptions(cmd);
}
