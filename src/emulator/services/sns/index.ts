/**
 * SNS (awsQuery, 2010-03-31): CreateTopic and Publish, what the scheduled audit's alerts need.
 * Published messages are kept for tests (GET /_emulator/sns/messages). Sources: SNS API reference
 * Publish / CreateTopic and "Common errors"; the sns 2010-03-31 model in aws-sdk-js-v3.
 */
import { randomUUID } from 'node:crypto';
import { AwsError } from '../../http-types.js';
import type { QueryInput } from '../../protocols/query.js';
import type { World } from '../../world.js';
import type { CallContext, Operation, ServiceDefinition } from '../types.js';

export interface PublishedMessage {
  topicArn: string;
  messageId: string;
  subject?: string | undefined;
  message: string;
  publishedAt: string;
}

interface SnsState {
  topics: Set<string>;
  messages: PublishedMessage[];
}

const states = new WeakMap<World, SnsState>();

export function snsState(world: World): SnsState {
  let s = states.get(world);
  if (!s) states.set(world, (s = { topics: new Set(), messages: [] }));
  return s;
}

const partitionOf = (region: string) =>
  region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
const topicArn = (ctx: CallContext, name: string) =>
  `arn:${partitionOf(ctx.region)}:sns:${ctx.region}:${ctx.accountId}:${name}`;
const invalid = (what: string) => new AwsError('InvalidParameter', `Invalid parameter: ${what}`, 400);

const createTopic: Operation<QueryInput> = {
  readOnly: false,
  resource: (ctx, input) => topicArn(ctx, input.get('Name') ?? ''),
  handler(ctx, input) {
    const name = input.require('Name');
    // Topic names: 1-256 letters, digits, hyphens and underscores (CreateTopic, Name).
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(name)) throw invalid('Topic Name');
    const arn = topicArn(ctx, name);
    snsState(ctx.world).topics.add(arn); // idempotent: the same name returns the same ARN
    return { TopicArn: arn };
  },
};

/** Subject: ASCII printable, no line breaks, 1-100 characters (Publish, Subject). */
const SUBJECT = /^[\x20-\x7e]{1,100}$/;
const MAX_MESSAGE_BYTES = 262_144;

const publish: Operation<QueryInput> = {
  readOnly: false,
  resource: (_ctx, input) => input.get('TopicArn') ?? '*',
  handler(ctx, input) {
    const arn = input.get('TopicArn') ?? input.get('TargetArn');
    if (arn === undefined) throw invalid('TopicArn or TargetArn Reason: no value for required parameter');
    const message = input.get('Message');
    if (message === undefined || message === '') throw invalid('Empty message');
    if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) throw invalid('Message too long');
    const subject = input.get('Subject');
    if (subject !== undefined && !SUBJECT.test(subject)) throw invalid('Subject');
    const m = /^arn:[a-z-]+:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]+)$/.exec(arn);
    if (!m) throw invalid('TopicArn');
    const state = snsState(ctx.world);
    // Another account's topic needs a topic policy granting the caller, which is not modeled.
    if (m[2] !== ctx.accountId)
      throw new AwsError(
        'AuthorizationError',
        `User: ${ctx.principal.arn} is not authorized to perform: SNS:Publish on resource: ${arn}`,
        403,
      );
    if (!state.topics.has(arn)) throw new AwsError('NotFound', 'Topic does not exist', 404);
    const messageId = randomUUID();
    state.messages.push({
      topicArn: arn,
      messageId,
      subject,
      message,
      publishedAt: ctx.world.now().toISOString(),
    });
    ctx.trail.requestParameters = { topicArn: arn, ...(subject ? { subject } : {}) };
    ctx.trail.responseElements = { messageId };
    return { MessageId: messageId };
  },
};

export const sns: ServiceDefinition = {
  signingName: 'sns',
  protocol: 'query',
  eventSource: 'sns.amazonaws.com',
  version: '2010-03-31',
  xmlNamespace: 'http://sns.amazonaws.com/doc/2010-03-31/',
  operations: { CreateTopic: createTopic, Publish: publish },
};
