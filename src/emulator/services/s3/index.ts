/**
 * S3 (restXml): ListBuckets and the bucket-policy calls the S3 unlock task needs. Path-style
 * (`/bucket?policy`) and virtual-hosted (`bucket.localhost`, `bucket.s3.<region>.amazonaws.com`)
 * addressing both work. Buckets live in their account's state; a root session sees its account's.
 */
import { createHash } from 'node:crypto';
import { parsePolicyDocument, unknownConditionOperators } from '../../../core/model/policy/evaluate.js';
import { AwsError, type EmuRequest } from '../../http-types.js';
import { xmlEscape } from '../../protocols/query.js';
import type { AccountState } from '../../world.js';
import type { CallContext, Operation, ServiceDefinition } from '../types.js';
import { objectOperations, routeObject } from './objects.js';
import { bucketRegion, checkBucketRegion } from './bucket-region.js';
import { resourcePolicyDenies } from './resource-policy.js';

interface S3Input {
  Bucket: string;
  body: Buffer;
  query: URLSearchParams;
}

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const bucketArn = (ctx: CallContext, input: S3Input) => `arn:${ctx.world.partition}:s3:::${input.Bucket}`;

/** The bucket named by the Host (virtual-hosted style) or the first path segment (path style). */
function addressOf(req: EmuRequest): { bucket: string | undefined; key: string } {
  const host = (req.headers.host ?? '').split(':')[0]!.toLowerCase();
  const virtual = /^(.+?)\.(?:s3[.-][a-z0-9.-]*amazonaws\.com|s3\.amazonaws\.com|localhost)$/.exec(host);
  const path = req.path.replace(/^\/+/, '');
  if (virtual) return { bucket: virtual[1], key: path };
  const slash = path.indexOf('/');
  const bucket = safeDecode(slash < 0 ? path : path.slice(0, slash));
  return { bucket: bucket === '' ? undefined : bucket, key: slash < 0 ? '' : path.slice(slash + 1) };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function route(req: EmuRequest): { operation: string; input: unknown } | AwsError {
  const { bucket, key } = addressOf(req);
  const object = routeObject(req, bucket, key);
  if (object) return object;
  const input: S3Input = { Bucket: bucket ?? '', body: req.body, query: req.query };
  if (bucket === undefined && req.method === 'GET') return { operation: 'ListBuckets', input };
  if (bucket !== undefined && key === '' && req.query.has('policy')) {
    const op = { GET: 'GetBucketPolicy', PUT: 'PutBucketPolicy', DELETE: 'DeleteBucketPolicy' }[req.method];
    if (op) return { operation: op, input };
  }
  return new AwsError(
    'NotImplemented',
    'The emulator implements ListBuckets, the bucket-policy calls, PutObject, GetObject and ListObjectsV2 only.',
    501,
  );
}

/** The bucket and its owner; a bucket of another account is AccessDenied (no cross-account grants are modeled). */
function ownBucket(
  ctx: CallContext,
  input: Pick<S3Input, 'Bucket'>,
  action: string,
): { account: AccountState; bucket: AccountState['buckets'][number] } {
  for (const account of ctx.world.accounts.values()) {
    const bucket = account.buckets.find((b) => b.name === input.Bucket);
    if (!bucket) continue;
    const denied =
      account.id !== ctx.accountId ||
      resourcePolicyDenies(
        bucket.policy,
        ctx,
        action,
        `arn:${ctx.world.partition}:s3:::${bucket.name}`,
        account.id,
      );
    if (denied) throw new AwsError('AccessDenied', 'Access Denied', 403);
    return { account, bucket };
  }
  throw new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404, {
    BucketName: input.Bucket,
  });
}

function canonicalId(accountId: string): string {
  return createHash('sha256').update(`emulator-canonical-${accountId}`).digest('hex');
}

