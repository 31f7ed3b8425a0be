/** `rootctl guardrails scp [--check]`: the recommended SCPs, and a check of the organization's SCPs. */
import { Option, type Command } from 'commander';
import type { CliIo } from '../io.js';
import { addAwsOptions, connectionFrom, type AwsOptions } from '../options.js';
import { ExitCode, RootctlError } from '../../core/errors.js';
import { scpListingArtifact } from '../../core/guardrails/artifacts.js';
import { scpCheckRequest } from '../../core/guardrails/org-scp-check.js';
import { renderScpCheckJson, renderScpCheckTable } from '../../core/guardrails/scp-render.js';
import { emitArtifact, partitionOption, printArtifact } from './guardrails-shared.js';

interface ScpOpts extends AwsOptions {
  operatorRoleArns?: string;
  partition: string;
  name?: string;
  check?: boolean;
  output?: 'json' | 'table';
  out?: string;
}

async function check(io: CliIo, opts: ScpOpts, setExit: (code: number) => void): Promise<void> {
  if (opts.name !== undefined)
    throw new RootctlError(
      'UsageError',
      '--name selects a recommended SCP to print; it cannot be combined with --check.',
    );
  scpCheckRequest(opts);
  const { checkOrganizationScps } = await import('../../app/guardrails.js');
  const { report, context, hasFindings } = await checkOrganizationScps({
    ...connectionFrom(opts),
    operatorRoleArns: opts.operatorRoleArns,
    partition: opts.partition,
  });
  const json = (opts.output ?? 'table') === 'json';
  emitArtifact(
    io,
    json ? renderScpCheckJson(report, context) : renderScpCheckTable(report, context),
    opts.out,
  );
  setExit(hasFindings ? ExitCode.Findings : ExitCode.Ok);
}

export function registerScpCommand(g: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = g
    .command('scp')
    .description(
      'Recommended SCPs (what each protects and breaks); --check reports which are in place and which SCPs block root sessions',
    )
    .option(
      '--operator-role-arns <arns>',
      'role ARNs that may call AssumeRoot (adds DenyAssumeRootExceptOperators)',
    )
    .addOption(partitionOption())
    .option(
      '--name <name>',
      'print only this SCP document, ready for `aws organizations create-policy --content`',
    )
    .option('--check', "read the organization's SCPs and report (exit 1 on findings)")
    .addOption(
      new Option(
        '-o, --output <format>',
        'json (default when generating) or table (default with --check)',
      ).choices(['json', 'table']),
    )
    .option('--out <file>', 'write to this file instead of stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  rootctl guardrails scp                                  # every recommended SCP, as JSON\n  rootctl guardrails scp --name DenyRootUserExceptRootSessions --out deny-root.json\n  rootctl guardrails scp --check --profile security       # exit 1 when an SCP blocks root sessions',
    );
  addAwsOptions(cmd).action(async (opts: ScpOpts) =>
    opts.check ? check(io, opts, setExit) : printArtifact(io, scpListingArtifact(opts), opts.out),
  );
}
