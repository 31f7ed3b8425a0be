/**
 * awsQuery (IAM, STS): form-encoded requests, XML replies wrapped in <OpResponse><OpResult>.
 * Handlers return plain objects; this codec turns them into the XML the SDK and the AWS CLI parse.
 */
import { AwsError } from '../http-types.js';

/** A parsed query request: flat `Name`, `Parent.member.N`, `Struct.field` keys. */
export class QueryInput {
  constructor(readonly params: URLSearchParams) {}

  get(name: string): string | undefined {
    return this.params.get(name) ?? undefined;
  }

  require(name: string): string {
    const v = this.get(name);
    if (v === undefined || v === '') {
      throw new AwsError(
        'ValidationError',
        `1 validation error detected: Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`,
      );
    }
    return v;
  }

  int(name: string, min: number, max: number): number | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new AwsError(
        'ValidationError',
        `1 validation error detected: Value '${v}' at '${lowerFirst(name)}' failed to satisfy constraint: Member must have value between ${min} and ${max}`,
      );
    }
    return n;
  }

  /** An enum member: absent is undefined; a value outside `values` (in the order AWS's message lists them) is refused. */
  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const v = this.get(name);
    if (v === undefined || (values as readonly string[]).includes(v)) return v as T | undefined;
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value '${v}' at '${lowerFirst(name)}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`,
      400,
    );
  }

  /** `Name.member.1`, `Name.member.2`, ... */
  list(name: string): string[] {
    const out: string[] = [];
    for (let i = 1; ; i++) {
      const v = this.get(`${name}.member.${i}`);
      if (v === undefined) return out;
      out.push(v);
    }
  }

  /** Every parameter except Action and Version, nested and lower-camel-cased as CloudTrail writes them. */
  toRequestParameters(): Record<string, unknown> | null {
    const out: Record<string, unknown> = {};
    for (const [key, value] of this.params) {
      if (key === 'Action' || key === 'Version') continue;
      const parts = key.split('.').filter((p) => p !== 'member' && p !== 'entry');
      let node = out;
      for (let i = 0; i < parts.length - 1; i++) {
        const k = lowerFirst(parts[i]!);
        node = (node[k] ??= {}) as Record<string, unknown>;
      }
      node[lowerFirst(parts[parts.length - 1]!)] = value;
    }
    return Object.keys(out).length ? out : null;
  }
}

export function lowerFirst(s: string): string {
  return s.length ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** Marks a list written flattened: one element per item, named by its key (SQS's <QueueUrl>...</QueueUrl>). */
export class XmlFlatList {
  constructor(readonly items: unknown[]) {}
}

/** Marks an object to be written as <entry><key/><value/></entry> pairs (e.g. SummaryMap). */
export class XmlMap {
  constructor(readonly entries: Record<string, string | number>) {}
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]!);
}

/** ISO 8601 without milliseconds, as IAM and STS write timestamps. */
export function isoSeconds(d: Date | string): string {
  const date = typeof d === 'string' ? new Date(d) : d;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function toXml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return isoSeconds(value);
  if (value instanceof XmlMap) {
    return Object.entries(value.entries)
      .map(([k, v]) => `<entry><key>${xmlEscape(k)}</key><value>${xmlEscape(String(v))}</value></entry>`)
      .join('');
  }
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) =>
        v instanceof XmlFlatList
          ? v.items.map((i) => `<${k}>${toXml(i)}</${k}>`).join('')
          : `<${k}>${toXml(v)}</${k}>`,
      )
      .join('');
  }
  return xmlEscape(typeof value === 'string' ? value : JSON.stringify(value));
}

export function querySuccess(
  action: string,
  namespace: string,
  result: Record<string, unknown> | undefined,
  requestId: string,
): string {
  const inner = result === undefined ? '' : `<${action}Result>${toXml(result)}</${action}Result>`;
  return `<${action}Response xmlns="${namespace}">${inner}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

export function queryError(err: AwsError, namespace: string, requestId: string): string {
  return `<ErrorResponse xmlns="${namespace}"><Error><Type>${err.fault}</Type><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}