const listBuckets: Operation<S3Input> = {
  readOnly: true,
  action: 's3:ListAllMyBuckets',
  handler(ctx, input) {
    const account = ctx.world.accounts.get(ctx.accountId);
    const prefix = input.query.get('prefix') ?? '';
    const maxRaw = input.query.get('max-buckets');
    const max = maxRaw === null ? 10_000 : Number(maxRaw);
    if (!Number.isInteger(max) || max < 1 || max > 10_000)
      throw new AwsError('InvalidArgument', 'max-buckets must be an integer between 1 and 10000', 400, {
        ArgumentName: 'max-buckets',
      });
    const after = input.query.get('continuation-token');
    const startAfter = after === null ? '' : Buffer.from(after, 'base64').toString('utf8');
    const all = (account?.buckets ?? [])
      .map((b) => b.name)
      .filter((n) => n.startsWith(prefix) && n > startAfter)
      .sort();
    const page = all.slice(0, max);
    const created = new Date(account?.joinedTimestamp ?? ctx.world.now()).toISOString();
    const buckets = page
      .map(
        (n) =>
          `<Bucket><Name>${xmlEscape(n)}</Name><CreationDate>${created}</CreationDate><BucketRegion>${bucketRegion(ctx.world, n) ?? ctx.world.region}</BucketRegion></Bucket>`,
      )
      .join('');
    const token =
      all.length > page.length
        ? `<ContinuationToken>${Buffer.from(page[page.length - 1]!).toString('base64')}</ContinuationToken>`
        : '';
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult xmlns="${S3_NS}"><Owner><ID>${canonicalId(ctx.accountId)}</ID></Owner><Buckets>${buckets}</Buckets>${token}${prefix ? `<Prefix>${xmlEscape(prefix)}</Prefix>` : ''}</ListAllMyBucketsResult>`;
    return { body };
  },
};

const getBucketPolicy: Operation<S3Input> = {
  readOnly: true,
  resource: bucketArn,
  handler(ctx, input) {
    const { bucket } = ownBucket(ctx, input, 's3:GetBucketPolicy');
    if (bucket.policy === undefined)
      throw new AwsError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, {
        BucketName: bucket.name,
      });
    return { body: bucket.policy, contentType: 'application/json' };
  },
};

const putBucketPolicy: Operation<S3Input> = {
  readOnly: false,
  resource: bucketArn,
  handler(ctx, input) {
    const text = input.body.toString('utf8');
    ctx.trail.requestParameters = { bucketName: input.Bucket, bucketPolicy: safeJson(text), policy: '' };
    const { bucket } = ownBucket(ctx, input, 's3:PutBucketPolicy');
    if (!text.trimStart().startsWith('{') || !parsePolicyDocument(text)) {
      throw new AwsError(
        'MalformedPolicy',
        "Policies must be valid JSON and the first byte must be '{'",
        400,
      );
    }
    // An operator IAM does not know: S3's text as S3-compatible servers reproduce it (docs/emulator.md).
    const [badOperator] = unknownConditionOperators(JSON.parse(text));
    if (badOperator !== undefined)
      throw new AwsError('MalformedPolicy', `Invalid Condition type : ${badOperator}`, 400);
    bucket.policy = text;
    return undefined;
  },
};

const deleteBucketPolicy: Operation<S3Input> = {
  readOnly: false,
  resource: bucketArn,
  handler(ctx, input) {
    ctx.trail.requestParameters = { bucketName: input.Bucket, policy: '' };
    const { bucket } = ownBucket(ctx, input, 's3:DeleteBucketPolicy');
    // Deleting a policy that is not there succeeds (204), as in S3.
    delete bucket.policy;
    return undefined;
  },
};

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Every bucket operation first answers a request that reached the bucket in another Region as S3 does. */
function inBucketRegion(operations: Record<string, Operation<S3Input>>): Record<string, Operation<S3Input>> {
  return Object.fromEntries(
    Object.entries(operations).map(([name, op]) => [
      name,
      {
        ...op,
        resource: (ctx: CallContext, input: S3Input) => {
          checkBucketRegion(ctx, input.Bucket);
          return op.resource?.(ctx, input) ?? '*';
        },
      },
    ]),
  );
}

export const s3: ServiceDefinition = {
  signingName: 's3',
  protocol: 'rest-xml',
  eventSource: 's3.amazonaws.com',
  route,
  operations: {
    ListBuckets: listBuckets,
    ...inBucketRegion({
      GetBucketPolicy: getBucketPolicy,
      PutBucketPolicy: putBucketPolicy,
      DeleteBucketPolicy: deleteBucketPolicy,
      ...(objectOperations(ownBucket) as Record<string, Operation<S3Input>>),
    }),
  },
};
