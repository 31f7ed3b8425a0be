/**
 * The Condition element, every operator family the IAM user guide documents ("IAM JSON policy
 * elements: Condition operators", "Creating a condition with multiple context keys or values"),
 * evaluated in three values: true, false, or 'unknown' when the answer depends on something this
 * evaluator does not know (an operator it does not implement, a key only known when a real request
 * is made, a malformed value). Pure: no I/O.
 */
import { parseCidr, parseIp, inCidr } from './ip.js';

export type Tri = boolean | 'unknown';

/** What the request context says about one key. */
export type KeyLookup = { kind: 'present'; values: string[] } | { kind: 'absent' } | { kind: 'unknown' };

/** A policy value after policy-variable substitution. */
export type Resolved = { kind: 'value'; value: string } | { kind: 'absent' } | { kind: 'unknown' };

export interface ConditionEnv {
  lookup(key: string): KeyLookup;
  /** Substitutes ${...} policy variables (only String and Arn operators take them). */
  resolve(value: string): Resolved;
  glob(pattern: string, value: string, ignoreCase?: boolean): boolean;
}

export function and(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  return a === 'unknown' || b === 'unknown' ? 'unknown' : true;
}

function or(results: Tri[]): Tri {
  if (results.includes(true)) return true;
  return results.includes('unknown') ? 'unknown' : false;
}

type Family = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'Ip' | 'Arn';

interface BaseOperator {
  family: Family;
  /** Negated operators (StringNotEquals, NotIpAddress, ...): true when the key is absent. */
  negated: boolean;
  /** Does one request value match one policy value (before negation)? */
  test(actual: string, expected: string, env: ConditionEnv): Tri;
}

function num(v: string): number | undefined {
  const n = Number(v.trim());
  return v.trim() !== '' && Number.isFinite(n) ? n : undefined;
}

/** ISO 8601 (W3C profile) or epoch seconds, as the Date operators accept. */
export function parseDate(v: string): number | undefined {
  const t = v.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  if (!/^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/.test(t))
    return undefined;
  const dated = /^\d{4}$/.test(t) ? `${t}-01-01` : t;
  const zoned = dated.includes('T') && !/(Z|[+-]\d{2}:\d{2})$/.test(dated) ? `${dated}Z` : dated;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : ms;
}

function compare(parse: (v: string) => number | undefined, cmp: (a: number, b: number) => boolean) {
  return (actual: string, expected: string): Tri => {
    const e = parse(expected);
    if (e === undefined) return 'unknown'; // a malformed policy value: AWS would not accept the policy
    const a = parse(actual);
    return a === undefined ? false : cmp(a, e);
  };
}

const CMP: Record<string, (a: number, b: number) => boolean> = {
  Equals: (a, b) => a === b,
  NotEquals: (a, b) => a === b,
  LessThan: (a, b) => a < b,
  LessThanEquals: (a, b) => a <= b,
  GreaterThan: (a, b) => a > b,
  GreaterThanEquals: (a, b) => a >= b,
};

function base64Equals(actual: string, expected: string): Tri {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(expected.trim())) return 'unknown';
  return Buffer.from(actual, 'base64').equals(Buffer.from(expected, 'base64'));
}

function ipTest(actual: string, expected: string): Tri {
  const cidr = parseCidr(expected);
  if (!cidr) return 'unknown';
  const ip = parseIp(actual);
  return ip ? inCidr(ip, cidr) : false;
}

