/**
 * A small IAM policy evaluator: enough of the grammar to evaluate SCPs and the root-task policies
 * against one request (Action/NotAction, Resource/NotResource, the string, ARN, Bool and Null
 * condition operators with IfExists, and ${aws:...} policy variables).
 *
 * Used by the emulator to enforce SCPs and task policies, and by doctor/audit to explain which SCP
 * blocks a root session. Pure: no I/O.
 */

export type Effect = 'Allow' | 'Deny';
type OneOrMany<T> = T | T[];

export interface PolicyStatement {
  Sid?: string;
  Effect: Effect;
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  Condition?: Record<string, Record<string, OneOrMany<string | boolean | number>>>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: OneOrMany<PolicyStatement>;
}

/** The request as policies see it. Condition keys are matched case-insensitively. */
export interface RequestContext {
  action: string;
  resource: string;
  keys: Record<string, string | undefined>;
}

export type StatementResult = 'Allow' | 'Deny' | 'NoMatch';

export function statementsOf(doc: PolicyDocument): PolicyStatement[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

function list<T>(v: OneOrMany<T> | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** `*` and `?` wildcards; actions compare case-insensitively, resources case-sensitively. */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  const re = globCache.get(pattern + (ignoreCase ? '\u0000i' : ''));
  if (re) return re.test(value);
  const source =
    '^' +
    pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.') +
    '$';
  const compiled = new RegExp(source, ignoreCase ? 'is' : 's');
  globCache.set(pattern + (ignoreCase ? '\u0000i' : ''), compiled);
  return compiled.test(value);
}
const globCache = new Map<string, RegExp>();

function substitute(value: string, ctx: RequestContext): string {
  if (!value.includes('${')) return value;
  return value.replace(/\$\{([^}]+)\}/g, (_m, key: string) => lookupKey(ctx, key) ?? '');
}

function lookupKey(ctx: RequestContext, key: string): string | undefined {
  const k = key.toLowerCase();
  for (const [name, v] of Object.entries(ctx.keys)) if (name.toLowerCase() === k) return v;
  return undefined;
}

function matchesAction(st: PolicyStatement, action: string): boolean {
  if (st.Action !== undefined) return list(st.Action).some((p) => globMatch(p, action, true));
  if (st.NotAction !== undefined) return !list(st.NotAction).some((p) => globMatch(p, action, true));
  return false;
}

function matchesResource(st: PolicyStatement, resource: string, ctx: RequestContext): boolean {
  if (st.Resource !== undefined)
    return list(st.Resource).some((p) => globMatch(substitute(p, ctx), resource));
  if (st.NotResource !== undefined)
    return !list(st.NotResource).some((p) => globMatch(substitute(p, ctx), resource));
  return true; // SCPs may omit Resource (implied "*")
}

const NEGATED = /Not(Equals|Like)/;

function evaluateOperator(
  operator: string,
  actual: string | undefined,
  expected: string[],
  ctx: RequestContext,
): boolean {
  let op = operator.replace(/^For(Any|All)Value:/, '');
  const ifExists = op.endsWith('IfExists');
  if (ifExists) op = op.slice(0, -'IfExists'.length);
  if (op === 'Null') {
    const wantAbsent = expected.some((e) => e.toLowerCase() === 'true');
    return wantAbsent ? actual === undefined : actual !== undefined;
  }
  if (actual === undefined) return ifExists || NEGATED.test(op);
  const values = expected.map((e) => substitute(e, ctx));
  switch (op) {
    case 'StringEquals':
    case 'ArnEquals':
      return values.some((v) => v === actual);
    case 'StringNotEquals':
    case 'ArnNotEquals':
      return !values.some((v) => v === actual);
    case 'StringEqualsIgnoreCase':
      return values.some((v) => v.toLowerCase() === actual.toLowerCase());
    case 'StringNotEqualsIgnoreCase':
      return !values.some((v) => v.toLowerCase() === actual.toLowerCase());
    case 'StringLike':
    case 'ArnLike':
      return values.some((v) => globMatch(v, actual));
    case 'StringNotLike':
    case 'ArnNotLike':
      return !values.some((v) => globMatch(v, actual));
    case 'Bool':
      return values.some((v) => v.toLowerCase() === actual.toLowerCase());
    default:
      // An operator this evaluator does not know never matches: a Deny with it is not applied,
      // which errs towards "allowed" in the emulator and is reported as such by the analysers.
      return false;
  }
}

export function conditionsMatch(st: PolicyStatement, ctx: RequestContext): boolean {
  for (const [operator, block] of Object.entries(st.Condition ?? {})) {
    for (const [key, expected] of Object.entries(block)) {
      const exp = list(expected).map(String);
      if (!evaluateOperator(operator, lookupKey(ctx, key), exp, ctx)) return false;
    }
  }
  return true;
}

export function evaluateStatement(st: PolicyStatement, ctx: RequestContext): StatementResult {
  if (!matchesAction(st, ctx.action)) return 'NoMatch';
  if (!matchesResource(st, ctx.resource, ctx)) return 'NoMatch';
  if (!conditionsMatch(st, ctx)) return 'NoMatch';
  return st.Effect;
}

export interface PolicyResult {
  decision: 'Allow' | 'ExplicitDeny' | 'NoMatch';
  statement?: PolicyStatement;
}

/** Evaluates one document: an explicit deny wins over an allow. */
export function evaluatePolicy(doc: PolicyDocument, ctx: RequestContext): PolicyResult {
  let allow: PolicyStatement | undefined;
  for (const st of statementsOf(doc)) {
    const r = evaluateStatement(st, ctx);
    if (r === 'Deny') return { decision: 'ExplicitDeny', statement: st };
    if (r === 'Allow') allow ??= st;
  }
  return allow ? { decision: 'Allow', statement: allow } : { decision: 'NoMatch' };
}

export interface NamedPolicy {
  id: string;
  name: string;
  document: PolicyDocument;
}

export type ScpDecision =
  | { decision: 'Allow' }
  | { decision: 'ExplicitDeny'; policy: NamedPolicy; statement: PolicyStatement; targetId: string }
  | { decision: 'ImplicitDeny'; targetId: string };

/**
 * SCP semantics: `levels` runs from the root down to the account, each with the policies attached
 * directly to that target. Any explicit Deny denies; otherwise every level needs at least one Allow.
 */
export function evaluateScps(
  levels: { targetId: string; policies: NamedPolicy[] }[],
  ctx: RequestContext,
): ScpDecision {
  for (const level of levels) {
    for (const policy of level.policies) {
      const r = evaluatePolicy(policy.document, ctx);
      if (r.decision === 'ExplicitDeny') {
        return { decision: 'ExplicitDeny', policy, statement: r.statement!, targetId: level.targetId };
      }
    }
  }
  for (const level of levels) {
    if (!level.policies.some((p) => evaluatePolicy(p.document, ctx).decision === 'Allow')) {
      return { decision: 'ImplicitDeny', targetId: level.targetId };
    }
  }
  return { decision: 'Allow' };
}

/** Parses a policy document from JSON text; returns undefined when it is not a policy. */
export function parsePolicyDocument(text: string): PolicyDocument | undefined {
  try {
    const doc = JSON.parse(text) as unknown;
    if (typeof doc !== 'object' || doc === null || !('Statement' in doc)) return undefined;
    return doc as PolicyDocument;
  } catch {
    return undefined;
  }
}
