/** ReportBucketPort on the AWS SDK: objects of the scheduled audit's S3 bucket. */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { ReportBucketPort } from '../core/ports.js';
import type { AwsContext } from './clients.js';
import { awsErrorCode } from './errors.js';

export function reportBucket(ctx: Pick<AwsContext, 's3'>, bucket: string): ReportBucketPort {
  const s3 = ctx.s3;
  return {
    async putObject(key, body, contentType) {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
        }),
      );
    },
    async getObject(key) {
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return (await out.Body?.transformToString('utf8')) ?? '';
      } catch (e) {
        if (awsErrorCode(e) === 'NoSuchKey') return undefined;
        throw e;
      }
    },
    async listKeys(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
        for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys.sort();
    },
  };
}
