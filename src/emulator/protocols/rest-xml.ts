/** restXml (S3): errors as <Error><Code/><Message/></Error>. */
import type { AwsError } from '../http-types.js';
import { xmlEscape } from './query.js';

export function restXmlError(err: AwsError, requestId: string): string {
  const extra = Object.entries(err.extra)
    .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message>${extra}<RequestId>${requestId}</RequestId><HostId>${requestId}</HostId></Error>`;
}
