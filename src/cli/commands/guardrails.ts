/**
 * `rootctl guardrails operator-policy | alerting | scp`: generate the least-privilege operator policy,
 * alerting templates and recommended SCPs (printed to stdout, or --out FILE), and check existing SCPs.
 */
import { Option, type Command } from 'commander';
import type { CommandSpec } from '../main.js';
import {
  alertingArtifact,
  operatorPolicyArtifact,
  type AlertingInput,
  type OperatorPolicyInput,
} from '../../core/guardrails/artifacts.js';
import { registerScpCommand } from './guardrails-scp.js';
import { partitionOption, printArtifact } from './guardrails-shared.js';

type OperatorPolicyOpts = OperatorPolicyInput & { partition: string; out?: string };
type AlertingOpts = AlertingInput & { out?: string };

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
        'tasks the operator may run: audit, delete, password-recovery, unlock-s3-bucket-policy, unlock-sqs-queue-policy',
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
      .action((opts: OperatorPolicyOpts) => {
        const partitionGiven = op.getOptionValueSource('partition') === 'cli';
        printArtifact(io, operatorPolicyArtifact({ ...opts, partitionGiven }), opts.out);
      });

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
      .action((opts: AlertingOpts) => printArtifact(io, alertingArtifact(opts), opts.out));

    registerScpCommand(g, io, setExit);
  },
};
