/**
 * SQS in the awsQuery protocol (API version 2012-11-05), which SQS spoke before awsJson1_0 and older
 * SDKs still send: `Action=<Operation>&Version=2012-11-05`, form-encoded (or in the query string),
 * lists as `AttributeName.N` / `Attribute.N.Name`+`Attribute.N.Value`, XML answers with flattened
 * `<QueueUrl>` and `<Attribute><Name/><Value/></Attribute>` lists, errors by their query codes
 * (`AWS.SimpleQueueService.NonExistentQueue`). The operations are the awsJson ones, translated.
 */
import type { QueryInput } from '../../protocols/query.js';
import { XmlFlatList } from '../../protocols/query.js';
import type { CallContext, Operation, ServiceDefinition } from '../types.js';

type In = Record<string, unknown>;

const STRINGS = ['QueueUrl', 'QueueName', 'QueueNamePrefix', 'NextToken', 'QueueOwnerAWSAccountId'];

/** The awsJson input a query request stands for. */
function jsonInput(ctx: CallContext, input: QueryInput): In {
  const out: In = {};
  for (const name of STRINGS) {
    const v = input.get(name);
    if (v !== undefined) out[name] = v;
  }
  const max = input.get('MaxResults');
  if (max !== undefined) out.MaxResults = /^\d+$/.test(max) ? Number(max) : max;
  const names: string[] = [];
  for (let i = 1; input.get(`AttributeName.${i}`) !== undefined; i++)
    names.push(input.get(`AttributeName.${i}`)!);
  if (names.length) out.AttributeNames = names;
  const attributes: Record<string, string> = {};
  for (let i = 1; input.get(`Attribute.${i}.Name`) !== undefined; i++)
    attributes[input.get(`Attribute.${i}.Name`)!] = input.get(`Attribute.${i}.Value`) ?? '';
  if (Object.keys(attributes).length) out.Attributes = attributes;
  // The oldest clients post to the queue's URL and leave QueueUrl out.
  if (out.QueueUrl === undefined && ctx.request.path !== '/')
    out.QueueUrl = `http://${ctx.host}${ctx.request.path}`;
  return out;
}

/** The awsJson output in the shape the query protocol's XML has. */
function queryOutput(output: unknown): Record<string, unknown> | undefined {
  const o = (output ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'QueueUrls' && Array.isArray(v)) out.QueueUrl = new XmlFlatList(v);
    else if (k === 'Attributes' && typeof v === 'object' && v !== null)
      out.Attribute = new XmlFlatList(Object.entries(v).map(([Name, Value]) => ({ Name, Value })));
    else out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

export function sqsQueryVariant(json: Omit<ServiceDefinition, 'formVariant'>): ServiceDefinition {
  const operations: Record<string, Operation<QueryInput>> = {};
  for (const [name, op] of Object.entries(json.operations) as [string, Operation<In>][]) {
    operations[name] = {
      readOnly: op.readOnly,
      ...(op.action === undefined ? {} : { action: op.action }),
      ...(op.resource ? { resource: (ctx, input) => op.resource!(ctx, jsonInput(ctx, input)) } : {}),
      handler: async (ctx, input) => queryOutput(await op.handler(ctx, jsonInput(ctx, input))),
    };
  }
  return {
    signingName: json.signingName,
    protocol: 'query',
    eventSource: json.eventSource,
    version: '2012-11-05',
    xmlNamespace: 'http://queue.amazonaws.com/doc/2012-11-05/',
    operations,
  };
}
