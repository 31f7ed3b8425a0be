/**
 * S3 objects (restXml): PutObject, GetObject and ListObjectsV2 in a bucket of the caller's account,
 * what the scheduled audit's report bucket needs. Objects are kept beside the World, keyed by the
 * bucket's state. Sources: S3 API reference PutObject / GetObject / ListObjectsV2 and "Error
 * responses" (NoSuchKey 404, InvalidArgument 400); the s3 2006-03-01 model in aws-sdk-js-v3.
 * Not modeled: versions (the bucket the template creates is versioned; GetObject returns the latest),
 * metadata headers, ranges, conditional requests, multipart uploads, checksums beyond ETag.
 */
import { createHash } from 'node:crypto';
import { AwsError, type EmuRequest } from '../../http-types.js';
import { xmlEscape } from '../../protocols/query.js';
import type { AccountState } from '../../world.js';
import type { CallContext, Operation } from '../types.js';

type Bucket = AccountState['buckets'][number];

export interface S3Object {
  body: Buffer;
  contentType: string;
  lastModified: string;
  etag: string;
}

const objects = new WeakMap<Bucket, Map<string, S3Object>>();

export function objectsOf(bucket: Bucket): Map<string, S3Object> {
  let m = objects.get(bucket);
  if (!m) objects.set(bucket, (m = new Map()));
  return m;
}

export interface ObjectInput {
  Bucket: string;
  Key: string;
  body: Buffer;
  query: URLSearchParams;
  contentType: string;
}

/** Routes object requests; undefined when the request is not one of them. */
export function routeObject(
  req: EmuRequest,
  bucket: string | undefined,
  key: string,
): { operation: string; input: ObjectInput } | undefined {
  if (bucket === undefined) return undefined;
  const input: ObjectInput = {
    Bucket: bucket,
    Key: safeDecode(key),
    body: req.body,
    query: req.query,
    contentType: req.headers['content-type'] ?? 'binary/octet-stream',
  };
  if (key === '' && req.method === 'GET' && req.query.get('list-type') === '2')
    return { operation: 'ListObjectsV2', input };
  if (key !== '' && req.method === 'PUT' && req.headers['x-amz-copy-source'] === undefined)
    return { operation: 'PutObject', input };
  if (key !== '' && req.method === 'GET' && ![...req.query.keys()].some((k) => k !== 'x-id'))
    return { operation: 'GetObject', input };
  return undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

type OwnBucket = (ctx: CallContext, input: { Bucket: string }, action: string) => { bucket: Bucket };

export function objectOperations(ownBucket: OwnBucket): Record<string, Operation<ObjectInput>> {
  const objectArn = (ctx: CallContext, i: ObjectInput) =>
    `arn:${ctx.world.partition}:s3:::${i.Bucket}/${i.Key}`;
  return {
    PutObject: {
      readOnly: false,
      resource: objectArn,
      handler(ctx, input) {
        ctx.trail.requestParameters = { bucketName: input.Bucket, key: input.Key };
        const { bucket } = ownBucket(ctx, input, 's3:PutObject');
        const etag = `"${createHash('md5').update(input.body).digest('hex')}"`;
        objectsOf(bucket).set(input.Key, {
          body: Buffer.from(input.body),
          contentType: input.contentType,
          lastModified: ctx.world.now().toISOString(),
          etag,
        });
        return { status: 200, body: '' };
      },
    },
    GetObject: {
      readOnly: true,
      resource: objectArn,
      handler(ctx, input) {
        const { bucket } = ownBucket(ctx, input, 's3:GetObject');
        const obj = objectsOf(bucket).get(input.Key);
        if (!obj)
          throw new AwsError('NoSuchKey', 'The specified key does not exist.', 404, { Key: input.Key });
        return { status: 200, contentType: obj.contentType, body: obj.body.toString('utf8') };
      },
    },
    ListObjectsV2: {
      readOnly: true,
      action: 's3:ListBucket',
      resource: (ctx, i) => `arn:${ctx.world.partition}:s3:::${i.Bucket}`,
      handler(ctx, input) {
        const { bucket } = ownBucket(ctx, input, 's3:ListBucket');
        return { body: listXml(bucket, input) };
      },
    },
  };
}

function listXml(bucket: Bucket, input: ObjectInput): string {
  const q = input.query;
  const prefix = q.get('prefix') ?? '';
  const maxRaw = q.get('max-keys');
  const max = maxRaw === null ? 1000 : Number(maxRaw);
  if (!Number.isInteger(max) || max < 0)
    throw new AwsError('InvalidArgument', 'Provided max-keys not an integer or within integer range', 400, {
      ArgumentName: 'max-keys',
      ArgumentValue: maxRaw ?? '',
    });
  const token = q.get('continuation-token');
  const after = token !== null ? Buffer.from(token, 'base64').toString('utf8') : (q.get('start-after') ?? '');
  const all = [...objectsOf(bucket).keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
  const page = all.slice(0, Math.min(max, 1000));
  const truncated = all.length > page.length;
  const contents = page
    .map((k) => {
      const o = objectsOf(bucket).get(k)!;
      return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${o.lastModified}</LastModified><ETag>${xmlEscape(o.etag)}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
    })
    .join('');
  const next = truncated
    ? `<NextContinuationToken>${Buffer.from(page[page.length - 1]!).toString('base64')}</NextContinuationToken>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(bucket.name)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${next}${token !== null ? `<ContinuationToken>${xmlEscape(token)}</ContinuationToken>` : ''}</ListBucketResult>`;
}
