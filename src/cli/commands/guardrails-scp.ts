/** `rootctl guardrails scp [--check]`: the recommended SCPs, and a check of the organization's SCPs. */
import { Option, type Command } from 'commander';
import type { CliIo } from '../io.js';
import { addAwsOptions, awsContextFrom, type AwsOptions } from '../options.js';
import { ExitCode, RootctlError } from '../../core/errors.js';
import { IAM_SERVICE_PRINCIPAL } from '../../core/model/task-policies.js';
import { parsePartition, parseRoleArnList } from '../../core/guardrails/inputs.js';
import { checkScps, scpCheckHasFindings } from '../../core/guardrails/scp-check.js';
import {
  renderScpCheckJson,
  renderScpCheckTable,
  renderScpListingJson,
  renderScpListingTable,
  type ScpListing,
} from '../../core/guardrails/scp-render.js';
import { recommendedScps } from '../../core/guardrails/scps.js';
import { orgPartition } from '../../core/model/arn.js';
import { walkTree } from '../../core/org/tree.js';
import { emitArtifact, partitionOption } from './guardrails-shared.js';

interface ScpOpts extends AwsOptions {
  operatorRoleArns?: string;
  partition: string;
  name?: string;
  check?: boolean;
  output?: 'json' | 'table';
  out?: string;
}

function listing(io: CliIo, opts: ScpOpts): void {
  const partition = parsePartition(opts.partition);
  const operatorRoleArns =
    opts.operatorRoleArns === undefined ? undefined : parseRoleArnList(opts.operatorRoleArns);
  const l: ScpListing = {
    partition,
    scps: recommendedScps({ partition, operatorRoleArns }),
    omitted: operatorRoleArns
      ? []
      : [
          {
            id: 'deny-assume-root-except-operators',
            reason: 'pass --operator-role-arns <role ARNs> to include DenyAssumeRootExceptOperators',
          },
        ],
  };
  if (opts.name !== undefined) {
    const one = l.scps.find((s) => s.name === opts.name || s.id === opts.name);
    if (!one) {
      const hint =
        opts.name === 'DenyAssumeRootExceptOperators' || opts.name === 'deny-assume-root-except-operators'
          ? ' (it needs --operator-role-arns)'
          : '';
      throw new RootctlError(
        'UsageError',
        `No recommended SCP named '${opts.name}'${hint}; names: ${l.scps.map((s) => s.name).join(', ')}.`,
      );
    }
    emitArtifact(io, JSON.stringify(one.document, null, 2), opts.out);
    return;
  }
  emitArtifact(
    io,
    (opts.output ?? 'json') === 'json' ? renderScpListingJson(l) : renderScpListingTable(l),
    opts.out,
  );
  for (const o of l.omitted) io.err(`rootctl: note: ${o.id} left out: ${o.reason}.`);
}

async function check(io: CliIo, opts: ScpOpts, setExit: (code: number) => void): Promise<void> {
  if (opts.name !== undefined)
    throw new RootctlError(
      'UsageError',
      '--name selects a recommended SCP to print; it cannot be combined with --check.',
    );
  const partition = parsePartition(opts.partition);
  const operatorRoleArns =
    opts.operatorRoleArns === undefined ? undefined : parseRoleArnList(opts.operatorRoleArns);
  const ctx = await awsContextFrom(opts);
  try {
    const { organizationsReader } = await import('../../aws/organizations.js');
    const reader = organizationsReader(ctx.organizations);
    const org = await reader.describeOrganization();
    if (org.featureSet !== 'ALL') {
      throw new RootctlError(
        'ConsolidatedBillingOrganization',
        `Organization ${org.id} has only consolidated billing: it has no SCPs to check.`,
      );
    }
    const admins = await reader.listDelegatedAdministrators(IAM_SERVICE_PRINCIPAL);
    const scps = await reader.listScps();
    const rootId = (await reader.listRoots())[0]?.id;
    const tree = rootId === undefined ? undefined : await walkTree(reader, rootId);
    const report = checkScps(scps, {
      // The organization's own partition (from its ARN) decides; --partition only when it is not known.
      partition: org.arn ? orgPartition(org) : partition,
      tree,
      operatorRoleArns,
      managementAccountId: org.managementAccountId,
      delegatedAdminAccountId: admins[0]?.id,
      orgId: org.id,
    });
    const c = {
      organizationId: org.id,
      managementAccountId: org.managementAccountId,
      delegatedAdminAccountId: admins[0]?.id ?? null,
      scpCount: scps.length,
    };
    emitArtifact(
      io,
      (opts.output ?? 'table') === 'json' ? renderScpCheckJson(report, c) : renderScpCheckTable(report, c),
      opts.out,
    );
    setExit(scpCheckHasFindings(report) ? ExitCode.Findings : ExitCode.Ok);
  } finally {
    ctx.destroy();
  }
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
    opts.check ? check(io, opts, setExit) : listing(io, opts),
  );
}
