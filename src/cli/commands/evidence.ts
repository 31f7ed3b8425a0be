/**
 * `rootctl evidence --run <run-id> | --audit <audit-id> --out <folder|file.zip>`: the evidence bundle
 * of a remediation run or a saved audit (src/app/evidence.ts), with a manifest of SHA-256 checksums
 * and one HTML page for auditors. Reads the journal and history; asks AWS only for the CloudTrail
 * AssumeRoot events and who makes the bundle (not with --no-cloudtrail).
 */
import type { CommandSpec } from '../main.js';
import type { CliIo } from '../io.js';
import {
  addAwsOptions,
  addOutputOption,
  checkAwsOptions,
  connectionFrom,
  type AwsOptions,
} from '../options.js';
import { RootctlError } from '../../core/errors.js';
import { addDbOption, checkDbFlag, type DbOptions } from './remediate-shared.js';

interface EvidenceOpts extends AwsOptions, DbOptions {
  run?: string;
  audit?: string;
  out: string;
  cloudtrail: boolean;
  output: 'table' | 'json';
}

function auditIdOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1)
    throw new RootctlError(
      'InvalidInput',
      `--audit '${value}' is not an audit id (a whole number; see \`rootctl history\`).`,
    );
  return Number(value);
}

async function run(io: CliIo, opts: EvidenceOpts): Promise<void> {
  if ((opts.run === undefined) === (opts.audit === undefined))
    throw new RootctlError('UsageError', 'Give either --run <run-id> or --audit <audit-id>.');
  const auditId = auditIdOf(opts.audit);
  if (opts.db !== undefined) checkDbFlag(opts.db);
  if (opts.cloudtrail) checkAwsOptions(opts);
  const { buildEvidence } = await import('../../app/evidence.js');
  const result = await buildEvidence({
    ...(opts.cloudtrail ? connectionFrom(opts) : {}),
    db: opts.db,
    runId: opts.run,
    auditId,
    out: opts.out,
    cloudtrail: opts.cloudtrail,
    onWarning: (t) => io.err(`rootctl: warning: ${t}`),
  });
  if (opts.output === 'json') io.out(JSON.stringify(result, null, 2));
  else
    io.out(
      `Evidence of ${result.manifest.subject.kind === 'run' ? `run ${result.manifest.subject.runId}` : `audit ${result.manifest.subject.auditId}`}: ${result.manifest.files.length + 1} files in ${result.out} (open evidence.html; manifest.json has every file's SHA-256).`,
    );
}

export const evidenceCommand: CommandSpec = {
  register(program, io) {
    const cmd = program
      .command('evidence')
      .description(
        'Bundle the evidence of a remediation run or a saved audit for an auditor (folder or .zip)',
      )
      .option('--run <run-id>', 'a run from `rootctl journal`')
      .option('--audit <audit-id>', 'a saved audit from `rootctl history`')
      .requiredOption('--out <path>', 'a new (or empty) folder, or a file ending in .zip; never overwritten')
      .option('--no-cloudtrail', 'do not look up the AssumeRoot events in CloudTrail (no AWS call at all)');
    cmd.addHelpText(
      'after',
      '\nExamples:\n  rootctl evidence --run run-20250301-120000-3fa9c1 --out evidence.zip\n  rootctl evidence --audit 12 --out ./audit-12-evidence --no-cloudtrail\n\nContents: docs/evidence.md.',
    );
    addOutputOption(cmd, ['table', 'json']);
    addAwsOptions(addDbOption(cmd)).action((opts: EvidenceOpts) => run(io, opts));
  },
};
