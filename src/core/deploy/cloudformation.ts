/** The scheduled-audit stack as a CloudFormation template (YAML, intrinsics in their JSON form). */
import { toYaml, withComment, type YamlValue } from '../guardrails/yaml.js';
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

const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as YamlValue;
const getAtt = (r: string, a: string) => ({ 'Fn::GetAtt': [r, a] });
const ref = (r: string) => ({ Ref: r });
const sub = (s: string) => ({ 'Fn::Sub': s });

function trust(service: string, extra: Record<string, unknown> = {}): YamlValue {
  return json({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', ...extra }],
  });
}

/** A role `service` assumes on this account's behalf only, allowed the one statement given. */
function serviceRole(service: string, statement: Record<string, unknown>): YamlValue {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: trust(service, {
        Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
      }),
      Policies: [
        {
          PolicyName: 'invoke-rootctl',
          PolicyDocument: json({ Version: '2012-10-17', Statement: [statement] }),
        },
      ],
    },
  };
}

function bucket(): YamlValue {
  return withComment(
    {
      Type: 'AWS::S3::Bucket',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      },
    },
    [
      "The evidence: JSON and HTML reports and diffs, versioned; the newest report is the next run's baseline.",
    ],
  );
}

function functionRole(o: ScheduledAuditStackOptions): YamlValue {
  const statements = handlerStatements(o, {
    bucketArn: getAtt('ReportBucket', 'Arn'),
    objectsArn: sub(`\${ReportBucket.Arn}/${o.prefix}*`),
    topicArn: ref('AlertTopic'),
    region: ref('AWS::Region'),
    account: ref('AWS::AccountId'),
  });
  return withComment(
    {
      Type: 'AWS::IAM::Role',
      Properties: {
        Description:
          'rootctl scheduled audit: the audit operator policy plus its bucket, topic and Security Hub',
        AssumeRolePolicyDocument: trust('lambda.amazonaws.com'),
        ManagedPolicyArns: [
          sub('arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'),
        ],
        Policies: [
          { PolicyName: 'rootctl-audit', PolicyDocument: json(functionPolicy(o)) },
          {
            PolicyName: 'rootctl-scheduled-audit',
            PolicyDocument: json({ Version: '2012-10-17', Statement: statements }),
          },
        ],
      },
    },
    ["The audit's permissions (rootctl guardrails operator-policy) and exactly what the handler writes."],
  );
}

function lambda(o: ScheduledAuditStackOptions): YamlValue {
  return {
    Type: 'AWS::Lambda::Function',
    DependsOn: ['FunctionLogGroup'],
    Properties: {
      FunctionName: o.functionName,
      Description: 'rootctl scheduled audit of root credentials',
      Runtime: LAMBDA_RUNTIME,
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Code: { S3Bucket: ref('CodeBucket'), S3Key: ref('CodeKey') },
      Role: getAtt('FunctionRole', 'Arn'),
      Timeout: LAMBDA_TIMEOUT_SECONDS,
      MemorySize: 1024,
      // One run at a time: two overlapping runs would diff against each other's reports.
      ReservedConcurrentExecutions: 1,
      Environment: {
        Variables: json({
          ...environment(o),
          ROOTCTL_REPORT_BUCKET: ref('ReportBucket'),
          ROOTCTL_TOPIC_ARN: ref('AlertTopic'),
        }),
      },
    },
  };
}

/** The per-OU fan-out: the state machine, its role, and the schedule's input listing the OUs. */
function fanOut(o: ScheduledAuditStackOptions): { [key: string]: YamlValue } {
  return {
    StateMachineRole: serviceRole('states.amazonaws.com', {
      Effect: 'Allow',
      Action: 'lambda:InvokeFunction',
      Resource: getAtt('Function', 'Arn'),
    }),
    StateMachine: withComment(
      {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: {
          StateMachineType: 'STANDARD',
          RoleArn: getAtt('StateMachineRole', 'Arn'),
          Definition: json(fanOutDefinition(o.partition, '${FunctionArn}')),
          DefinitionSubstitutions: { FunctionArn: getAtt('Function', 'Arn') },
        },
      },
      ['One function run per OU of the schedule input (parameter OuIds), each within 15 minutes.'],
    ),
  };
}

function schedule(o: ScheduledAuditStackOptions): { [key: string]: YamlValue } {
  // Fan-out: the schedule starts the state machine with {"ous": [<OuIds>]}; else it invokes the function.
  const target = o.fanOut
    ? {
        Arn: ref('StateMachine'),
        RoleArn: getAtt('SchedulerRole', 'Arn'),
        Input: { 'Fn::Join': ['', ['{"ous":["', { 'Fn::Join': ['","', ref('OuIds')] }, '"]}']] },
        RetryPolicy: { MaximumRetryAttempts: 0 },
      }
    : {
        Arn: getAtt('Function', 'Arn'),
        RoleArn: getAtt('SchedulerRole', 'Arn'),
        // A failed run is not retried at once: the next scheduled run audits again.
        RetryPolicy: { MaximumRetryAttempts: 0 },
      };
  const permission = o.fanOut
    ? { Effect: 'Allow', Action: 'states:StartExecution', Resource: ref('StateMachine') }
    : { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: getAtt('Function', 'Arn') };
  return {
    SchedulerRole: serviceRole('scheduler.amazonaws.com', permission),
    Schedule: {
      Type: 'AWS::Scheduler::Schedule',
      Properties: {
        Description: 'Runs the rootctl scheduled audit',
        ScheduleExpression: ref('ScheduleExpression'),
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Target: json(target),
      },
    },
  };
}

export function scheduledAuditCloudFormation(o: ScheduledAuditStackOptions): string {
  return toYaml(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Description:
        'rootctl scheduled audit of root credentials (generated by rootctl deploy scheduled-audit)',
      Parameters: {
        CodeBucket: { Type: 'String', Description: 'S3 bucket holding the zip of `rootctl deploy package`' },
        CodeKey: { Type: 'String', Default: 'rootctl-lambda.zip', Description: 'Key of that zip' },
        ScheduleExpression: {
          Type: 'String',
          Default: o.schedule,
          Description: 'EventBridge Scheduler expression',
        },
        ...(o.fanOut
          ? {
              OuIds: {
                Type: 'CommaDelimitedList',
                Description: 'The OUs to audit, one function run each (e.g. the top-level OUs)',
              },
            }
          : {}),
      },
      Resources: {
        ReportBucket: bucket(),
        AlertTopic: {
          Type: 'AWS::SNS::Topic',
          Properties: { DisplayName: 'rootctl alerts', KmsMasterKeyId: 'alias/aws/sns' },
        },
        FunctionRole: functionRole(o),
        FunctionLogGroup: {
          Type: 'AWS::Logs::LogGroup',
          Properties: { LogGroupName: `/aws/lambda/${o.functionName}`, RetentionInDays: 365 },
        },
        Function: lambda(o),
        ...(o.fanOut ? fanOut(o) : {}),
        ...schedule(o),
      },
      Outputs: {
        ReportBucketName: { Description: 'Reports and diffs', Value: ref('ReportBucket') },
        AlertTopicArn: { Description: 'Subscribe your team here', Value: ref('AlertTopic') },
        FunctionName: { Description: 'The audit function', Value: ref('Function') },
      },
    },
    stackHeader(o, 'CloudFormation'),
  );
}
