/** The scheduled-audit stack as Terraform (hashicorp/aws >= 5.0). */
import {
  awsProviderRequirement,
  call,
  expr,
  toHcl,
  type HclBlock,
  type HclValue,
} from '../guardrails/hcl.js';
import {
  environment,
  fanOutDefinition,
  functionPolicy,
  handlerStatements,
  LAMBDA_RUNTIME,
  LAMBDA_TIMEOUT_SECONDS,
  stackHeader,
  type ScheduledAuditStackOptions,
} from './scheduled-audit.js';

const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as HclValue;
const resource = (
  type: string,
  name: string,
  attributes: Record<string, HclValue>,
  blocks: HclBlock[] = [],
  comment?: string[],
): HclBlock => ({
  type: 'resource',
  labels: [type, name],
  attributes,
  blocks,
  ...(comment ? { comment } : {}),
});
const block = (type: string, attributes: Record<string, HclValue>, blocks: HclBlock[] = []): HclBlock => ({
  type,
  labels: [],
  attributes,
  blocks,
});

function trust(service: string, condition?: Record<string, unknown>): HclValue {
  return call(
    'jsonencode',
    json({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: service },
          Action: 'sts:AssumeRole',
          ...(condition ? { Condition: condition } : {}),
        },
      ],
    }),
  );
}

function bucketBlocks(): HclBlock[] {
  const b = expr('aws_s3_bucket.reports.id');
  return [
    resource(
      'aws_s3_bucket',
      'reports',
      { bucket_prefix: 'rootctl-reports-' },
      [],
      [
        "The evidence: JSON and HTML reports and diffs, versioned; the newest report is the next run's baseline.",
      ],
    ),
    resource('aws_s3_bucket_versioning', 'reports', { bucket: b }, [
      block('versioning_configuration', { status: 'Enabled' }),
    ]),
    resource('aws_s3_bucket_server_side_encryption_configuration', 'reports', { bucket: b }, [
      block('rule', { bucket_key_enabled: true }, [
        block('apply_server_side_encryption_by_default', { sse_algorithm: 'AES256' }),
      ]),
    ]),
    resource('aws_s3_bucket_public_access_block', 'reports', {
      bucket: b,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    }),
    resource('aws_s3_bucket_ownership_controls', 'reports', { bucket: b }, [
      block('rule', { object_ownership: 'BucketOwnerEnforced' }),
    ]),
  ];
}

function functionBlocks(o: ScheduledAuditStackOptions): HclBlock[] {
  const statements = handlerStatements(o, {
    bucketArn: expr('aws_s3_bucket.reports.arn'),
    objectsArn: expr(`"\${aws_s3_bucket.reports.arn}/${o.prefix}*"`),
    topicArn: expr('aws_sns_topic.alerts.arn'),
    region: expr('data.aws_region.current.name'),
    account: expr('data.aws_caller_identity.current.account_id'),
  });
  return [
    resource('aws_iam_role', 'function', {
      name_prefix: 'rootctl-audit-',
      assume_role_policy: trust('lambda.amazonaws.com'),
    }),
    resource(
      'aws_iam_role_policy',
      'audit',
      {
        name: 'rootctl-audit',
        role: expr('aws_iam_role.function.id'),
        policy: call('jsonencode', json(functionPolicy(o))),
      },
      [],
      ["The audit's permissions (rootctl guardrails operator-policy)."],
    ),
    resource('aws_iam_role_policy', 'handler', {
      name: 'rootctl-scheduled-audit',
      role: expr('aws_iam_role.function.id'),
      policy: call('jsonencode', json({ Version: '2012-10-17', Statement: statements })),
    }),
    resource('aws_iam_role_policy_attachment', 'logs', {
      role: expr('aws_iam_role.function.name'),
      policy_arn: expr(
        '"arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"',
      ),
    }),
    resource('aws_cloudwatch_log_group', 'function', {
      name: `/aws/lambda/${o.functionName}`,
      retention_in_days: 365,
    }),
    resource(
      'aws_lambda_function',
      'audit',
      {
        function_name: o.functionName,
        description: 'rootctl scheduled audit of root credentials',
        runtime: LAMBDA_RUNTIME,
        architectures: ['arm64'],
        handler: 'index.handler',
        filename: expr('var.package_zip'),
        source_code_hash: expr('filebase64sha256(var.package_zip)'),
        role: expr('aws_iam_role.function.arn'),
        timeout: LAMBDA_TIMEOUT_SECONDS,
        memory_size: 1024,
        reserved_concurrent_executions: 1,
        depends_on: [expr('aws_cloudwatch_log_group.function')],
      },
      [
        block('environment', {
          variables: {
            ...environment(o),
            ROOTCTL_REPORT_BUCKET: expr('aws_s3_bucket.reports.id'),
            ROOTCTL_TOPIC_ARN: expr('aws_sns_topic.alerts.arn'),
          },
        }),
      ],
    ),
  ];
}

