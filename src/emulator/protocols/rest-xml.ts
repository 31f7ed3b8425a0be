/** restXml (S3): errors as <Error><Code/><Message/>...<RequestId/><HostId/></Error>. */
import { createHash } from 'node:crypto';
import type { AwsError } from '../http-types.js';
import { xmlEscape } from './query.js';

/**
 * S3's extended request id: every answer carries it in `x-amz-id-2`, and error bodies as `HostId`
 * (S3 API reference, "Common response headers"; SDKs report it as `extendedRequestId`). An opaque
 * base64 token, derived here from the request id.
 */
export function s3HostId(requestId: string): string {
  return createHash('sha512').update(`x-amz-id-2:${requestId}`).digest('base64').slice(0, 76);
}

export function restXmlError(err: AwsError, requestId: string, hostId = s3HostId(requestId)): string {
  const extra = Object.entries(err.extra)
    .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message>${extra}<RequestId>${requestId}</RequestId><HostId>${hostId}</HostId></Error>`;
}
