/**
 * The subset of the CloudFormation resource specification and of the Terraform AWS provider schema
 * that the scheduled-audit stack uses: for each resource type, its top-level properties (arguments)
 * and which are required. A typed table with sources, because the resource specification is not in
 * the stored sources this project can read offline. Sources:
 * - CloudFormation: the "AWS resource and property types reference" page of each type,
 *   https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-<service>-<type>.html
 * - Terraform: registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/<type> (v5).
 * Only properties listed here may appear; a template using another fails the test until the table,
 * checked against those pages, says it exists.
 */
export interface ResourceSpec {
  properties: readonly string[];
  required: readonly string[];
  /** Attributes every resource has in the template (CloudFormation) or meta-arguments (Terraform). */
  source: string;
}

const CFN = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/';
export const CLOUDFORMATION_SPEC: Record<string, ResourceSpec> = {
  'AWS::S3::Bucket': {
    properties: [
      'AbacStatus',
      'AccelerateConfiguration',
      'AccessControl',
      'AnalyticsConfigurations',
      'BucketEncryption',
      'BucketName',
      'CorsConfiguration',
      'IntelligentTieringConfigurations',
      'InventoryConfigurations',
      'LifecycleConfiguration',
      'LoggingConfiguration',
      'MetadataConfiguration',
      'MetadataTableConfiguration',
      'MetricsConfigurations',
      'NotificationConfiguration',
      'ObjectLockConfiguration',
      'ObjectLockEnabled',
      'OwnershipControls',
      'PublicAccessBlockConfiguration',
      'ReplicationConfiguration',
      'Tags',
      'VersioningConfiguration',
      'WebsiteConfiguration',
    ],
    required: [],
    source: `${CFN}aws-resource-s3-bucket.html`,
  },
  'AWS::SNS::Topic': {
    properties: [
      'ArchivePolicy',
      'ContentBasedDeduplication',
      'DataProtectionPolicy',
      'DeliveryStatusLogging',
      'DisplayName',
      'FifoThroughputScope',
      'FifoTopic',
      'KmsMasterKeyId',
      'SignatureVersion',
      'Subscription',
      'Tags',
      'TopicName',
      'TracingConfig',
    ],
    required: [],
    source: `${CFN}aws-resource-sns-topic.html`,
  },
  'AWS::IAM::Role': {
    properties: [
      'AssumeRolePolicyDocument',
      'Description',
      'ManagedPolicyArns',
      'MaxSessionDuration',
      'Path',
      'PermissionsBoundary',
      'Policies',
      'RoleName',
      'Tags',
    ],
    required: ['AssumeRolePolicyDocument'],
    source: `${CFN}aws-resource-iam-role.html`,
  },
  'AWS::Logs::LogGroup': {
    properties: [
      'DataProtectionPolicy',
      'FieldIndexPolicies',
      'KmsKeyId',
      'LogGroupClass',
      'LogGroupName',
      'ResourcePolicyDocument',
      'RetentionInDays',
      'Tags',
    ],
    required: [],
    source: `${CFN}aws-resource-logs-loggroup.html`,
  },
  'AWS::Lambda::Function': {
    properties: [
      'Architectures',
      'Code',
      'CodeSigningConfigArn',
      'DeadLetterConfig',
      'Description',
      'Environment',
      'EphemeralStorage',
      'FileSystemConfigs',
      'FunctionName',
      'Handler',
      'ImageConfig',
      'KmsKeyArn',
      'Layers',
      'LoggingConfig',
      'MemorySize',
      'PackageType',
      'RecursiveLoop',
      'ReservedConcurrentExecutions',
      'Role',
      'Runtime',
      'RuntimeManagementConfig',
      'SnapStart',
      'Tags',
      'Timeout',
      'TracingConfig',
      'VpcConfig',
    ],
    required: ['Code', 'Role'],
    source: `${CFN}aws-resource-lambda-function.html`,
  },
  'AWS::Scheduler::Schedule': {
    properties: [
      'Description',
      'EndDate',
      'FlexibleTimeWindow',
      'GroupName',
      'KmsKeyArn',
      'Name',
      'ScheduleExpression',
      'ScheduleExpressionTimezone',
      'StartDate',
      'State',
      'Target',
    ],
    required: ['FlexibleTimeWindow', 'ScheduleExpression', 'Target'],
    source: `${CFN}aws-resource-scheduler-schedule.html`,
  },
};

