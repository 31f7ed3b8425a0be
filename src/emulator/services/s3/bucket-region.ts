/**
 * Buckets live in a Region (the scenario's `region` per bucket, else the scenario's). A request that
 * reaches a bucket through another Region's endpoint is answered as S3 answers it: 301
 * `PermanentRedirect` with the bucket's endpoint and the `x-amz-bucket-region` header, which the SDKs'
 * region-redirect logic follows (S3 user guide, "Making requests" / "Virtual hosting of buckets":
 * requests to the wrong Regional endpoint get a 301; aws-sdk-js-v3 middleware-sdk-s3
 * `regionRedirectMiddleware` reads `x-amz-bucket-region` from a 301). A request sent to the bucket's own
 * Regional endpoint but signed for another Region is 400 `AuthorizationHeaderMalformed` naming the
 * expected Region. The emulator's endpoint stands for the Regional endpoint of the Region the request
 * names in its Host (`s3.<region>.amazonaws.com`) or, on a plain address, the Region it is signed for.
 */
import { AwsError } from '../../http-types.js';
import type { World } from '../../world.js';
import type { CallContext } from '../types.js';

export function bucketRegion(world: World, name: string): string | undefined {
  for (const account of world.accounts.values()) {
    const bucket = account.buckets.find((b) => b.name === name);
    if (bucket) return bucket.region ?? world.region;
  }
  return undefined;
}

function endpointRegion(ctx: CallContext): string {
  const host = ctx.host.split(':')[0]!.toLowerCase();
  return /(?:^|\.)s3[.-]([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com$/.exec(host)?.[1] ?? ctx.region;
}

/** Throws S3's answer when the bucket is not in the Region the request reached or was signed for. */
export function checkBucketRegion(ctx: CallContext, bucket: string): void {
  const region = bucketRegion(ctx.world, bucket);
  if (region === undefined) return;
  if (endpointRegion(ctx) !== region) {
    const err = new AwsError(
      'PermanentRedirect',
      'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
      301,
      { Endpoint: `${bucket}.s3.${region}.amazonaws.com`, Bucket: bucket },
    );
    err.headers['x-amz-bucket-region'] = region;
    throw err;
  }
  if (ctx.region !== region) {
    throw new AwsError(
      'AuthorizationHeaderMalformed',
      `The authorization header is malformed; the region '${ctx.region}' is wrong; expecting '${region}'`,
      400,
      { Region: region },
    );
  }
}
