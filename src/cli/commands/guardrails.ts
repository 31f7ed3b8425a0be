/**
 * `rootctl guardrails operator-policy | alerting | scp`: generate the least-privilege operator policy,
 * alerting templates and recommended SCPs (printed to stdout, or --out FILE), and check existing SCPs.
 */
import { Option, type Command } from 'commander';
import type { CommandSpec } from '../main.js';
import type { CliIo } from '../io.js';
import { RootctlError } from '../../core/errors.js';
import { parseAccountList } from '../../core/model/account-id.js';
import type { Partition } from '../../core/model/arn.js';
import { policyForTask, taskPolicyArn } from '../../core/model/task-policies.js';
import {
  alertingCloudFormation,
  alertingDeploymentNote,
  alertingTerraform,
} from '../../core/guardrails/alerting.js';
import {
  parseEmail,
  parseOrgId,
  parsePartition,
  parseRoleName,
  parseSnsTopicArn,
  parseTaskList,
  parseTrustedPrincipalArn,
} from '../../core/guardrails/inputs.js';
import { buildOperatorPolicy, operatorPolicySizeWarning } from '../../core/guardrails/operator-policy.js';
import {
  operatorRoleCloudFormation,
  operatorRoleTerraform,
  WHERE_TO_DEPLOY_ROLE,
} from '../../core/guardrails/operator-role.js';
import { registerScpCommand } from './guardrails-scp.js';
import { emitArtifact, note, partitionOption } from './guardrails-shared.js';

interface OperatorPolicyOpts {
  tasks: string;
  accounts?: string;
  orgId?: string;
  partition: string;
  format: 'json' | 'cloudformation' | 'terraform';
  trustedPrincipal?: string;
  roleName: string;
  out?: string;
}

function operatorPolicy(io: CliIo, opts: OperatorPolicyOpts, partitionGiven: boolean): void {
  const tasks = parseTaskList(opts.tasks);
  const accounts = opts.accounts === undefined ? undefined : parseAccountList(opts.accounts);
  const orgId = opts.orgId === undefined ? undefined : parseOrgId(opts.orgId);
  let partition: Partition = parsePartition(opts.partition);
  const trusted =
    opts.trustedPrincipal === undefined ? undefined : parseTrustedPrincipalArn(opts.trustedPrincipal);
  if (trusted) {
    if (partitionGiven && trusted.partition !== partition) {
      throw new RootctlError(
        'InvalidArn',
        `--trusted-principal is in partition '${trusted.partition}' but --partition is '${partition}'.`,
      );
    }
    partition = trusted.partition as Partition;
  }
  const roleName = parseRoleName(opts.roleName);
  const policy = buildOperatorPolicy({ tasks, accounts, orgId, partition });
  const tooBig = operatorPolicySizeWarning(policy);
  if (tooBig) io.err(`rootctl: warning: ${tooBig}`);
  const summary = [
    `AssumeRoot task policies: ${tasks.map((t) => taskPolicyArn(policyForTask(t), partition)).join(', ')}`,
    `Target accounts: ${accounts ? accounts.join(', ') : 'any member account'}${orgId ? ` of organization ${orgId}` : ''}`,
  ];
  if (opts.format === 'json') {
    if (trusted)
      io.err('rootctl: note: --trusted-principal is used only with --format cloudformation|terraform.');
    emitArtifact(io, JSON.stringify(policy, null, 2), opts.out);
    io.err(note(['rootctl: identity policy for the operator role.', ...summary, ...WHERE_TO_DEPLOY_ROLE]));
    return;
  }
  if (!trusted) {
    throw new RootctlError(
      'UsageError',
      `--format ${opts.format} wraps the policy in a role and needs --trusted-principal <ARN> (who may assume the role).`,
    );
  }
  const o = { policy, trustedPrincipalArn: trusted.arn, roleName, summary };
  emitArtifact(
    io,
    opts.format === 'cloudformation' ? operatorRoleCloudFormation(o) : operatorRoleTerraform(o),
    opts.out,
  );
  io.err(note(['rootctl: operator role template.', ...WHERE_TO_DEPLOY_ROLE]));
}

