/**
 * SQS (awsJson1_0, AWS query compatible): ListQueues, GetQueueUrl, GetQueueAttributes and
 * SetQueueAttributes - what the SQS unlock task needs. Queue URLs are `<endpoint>/<account>/<name>`
 * with the endpoint taken from the request's Host, so the SDK's "QueueUrl as endpoint" logic keeps
 * talking to the emulator. Errors carry the query-compatible code in `x-amzn-query-error`.
 */
import { unknownConditionOperators } from '../../../core/model/policy/evaluate.js';
import { AwsError } from '../../http-types.js';
import type { AccountState } from '../../world.js';
import { resourcePolicyDenies } from '../s3/resource-policy.js';
import type { CallContext, Operation, ServiceDefinition } from '../types.js';
import { sqsQueryVariant } from './query-mode.js';

type In = Record<string, unknown>;
type Queue = AccountState['queues'][number];

const QUEUE_MISSING = () =>
  new AwsError('QueueDoesNotExist', 'The specified queue does not exist.', 400, {
    queryError: 'AWS.SimpleQueueService.NonExistentQueue',
  });

/** Attributes a standard queue reports; Policy and QueueArn come from state. */
const STATIC_ATTRIBUTES: Record<string, string> = {
  ApproximateNumberOfMessages: '0',
  ApproximateNumberOfMessagesNotVisible: '0',
  ApproximateNumberOfMessagesDelayed: '0',
  CreatedTimestamp: '1700000000',
  LastModifiedTimestamp: '1700000000',
  VisibilityTimeout: '30',
  MaximumMessageSize: '262144',
  MessageRetentionPeriod: '345600',
  DelaySeconds: '0',
  ReceiveMessageWaitTimeSeconds: '0',
  SqsManagedSseEnabled: 'true',
};
const SETTABLE = new Set([
  'Policy',
  'VisibilityTimeout',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'DelaySeconds',
  'ReceiveMessageWaitTimeSeconds',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
]);
const KNOWN = new Set(['All', 'Policy', 'QueueArn', ...Object.keys(STATIC_ATTRIBUTES), ...SETTABLE]);

function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterValue', message, 400, { queryError: 'InvalidParameterValue' });
}

function stringField(input: In, name: string, required: true): string;
function stringField(input: In, name: string, required?: false): string | undefined;
function stringField(input: In, name: string, required = false): string | undefined {
  const v = input[name];
  if (v === undefined || v === null) {
    if (required)
      throw new AwsError('MissingParameter', `The request must contain the parameter ${name}.`, 400, {
        queryError: 'MissingParameter',
      });
    return undefined;
  }
  if (typeof v !== 'string')
    throw new AwsError('SerializationException', `Value for ${name} must be a string.`, 400);
  return v;
}

function baseUrl(ctx: CallContext): string {
  return `http://${ctx.host || '127.0.0.1'}`;
}

function queueUrl(ctx: CallContext, accountId: string, name: string): string {
  return `${baseUrl(ctx)}/${accountId}/${name}`;
}

function queueArn(ctx: CallContext, accountId: string, name: string): string {
  return `arn:${ctx.world.partition}:sqs:${ctx.region}:${accountId}:${name}`;
}

/** Parses `<anything>/<account>/<name>`. */
function addressOf(url: string): { accountId: string; name: string } {
  let segments: string[] = [];
  try {
    segments = new URL(url).pathname.split('/').filter(Boolean);
  } catch {
    // reported below
  }
  const [accountId, name] = segments.slice(-2);
  if (accountId === undefined || name === undefined || !/^\d{12}$/.test(accountId)) {
    throw new AwsError('InvalidAddress', `The address ${url} is not valid for this endpoint.`, 404, {
      queryError: 'InvalidAddress',
    });
  }
  return { accountId, name };
}

/**
 * Authorizes a queue call as AWS does - identity, root-task policy and SCPs first (with
 * aws:ResourceAccount, which the SQS task policy uses), then existence, then the queue's own policy.
 * Queues of other accounts are not reachable: cross-account grants are not modeled.
 */
function authorizedQueue(
  ctx: CallContext,
  action: string,
  accountId: string,
  name: string,
): { owner: AccountState; queue: Queue } {
  const arn = queueArn(ctx, accountId, name);
  ctx.authorize(action, arn, { 'aws:ResourceAccount': accountId });
  const owner = ctx.world.accounts.get(accountId);
  const queue = owner?.queues.find((q) => q.name === name);
  if (!owner || !queue) throw QUEUE_MISSING();
  if (owner.id !== ctx.accountId || resourcePolicyDenies(queue.policy, ctx, action, arn, owner.id)) {
    throw new AwsError(
      'AccessDenied',
      `User: ${ctx.principal.arn} is not authorized to perform: ${action} on resource: ${arn} because no resource-based policy allows the ${action} action`,
      403,
      { queryError: 'AccessDenied' },
    );
  }
  return { owner, queue };
}