/** ArnLike: each of the six colon-delimited parts matched on its own; the last takes the rest. */
function arnLike(actual: string, pattern: string, env: ConditionEnv): boolean {
  const split = (s: string) => {
    const parts = s.split(':');
    return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  const a = split(actual);
  const p = split(pattern);
  if (!a || !p) return pattern === '*' || env.glob(pattern, actual);
  return p.every((part, i) => env.glob(part, a[i]!));
}

function operatorsTable(): Map<string, BaseOperator> {
  const m = new Map<string, BaseOperator>();
  const add = (name: string, family: Family, negated: boolean, test: BaseOperator['test']) =>
    m.set(name, { family, negated, test });
  add('StringEquals', 'String', false, (a, e) => a === e);
  add('StringNotEquals', 'String', true, (a, e) => a === e);
  add('StringEqualsIgnoreCase', 'String', false, (a, e) => a.toLowerCase() === e.toLowerCase());
  add('StringNotEqualsIgnoreCase', 'String', true, (a, e) => a.toLowerCase() === e.toLowerCase());
  add('StringLike', 'String', false, (a, e, env) => env.glob(e, a));
  add('StringNotLike', 'String', true, (a, e, env) => env.glob(e, a));
  for (const [suffix, cmp] of Object.entries(CMP)) {
    add(`Numeric${suffix}`, 'Numeric', suffix === 'NotEquals', compare(num, cmp));
    add(`Date${suffix}`, 'Date', suffix === 'NotEquals', compare(parseDate, cmp));
  }
  add('Bool', 'Bool', false, (a, e) =>
    /^(true|false)$/i.test(e) ? a.toLowerCase() === e.toLowerCase() : 'unknown',
  );
  add('BinaryEquals', 'Binary', false, base64Equals);
  add('IpAddress', 'Ip', false, ipTest);
  add('NotIpAddress', 'Ip', true, ipTest);
  for (const name of ['ArnEquals', 'ArnLike']) add(name, 'Arn', false, (a, e, env) => arnLike(a, e, env));
  for (const name of ['ArnNotEquals', 'ArnNotLike'])
    add(name, 'Arn', true, (a, e, env) => arnLike(a, e, env));
  return m;
}
const OPERATORS = operatorsTable();

/** Families whose values may hold ${...} policy variables (the variables page says which). */
const TAKES_VARIABLES = new Set<Family>(['String', 'Arn']);

/** One request value against the policy's values: any value matches (OR), then negation. */
function testOne(op: BaseOperator, actual: string, expected: Resolved[], env: ConditionEnv): Tri {
  const hits = expected.map((e): Tri =>
    e.kind === 'value' ? op.test(actual, e.value, env) : e.kind === 'unknown' ? 'unknown' : false,
  );
  const any = or(hits);
  return op.negated ? (any === 'unknown' ? 'unknown' : !any) : any;
}

export interface ParsedOperator {
  base: BaseOperator | undefined;
  baseName: string;
  qualifier: 'ForAllValues' | 'ForAnyValue' | undefined;
  ifExists: boolean;
}

export function parseOperator(operator: string): ParsedOperator {
  const q = /^(ForAllValues|ForAnyValue):(.+)$/.exec(operator);
  let name = q ? q[2]! : operator;
  const ifExists = name.endsWith('IfExists') && name !== 'IfExists';
  if (ifExists) name = name.slice(0, -'IfExists'.length);
  return {
    base: OPERATORS.get(name),
    baseName: name,
    qualifier: q ? (q[1] as 'ForAllValues' | 'ForAnyValue') : undefined,
    ifExists,
  };
}

/** Whether an operator name is one this evaluator implements (Null included). */
export function isKnownOperator(operator: string): boolean {
  const p = parseOperator(operator);
  return p.base !== undefined || (p.baseName === 'Null' && !p.ifExists && !p.qualifier);
}

/** One `"Operator": { "key": values }` pair. */
export function evaluateCondition(
  operator: string,
  key: string,
  rawExpected: string[],
  env: ConditionEnv,
): Tri {
  const p = parseOperator(operator);
  const found = env.lookup(key);
  if (p.baseName === 'Null' && !p.ifExists && !p.qualifier) {
    if (found.kind === 'unknown') return 'unknown';
    const present = found.kind === 'present' && found.values.length > 0;
    const wants = rawExpected.map((e) => e.toLowerCase());
    if (wants.some((w) => w !== 'true' && w !== 'false')) return 'unknown';
    return wants.some((w) => (w === 'true' ? !present : present));
  }
  const op = p.base;
  if (!op) return 'unknown'; // an operator this evaluator does not implement
  if (found.kind === 'unknown') return 'unknown';
  const expected = rawExpected.map((e): Resolved =>
    TAKES_VARIABLES.has(op.family) ? env.resolve(e) : { kind: 'value', value: e },
  );
  if (found.kind === 'absent' && p.ifExists) return true;
  const values = found.kind === 'present' ? found.values : [];
  if (p.qualifier === 'ForAllValues') {
    // True when every request value matches; an absent key or empty set is true.
    return values.reduce<Tri>((acc, v) => and(acc, testOne(op, v, expected, env)), true);
  }
  if (p.qualifier === 'ForAnyValue') {
    return or(values.map((v) => testOne(op, v, expected, env)));
  }
  if (found.kind === 'absent') return op.negated;
  if (values.length !== 1) {
    // A single-valued operator over a multivalued key: AWS does not document one answer.
    return values.length === 0 ? op.negated : 'unknown';
  }
  return testOne(op, values[0]!, expected, env);
}