/** The per-OU fan-out: the state machine and its role (the schedule starts it with var.ou_ids). */
function fanOutBlocks(o: ScheduledAuditStackOptions): HclBlock[] {
  return [
    resource('aws_iam_role', 'state_machine', {
      name_prefix: 'rootctl-fanout-',
      assume_role_policy: trust('states.amazonaws.com', {
        StringEquals: { 'aws:SourceAccount': expr('data.aws_caller_identity.current.account_id') },
      }),
    }),
    resource('aws_iam_role_policy', 'state_machine', {
      name: 'invoke-rootctl',
      role: expr('aws_iam_role.state_machine.id'),
      policy: call(
        'jsonencode',
        json({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'lambda:InvokeFunction',
              Resource: expr('aws_lambda_function.audit.arn'),
            },
          ],
        }),
      ),
    }),
    resource(
      'aws_sfn_state_machine',
      'fan_out',
      {
        name_prefix: 'rootctl-fanout-',
        type: 'STANDARD',
        role_arn: expr('aws_iam_role.state_machine.arn'),
        definition: call(
          'jsonencode',
          json(fanOutDefinition(o.partition, expr('aws_lambda_function.audit.arn'))),
        ),
      },
      [],
      ['One function run per OU of var.ou_ids, each within 15 minutes.'],
    ),
  ];
}

function scheduleBlocks(o: ScheduledAuditStackOptions): HclBlock[] {
  const target = o.fanOut
    ? {
        arn: expr('aws_sfn_state_machine.fan_out.arn'),
        role_arn: expr('aws_iam_role.scheduler.arn'),
        input: call('jsonencode', { ous: expr('var.ou_ids') }),
      }
    : { arn: expr('aws_lambda_function.audit.arn'), role_arn: expr('aws_iam_role.scheduler.arn') };
  const permission = o.fanOut
    ? {
        Effect: 'Allow',
        Action: 'states:StartExecution',
        Resource: expr('aws_sfn_state_machine.fan_out.arn'),
      }
    : { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: expr('aws_lambda_function.audit.arn') };
  return [
    resource('aws_iam_role', 'scheduler', {
      name_prefix: 'rootctl-scheduler-',
      assume_role_policy: trust('scheduler.amazonaws.com', {
        StringEquals: { 'aws:SourceAccount': expr('data.aws_caller_identity.current.account_id') },
      }),
    }),
    resource('aws_iam_role_policy', 'scheduler', {
      name: 'invoke-rootctl',
      role: expr('aws_iam_role.scheduler.id'),
      policy: call(
        'jsonencode',
        json({
          Version: '2012-10-17',
          Statement: [permission],
        }),
      ),
    }),
    resource(
      'aws_scheduler_schedule',
      'audit',
      {
        name_prefix: 'rootctl-audit-',
        description: 'Runs the rootctl scheduled audit',
        schedule_expression: expr('var.schedule_expression'),
        state: 'ENABLED',
      },
      [
        block('flexible_time_window', { mode: 'OFF' }),
        block('target', target, [block('retry_policy', { maximum_retry_attempts: 0 })]),
      ],
    ),
  ];
}

export function scheduledAuditTerraform(o: ScheduledAuditStackOptions): string {
  const blocks: HclBlock[] = [
    awsProviderRequirement(),
    {
      type: 'variable',
      labels: ['package_zip'],
      attributes: {
        description: 'The zip of `rootctl deploy package`',
        type: expr('string'),
        default: 'rootctl-lambda.zip',
      },
    },
    {
      type: 'variable',
      labels: ['schedule_expression'],
      attributes: {
        description: 'EventBridge Scheduler expression',
        type: expr('string'),
        default: o.schedule,
      },
    },
    ...(o.fanOut
      ? [
          {
            type: 'variable',
            labels: ['ou_ids'],
            attributes: {
              description: 'The OUs to audit, one function run each (e.g. the top-level OUs)',
              type: expr('list(string)'),
            },
          },
        ]
      : []),
    { type: 'data', labels: ['aws_caller_identity', 'current'], attributes: {} },
    { type: 'data', labels: ['aws_partition', 'current'], attributes: {} },
    { type: 'data', labels: ['aws_region', 'current'], attributes: {} },
    ...bucketBlocks(),
    resource('aws_sns_topic', 'alerts', {
      name_prefix: 'rootctl-alerts-',
      kms_master_key_id: 'alias/aws/sns',
    }),
    ...functionBlocks(o),
    ...(o.fanOut ? fanOutBlocks(o) : []),
    ...scheduleBlocks(o),
    { type: 'output', labels: ['report_bucket'], attributes: { value: expr('aws_s3_bucket.reports.id') } },
    { type: 'output', labels: ['alert_topic_arn'], attributes: { value: expr('aws_sns_topic.alerts.arn') } },
    {
      type: 'output',
      labels: ['function_name'],
      attributes: { value: expr('aws_lambda_function.audit.function_name') },
    },
  ];
  return toHcl(blocks, stackHeader(o, 'Terraform'));
}