const listQueues: Operation<In> = {
  readOnly: true,
  handler(ctx, input) {
    const prefix = stringField(input, 'QueueNamePrefix') ?? '';
    const max = input.MaxResults;
    if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 1000)) {
      throw invalidParameter(
        'Value for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.',
      );
    }
    const token = stringField(input, 'NextToken');
    const after = token === undefined ? '' : Buffer.from(token, 'base64').toString('utf8');
    const names = (ctx.world.accounts.get(ctx.accountId)?.queues ?? [])
      .map((q) => q.name)
      .filter((n) => n.startsWith(prefix) && n > after)
      .sort();
    // Without MaxResults SQS answers at most 1000 queues and no NextToken.
    const page = names.slice(0, max ?? 1000);
    const more = max !== undefined && names.length > page.length;
    return {
      ...(page.length ? { QueueUrls: page.map((n) => queueUrl(ctx, ctx.accountId, n)) } : {}),
      ...(more ? { NextToken: Buffer.from(page[page.length - 1]!).toString('base64') } : {}),
    };
  },
};

const getQueueUrl: Operation<In> = {
  readOnly: true,
  action: null,
  handler(ctx, input) {
    const name = stringField(input, 'QueueName', true);
    const ownerId = stringField(input, 'QueueOwnerAWSAccountId') ?? ctx.accountId;
    const { owner, queue } = authorizedQueue(ctx, 'sqs:GetQueueUrl', ownerId, name);
    return { QueueUrl: queueUrl(ctx, owner.id, queue.name) };
  },
};

const getQueueAttributes: Operation<In> = {
  readOnly: true,
  action: null,
  handler(ctx, input) {
    const { accountId, name } = addressOf(stringField(input, 'QueueUrl', true));
    const { owner, queue } = authorizedQueue(ctx, 'sqs:GetQueueAttributes', accountId, name);
    const names = Array.isArray(input.AttributeNames) ? input.AttributeNames.map(String) : [];
    for (const n of names)
      if (!KNOWN.has(n))
        throw new AwsError('InvalidAttributeName', `Unknown Attribute ${n}.`, 400, {
          queryError: 'InvalidAttributeName',
        });
    const all: Record<string, string> = {
      QueueArn: queueArn(ctx, owner.id, queue.name),
      ...STATIC_ATTRIBUTES,
      ...(queue.policy ? { Policy: queue.policy } : {}),
    };
    const wanted = names.includes('All') ? Object.keys(all) : names;
    const attributes = Object.fromEntries(
      wanted.filter((n) => all[n] !== undefined).map((n) => [n, all[n]!]),
    );
    return Object.keys(attributes).length ? { Attributes: attributes } : {};
  },
};

const setQueueAttributes: Operation<In> = {
  readOnly: false,
  action: null,
  handler(ctx, input) {
    const { accountId, name } = addressOf(stringField(input, 'QueueUrl', true));
    const { queue } = authorizedQueue(ctx, 'sqs:SetQueueAttributes', accountId, name);
    const attrs = input.Attributes;
    if (typeof attrs !== 'object' || attrs === null || Array.isArray(attrs)) {
      throw new AwsError('MissingParameter', 'The request must contain the parameter Attributes.', 400, {
        queryError: 'MissingParameter',
      });
    }
    for (const [name, value] of Object.entries(attrs)) {
      if (!SETTABLE.has(name))
        throw new AwsError('InvalidAttributeName', `Unknown Attribute ${name}.`, 400, {
          queryError: 'InvalidAttributeName',
        });
      if (typeof value !== 'string')
        throw new AwsError('SerializationException', `Value for attribute ${name} must be a string.`, 400);
    }
    const policy = (attrs as Record<string, string>).Policy;
    // A policy with a condition operator IAM does not know is refused like any malformed one (a guess).
    if (
      policy !== undefined &&
      policy !== '' &&
      (!isPolicy(policy) || unknownConditionOperators(JSON.parse(policy)).length)
    ) {
      throw new AwsError('InvalidAttributeValue', 'Invalid value for the parameter Policy.', 400, {
        queryError: 'InvalidAttributeValue',
      });
    }
    // An empty Policy removes the queue policy; other attributes are accepted and not modeled.
    if (policy === '') delete queue.policy;
    else if (policy !== undefined) queue.policy = policy;
    return {};
  },
};

function isPolicy(text: string): boolean {
  try {
    const doc = JSON.parse(text) as unknown;
    return typeof doc === 'object' && doc !== null && 'Statement' in doc;
  } catch {
    return false;
  }
}

const sqsJson: ServiceDefinition = {
  signingName: 'sqs',
  protocol: 'json1_0',
  eventSource: 'sqs.amazonaws.com',
  targetPrefixes: ['AmazonSQS'],
  operations: {
    ListQueues: listQueues,
    GetQueueUrl: getQueueUrl,
    GetQueueAttributes: getQueueAttributes,
    SetQueueAttributes: setQueueAttributes,
  },
};

/** awsJson1_0, and the awsQuery protocol older SDKs speak (query-mode.ts). */
export const sqs: ServiceDefinition = { ...sqsJson, formVariant: sqsQueryVariant(sqsJson) };
