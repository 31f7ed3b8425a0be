/**
 * `rootctl deploy scheduled-audit`: the stack for the IAM delegated administrator account that runs
 * the scheduled audit (src/app/lambda-handler.ts) - an EventBridge Scheduler schedule, the Lambda
 * function, its execution role (the generated operator policy for the audit, plus exactly the
 * bucket, topic and Security Hub calls the handler makes), the report bucket (versioned, encrypted,
 * public access blocked, bucket-owner-enforced) and the alert topic. Pure: returns text.
 */
import type { Partition } from '../model/arn.js';
import { buildOperatorPolicy } from '../guardrails/operator-policy.js';
import type { IamPolicy, IamStatement } from '../guardrails/types.js';

export const LAMBDA_RUNTIME = 'nodejs22.x';
/** The Lambda ceiling (900 s): one run must finish inside it (docs/continuous.md, the fan-out limit). */
export const LAMBDA_TIMEOUT_SECONDS = 900;

export interface ScheduledAuditStackOptions {
  partition: Partition;
  /** Only accounts of this organization may be targeted by AssumeRoot (aws:ResourceOrgID). */
  orgId?: string | undefined;
  functionName: string;
  /** EventBridge Scheduler expression, e.g. rate(1 day) or cron(0 6 * * ? *). */
  schedule: string;
  securityHub: boolean;
  enforceExceptions: boolean;
  concurrency: number;
  /** Key prefix of the reports in the bucket. */
  prefix: string;
  /**
   * Fan out per OU: the schedule starts a Step Functions state machine whose Map state invokes the
   * function once per OU of its input (`{"ous": [...]}`), one after another; each run audits one OU
   * into `<prefix><ou>/` and stays inside the 15-minute limit. For organizations above ~50,000 accounts.
   */
  fanOut?: boolean | undefined;
}

/**
 * The state machine (Amazon States Language) of the per-OU fan-out: a Map over `$.ous`, each iteration
 * a `lambda:invoke` of the function with `{"ou": "<id>"}`; Lambda's transient errors are retried.
 * `functionArn` is a placeholder the emitters substitute (CloudFormation DefinitionSubstitutions,
 * Terraform interpolation).
 */
export function fanOutDefinition(partition: Partition, functionArn: unknown): Record<string, unknown> {
  return {
    Comment: 'rootctl scheduled audit, one function run per OU (docs/continuous.md)',
    StartAt: 'AuditEachOu',
    States: {
      AuditEachOu: {
        Type: 'Map',
        ItemsPath: '$.ous',
        // One OU at a time: the function has reserved concurrency 1 and AssumeRoot's rate is shared.
        MaxConcurrency: 1,
        ItemSelector: { 'ou.$': '$$.Map.Item.Value' },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'AuditOu',
          States: {
            AuditOu: {
              Type: 'Task',
              Resource: `arn:${partition}:states:::lambda:invoke`,
              Parameters: { FunctionName: functionArn, 'Payload.$': '$' },
              Retry: [
                {
                  ErrorEquals: [
                    'Lambda.ServiceException',
                    'Lambda.AWSLambdaException',
                    'Lambda.SdkClientException',
                    'Lambda.TooManyRequestsException',
                  ],
                  IntervalSeconds: 30,
                  MaxAttempts: 3,
                  BackoffRate: 2,
                },
              ],
              End: true,
            },
          },
        },
        End: true,
      },
    },
  };
}

/** The tasks the function's AssumeRoot may use: audit, and delete when it enforces exceptions. */
export function functionPolicy(o: ScheduledAuditStackOptions): IamPolicy {
  return buildOperatorPolicy({
    tasks: o.enforceExceptions ? ['audit', 'delete'] : ['audit'],
    orgId: o.orgId,
    partition: o.partition,
  });
}

/** What the handler calls besides the audit; resources are placeholders the emitters fill in. */
export function handlerStatements(
  o: ScheduledAuditStackOptions,
  refs: { bucketArn: unknown; topicArn: unknown; objectsArn: unknown; region: unknown; account: unknown },
): IamStatement[] {
  const statements: IamStatement[] = [
    {
      Sid: 'WriteAndReadReports',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:GetObject'],
      Resource: refs.objectsArn as string,
    },
    {
      Sid: 'ListReports',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: refs.bucketArn as string,
      Condition: { StringLike: { 's3:prefix': [`${o.prefix}*`] } },
    },
    { Sid: 'AlertTopic', Effect: 'Allow', Action: 'sns:Publish', Resource: refs.topicArn as string },
  ];
  if (o.securityHub)
    statements.push({
      Sid: 'SecurityHubFindings',
      Effect: 'Allow',
      Action: ['securityhub:BatchImportFindings', 'securityhub:GetFindings'],
      Resource: '*',
    });
  return statements;
}

export function environment(o: ScheduledAuditStackOptions): Record<string, string> {
  return {
    ROOTCTL_REPORT_PREFIX: o.prefix,
    ROOTCTL_SECURITY_HUB: String(o.securityHub),
    ROOTCTL_ENFORCE_EXCEPTIONS: String(o.enforceExceptions),
    ROOTCTL_CONCURRENCY: String(o.concurrency),
    ROOTCTL_DETAIL: 'full',
  };
}

export function stackHeader(o: ScheduledAuditStackOptions, format: string): string[] {
  return [
    `rootctl scheduled audit (${format}), generated by rootctl deploy scheduled-audit.`,
    'Deploy it in the IAM delegated administrator account (or the management account), in the Region',
    'whose STS endpoint AssumeRoot should use. Build the code with `rootctl deploy package`.',
    `Schedule ${o.schedule}; Security Hub import ${o.securityHub ? 'on' : 'off'}; exception enforce ${o.enforceExceptions ? 'on' : 'off'}.`,
    'One function run must finish in 15 minutes: about 50,000 accounts at the AssumeRoot rate',
    o.fanOut
      ? '(docs/continuous.md); this stack fans out per OU: a Step Functions Map runs the function once per OU.'
      : '(docs/continuous.md); above that, generate the stack with --fan-out (a Step Functions Map per OU).',
  ];
}
