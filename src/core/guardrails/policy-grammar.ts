/**
 * A structural check of IAM policy documents: the element names, Effect values, action and
 * condition-key shapes, and condition operator names AWS accepts. rootctl runs it over everything it
 * generates (tests), so a typo such as "ArnEqual" or "Condtion" cannot ship.
 */

const BASE_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
];

export function isConditionOperator(op: string): boolean {
  if (op === 'Null') return true;
  const base = op.replace(/^For(AnyValue|AllValues):/, '').replace(/IfExists$/, '');
  return BASE_OPERATORS.includes(base);
}

const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const ACTION = /^([a-z0-9-]+:[A-Za-z0-9*?]+|\*)$/;
const CONDITION_KEY = /^[a-zA-Z0-9-]+:[A-Za-z0-9_/.:${}*-]+$/;

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

export interface GrammarOptions {
  /** Resource policies (trust, topic) need a Principal; identity policies and SCPs must not have one. */
  kind: 'identity' | 'resource' | 'scp';
}

/** Returns the problems found; an empty list means the document is well formed. */
export function policyGrammarProblems(doc: unknown, options: GrammarOptions): string[] {
  const problems: string[] = [];
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    return ['the policy is not a JSON object'];
  const d = doc as Record<string, unknown>;
  for (const k of Object.keys(d))
    if (k !== 'Version' && k !== 'Statement' && k !== 'Id') problems.push(`unknown top-level element ${k}`);
  if (d.Version !== '2012-10-17')
    problems.push(`Version must be "2012-10-17", not ${JSON.stringify(d.Version)}`);
  const statements = d.Statement === undefined ? [] : list(d.Statement);
  if (statements.length === 0) problems.push('Statement is missing or empty');
  statements.forEach((raw, i) => {
    const at = `Statement[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      return void problems.push(`${at} is not an object`);
    const s = raw as Record<string, unknown>;
    for (const k of Object.keys(s)) if (!STATEMENT_KEYS.has(k)) problems.push(`${at}: unknown element ${k}`);
    if (s.Sid !== undefined && (typeof s.Sid !== 'string' || !/^[A-Za-z0-9]*$/.test(s.Sid)))
      problems.push(`${at}: Sid must be alphanumeric`);
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') problems.push(`${at}: Effect must be Allow or Deny`);
    if ((s.Action === undefined) === (s.NotAction === undefined))
      problems.push(`${at}: exactly one of Action or NotAction is required`);
    for (const a of list(s.Action ?? s.NotAction ?? []))
      if (typeof a !== 'string' || !ACTION.test(a))
        problems.push(`${at}: malformed action ${JSON.stringify(a)}`);
    const hasResource = s.Resource !== undefined || s.NotResource !== undefined;
    if (s.Resource !== undefined && s.NotResource !== undefined)
      problems.push(`${at}: Resource and NotResource are exclusive`);
    if (!hasResource && options.kind === 'identity') problems.push(`${at}: Resource is required`);
    for (const r of list(s.Resource ?? s.NotResource ?? []))
      if (typeof r !== 'string' || !(r === '*' || r.startsWith('arn:')))
        problems.push(`${at}: malformed resource ${JSON.stringify(r)}`);
    const hasPrincipal = s.Principal !== undefined || s.NotPrincipal !== undefined;
    if (options.kind === 'resource' && !hasPrincipal)
      problems.push(`${at}: Principal is required in a resource policy`);
    if (options.kind !== 'resource' && hasPrincipal)
      problems.push(
        `${at}: Principal is not allowed in ${options.kind === 'scp' ? 'an SCP' : 'an identity policy'}`,
      );
    if (s.Condition !== undefined) {
      if (typeof s.Condition !== 'object' || s.Condition === null)
        return void problems.push(`${at}: Condition must be an object`);
      for (const [op, block] of Object.entries(s.Condition as Record<string, unknown>)) {
        if (!isConditionOperator(op)) problems.push(`${at}: unknown condition operator ${op}`);
        if (typeof block !== 'object' || block === null) {
          problems.push(`${at}: Condition.${op} must be an object`);
          continue;
        }
        for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
          if (!CONDITION_KEY.test(key)) problems.push(`${at}: malformed condition key ${key}`);
          for (const v of list(value))
            if (typeof v !== 'string' && typeof v !== 'boolean' && typeof v !== 'number')
              problems.push(`${at}: Condition.${op}.${key} has a non-scalar value`);
          if (op === 'Null' && list(value).some((v) => String(v) !== 'true' && String(v) !== 'false'))
            problems.push(`${at}: Null takes "true" or "false"`);
        }
      }
    }
  });
  return problems;
}

/** Length of a policy as AWS counts it against size quotas (whitespace outside strings removed). */
export function minifiedLength(doc: unknown): number {
  return JSON.stringify(doc).length;
}