/** Lambda runtimes that are not deprecated (Lambda "Supported runtimes"): the template must use one. */
export const CURRENT_NODE_RUNTIMES = ['nodejs22.x', 'nodejs24.x'];

const TF = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/';
const META = ['depends_on', 'count', 'for_each', 'provider', 'lifecycle'];
export const TERRAFORM_SPEC: Record<string, ResourceSpec> = {
  aws_s3_bucket: {
    properties: ['bucket', 'bucket_prefix', 'force_destroy', 'object_lock_enabled', 'tags'],
    required: [],
    source: `${TF}s3_bucket`,
  },
  aws_s3_bucket_versioning: {
    properties: ['bucket', 'expected_bucket_owner', 'mfa', 'versioning_configuration'],
    required: ['bucket', 'versioning_configuration'],
    source: `${TF}s3_bucket_versioning`,
  },
  aws_s3_bucket_server_side_encryption_configuration: {
    properties: ['bucket', 'expected_bucket_owner', 'rule'],
    required: ['bucket', 'rule'],
    source: `${TF}s3_bucket_server_side_encryption_configuration`,
  },
  aws_s3_bucket_public_access_block: {
    properties: [
      'bucket',
      'block_public_acls',
      'block_public_policy',
      'ignore_public_acls',
      'restrict_public_buckets',
    ],
    required: ['bucket'],
    source: `${TF}s3_bucket_public_access_block`,
  },
  aws_s3_bucket_ownership_controls: {
    properties: ['bucket', 'rule'],
    required: ['bucket', 'rule'],
    source: `${TF}s3_bucket_ownership_controls`,
  },
  aws_sns_topic: {
    properties: [
      'name',
      'name_prefix',
      'display_name',
      'kms_master_key_id',
      'policy',
      'fifo_topic',
      'tags',
      'delivery_policy',
      'signature_version',
      'tracing_config',
    ],
    required: [],
    source: `${TF}sns_topic`,
  },
  aws_iam_role: {
    properties: [
      'name',
      'name_prefix',
      'assume_role_policy',
      'description',
      'max_session_duration',
      'path',
      'permissions_boundary',
      'tags',
      'force_detach_policies',
    ],
    required: ['assume_role_policy'],
    source: `${TF}iam_role`,
  },
  aws_iam_role_policy: {
    properties: ['name', 'name_prefix', 'policy', 'role'],
    required: ['policy', 'role'],
    source: `${TF}iam_role_policy`,
  },
  aws_iam_role_policy_attachment: {
    properties: ['role', 'policy_arn'],
    required: ['role', 'policy_arn'],
    source: `${TF}iam_role_policy_attachment`,
  },
  aws_cloudwatch_log_group: {
    properties: [
      'name',
      'name_prefix',
      'retention_in_days',
      'kms_key_id',
      'log_group_class',
      'skip_destroy',
      'tags',
    ],
    required: [],
    source: `${TF}cloudwatch_log_group`,
  },
  aws_lambda_function: {
    properties: [
      'function_name',
      'role',
      'architectures',
      'description',
      'environment',
      'filename',
      'handler',
      'memory_size',
      'reserved_concurrent_executions',
      'runtime',
      's3_bucket',
      's3_key',
      'source_code_hash',
      'timeout',
      'tags',
      'logging_config',
      'layers',
      'kms_key_arn',
      'publish',
      'tracing_config',
      'vpc_config',
    ],
    required: ['function_name', 'role'],
    source: `${TF}lambda_function`,
  },
  aws_scheduler_schedule: {
    properties: [
      'name',
      'name_prefix',
      'description',
      'schedule_expression',
      'schedule_expression_timezone',
      'state',
      'flexible_time_window',
      'target',
      'group_name',
      'kms_key_arn',
      'start_date',
      'end_date',
    ],
    required: ['schedule_expression', 'flexible_time_window', 'target'],
    source: `${TF}scheduler_schedule`,
  },
};
export const TERRAFORM_META_ARGUMENTS = META;
