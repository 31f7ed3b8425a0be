/**
 * `rootctl deploy scheduled-audit`: writes the stack that runs the scheduled audit in the delegated
 * administrator account (CloudFormation or Terraform); `rootctl deploy package`: writes the Lambda
 * zip from the installed package. Neither calls AWS; you deploy with your own tooling.
 */
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { CommandSpec } from '../main.js';
import type { CliIo } from '../io.js';
import { RootctlError } from '../../core/errors.js';
import { stackOptions, type StackOpts } from '../deploy-input.js';
import { emitArtifact } from './guardrails-shared.js';

async function writeStack(io: CliIo, opts: StackOpts): Promise<void> {
  const options = stackOptions(opts);
  const text =
    opts.format === 'cloudformation'
      ? (await import('../../core/deploy/cloudformation.js')).scheduledAuditCloudFormation(options)
      : (await import('../../core/deploy/terraform.js')).scheduledAuditTerraform(options);
  emitArtifact(io, text, opts.out);
}

async function writePackage(io: CliIo, opts: { out: string }): Promise<void> {
  const { buildLambdaPackage } = await import('../../app/lambda-package.js');
  const pkg = buildLambdaPackage();
  try {
    writeFileSync(opts.out, pkg.zip, { mode: 0o644 });
  } catch (e) {
    throw new RootctlError(
      'InvalidInput',
      `Cannot write --out '${opts.out}': ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  io.err(
    `rootctl: wrote ${opts.out}: ${pkg.files} files from ${pkg.packages.length} packages, ${(pkg.zip.length / 1048576).toFixed(1)} MB zipped, ${(pkg.unzippedBytes / 1048576).toFixed(1)} MB unzipped; handler index.handler`,
  );
}

export const deployCommand: CommandSpec = {
  register(program: Command, io) {
    const deploy = program
      .command('deploy')
      .description('Templates and the code package for a scheduled audit in your AWS account (no AWS call)')
      .addHelpText(
        'after',
        [
          '',
          'Examples:',
          '  rootctl deploy scheduled-audit --format cloudformation --out stack.yaml',
          '  rootctl deploy package --out rootctl-lambda.zip',
        ].join('\n'),
      );
    deploy
      .command('scheduled-audit')
      .description(
        'A stack for the delegated administrator account: Scheduler schedule, Lambda, role, report bucket, alert topic',
      )
      .addOption(
        new Option('--format <format>', 'template format')
          .choices(['cloudformation', 'terraform'])
          .makeOptionMandatory(),
      )
      .option('--org-id <id>', 'AssumeRoot only into accounts of this organization (aws:ResourceOrgID)')
      .option('--partition <partition>', 'aws, aws-us-gov or aws-cn', 'aws')
      .option('--schedule <expression>', 'EventBridge Scheduler expression', 'rate(1 day)')
      .option('--function-name <name>', 'Lambda function name', 'rootctl-scheduled-audit')
      .option('--security-hub', 'import findings into Security Hub (BatchImportFindings)')
      .option('--enforce-exceptions', 'close overdue root-task exceptions on each run (exception enforce)')
      .option('--fan-out', 'one function run per OU from a Step Functions Map (above ~50,000 accounts)')
      .option('--concurrency <n>', 'most accounts audited at once by the function', '20')
      .option('--prefix <prefix>', 'key prefix of the reports in the bucket', 'rootctl/')
      .option('--out <file>', 'write the template to a file instead of stdout')
      .addHelpText(
        'after',
        [
          '',
          'Examples:',
          '  rootctl deploy scheduled-audit --format cloudformation --org-id o-a1b2c3d4e5 --security-hub --out stack.yaml',
          '  rootctl deploy scheduled-audit --format terraform --schedule "cron(0 6 * * ? *)" --out main.tf',
        ].join('\n'),
      )
      .action((opts: StackOpts) => writeStack(io, opts));
    deploy
      .command('package')
      .description('The Lambda zip (index.handler) from the installed rootctl and its dependencies')
      .option('--out <file>', 'zip file to write', 'rootctl-lambda.zip')
      .addHelpText(
        'after',
        [
          '',
          'Examples:',
          '  rootctl deploy package --out rootctl-lambda.zip',
          '  aws s3 cp rootctl-lambda.zip s3://my-code-bucket/',
        ].join('\n'),
      )
      .action((opts: { out: string }) => writePackage(io, opts));
  },
};