interface AlertingOpts {
  format: 'cloudformation' | 'terraform';
  email?: string;
  snsTopicArn?: string;
  includeRootSignIn?: boolean;
  out?: string;
}

function alerting(io: CliIo, opts: AlertingOpts): void {
  const o = {
    email: opts.email === undefined ? undefined : parseEmail(opts.email),
    topicArn: opts.snsTopicArn === undefined ? undefined : parseSnsTopicArn(opts.snsTopicArn).arn,
    includeRootSignIn: opts.includeRootSignIn === true,
  };
  emitArtifact(
    io,
    opts.format === 'cloudformation' ? alertingCloudFormation(o) : alertingTerraform(o),
    opts.out,
  );
  io.err(note(['rootctl: alerting template.', ...alertingDeploymentNote(o)]));
}

export const guardrailsCommand: CommandSpec = {
  register(program, io, setExit) {
    const g = program
      .command('guardrails')
      .description(
        'Generate the operator policy, alerting and SCPs for centralized root access; check existing SCPs',
      )
      .addHelpText(
        'after',
        '\nExamples:\n  rootctl guardrails operator-policy --tasks audit,delete\n  rootctl guardrails alerting --format cloudformation --email secops@example.com\n  rootctl guardrails scp --check --profile security',
      );

    const op: Command = g
      .command('operator-policy')
      .description('Least-privilege identity policy (or role template) for the operator that runs rootctl')
      .option(
        '--tasks <list>',
        'tasks the operator may run: audit, delete, password-recovery, unlock-s3, unlock-sqs',
        'audit,delete',
      )
      .option('--accounts <ids>', 'only these target member accounts (comma-separated account ids)')
      .option('--org-id <id>', 'only accounts of this organization (aws:ResourceOrgID)')
      .addOption(partitionOption())
      .addOption(
        new Option('--format <format>', 'json policy, or a role template')
          .choices(['json', 'cloudformation', 'terraform'])
          .default('json'),
      )
      .option('--trusted-principal <arn>', 'who may assume the role (required with cloudformation/terraform)')
      .option('--role-name <name>', 'role name in the template', 'RootctlOperator')
      .option('--out <file>', 'write to this file instead of stdout')
      .addHelpText(
        'after',
        '\nExamples:\n  rootctl guardrails operator-policy --tasks audit,delete --org-id o-abcd123456\n  rootctl guardrails operator-policy --format cloudformation --trusted-principal arn:aws:iam::123456789012:role/Admin --out role.yaml',
      )
      .action((opts: OperatorPolicyOpts) =>
        operatorPolicy(io, opts, op.getOptionValueSource('partition') === 'cli'),
      );

    g.command('alerting')
      .description('EventBridge rule + SNS alert on sts:AssumeRoot (and optionally root console sign-in)')
      .addOption(
        new Option('--format <format>', 'template format')
          .choices(['cloudformation', 'terraform'])
          .makeOptionMandatory(),
      )
      .addOption(
        new Option('--email <address>', 'create a topic and subscribe this address').conflicts('snsTopicArn'),
      )
      .addOption(
        new Option('--sns-topic-arn <arn>', 'publish to this existing topic instead of a new one').conflicts(
          'email',
        ),
      )
      .option('--include-root-sign-in', 'also alert on console sign-in by a root user')
      .option('--out <file>', 'write to this file instead of stdout')
      .addHelpText(
        'after',
        '\nExamples:\n  rootctl guardrails alerting --format cloudformation --email secops@example.com --out alerting.yaml\n  rootctl guardrails alerting --format terraform --sns-topic-arn arn:aws:sns:us-east-1:123456789012:secops --include-root-sign-in',
      )
      .action((opts: AlertingOpts) => alerting(io, opts));

    registerScpCommand(g, io, setExit);
  },
};
