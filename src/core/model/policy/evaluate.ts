/**
 * An IAM policy evaluator: Action/NotAction, Resource/NotResource, Principal/NotPrincipal, every
 * condition operator family with IfExists and the ForAllValues/ForAnyValue set qualifiers
 * (./conditions.ts), and ${...} policy variables with defaults.
 *
 * Three-valued: where the answer depends on something the evaluator cannot know (an operator it does
 * not implement, a condition key whose value only a real request has, a malformed value) a
 * statement's match is 'unknown', and a policy whose Deny might apply answers 'Unknown' rather than
 * "no match". Analysers must report such a policy as possibly blocking; never as harmless.
 *
 * Used by the emulator to enforce SCPs, identity and task policies, and by doctor, audit, remediate
 * and `guardrails scp --check` (src/core/scp/analysis.ts). Pure: no I/O.
 */
import {
  and,
  evaluateCondition,
  isKnownOperator,
  type ConditionEnv,
  type KeyLookup,
  type Resolved,
  type Tri,
} from './conditions.js';

export type { Tri } from './conditions.js';
export type Effect = 'Allow' | 'Deny';
type OneOrMany<T> = T | T[];

export type PolicyPrincipal = '*' | Record<string, OneOrMany<string>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: Effect;
  Principal?: PolicyPrincipal;
  NotPrincipal?: PolicyPrincipal;
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

/**
 * The request as policies see it. Condition keys are matched case-insensitively.
 * `knowledge`: 'complete' (the default; the emulator serving a real request) means a key not in
 * `keys` is absent from the request. 'partial' (analysis before any request is made) means only the
 * keys in `keys` are known: a key set to undefined is known to be absent, any other is unknown.
 */
export interface RequestContext {
  action: string;
  resource: string;
  keys: Record<string, string | readonly string[] | undefined>;
  knowledge?: 'complete' | 'partial';
  /** Names the caller answers to in a Principal element (its ARN, account id, account root ARN, service). */
  principal?: { AWS?: readonly string[]; Service?: readonly string[] };
}

export type StatementResult = 'Allow' | 'Deny' | 'NoMatch' | 'Unknown';

export function statementsOf(doc: PolicyDocument): PolicyStatement[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

function list<T>(v: OneOrMany<T> | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** `*` and `?` wildcards; actions compare case-insensitively, resources case-sensitively. */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  const cacheKey = pattern + (ignoreCase ? '\u0000i' : '');
  const re = globCache.get(cacheKey);
  if (re) return re.test(value);
  const source =
    '^' +
    pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.') +
    '$';
  const compiled = new RegExp(source, ignoreCase ? 'is' : 's');
  globCache.set(cacheKey, compiled);
  return compiled.test(value);
}
const globCache = new Map<string, RegExp>();

function lookupKey(ctx: RequestContext, key: string): KeyLookup {
  const k = key.toLowerCase();
  for (const [name, v] of Object.entries(ctx.keys)) {
    if (name.toLowerCase() !== k) continue;
    if (v === undefined) return { kind: 'absent' };
    return { kind: 'present', values: typeof v === 'string' ? [v] : [...v] };
  }
  return ctx.knowledge === 'partial' ? { kind: 'unknown' } : { kind: 'absent' };
}

const SPECIAL: Record<string, string> = { '*': '*', '?': '?', $: '$' };

/**
 * Substitutes ${key} and ${key, 'default'} policy variables. A variable whose key is not in the
 * request "fails and causes the statement to be invalid" (IAM user guide, policy variables): the
 * value is 'absent' and matches nothing.
 */
function resolveVariables(value: string, ctx: RequestContext): Resolved {
  if (!value.includes('${')) return { kind: 'value', value };
  let state: Resolved['kind'] = 'value';
  const out = value.replace(/\$\{([^}]+)\}/g, (_m, inner: string) => {
    const d = /^\s*([^,]+?)\s*,\s*'([^']*)'\s*$/.exec(inner);
    const key = (d ? d[1]! : inner).trim();
    if (SPECIAL[key] !== undefined) return SPECIAL[key];
    const found = lookupKey(ctx, key);
    if (found.kind === 'present' && found.values.length === 1) return found.values[0]!;
    if (d) return d[2]!;
    if (found.kind === 'unknown' || found.kind === 'present')
      state = state === 'absent' ? 'absent' : 'unknown';
    else state = 'absent';
    return '';
  });
  return state === 'value' ? { kind: 'value', value: out } : { kind: state };
}

function envOf(ctx: RequestContext): ConditionEnv {
  return {
    lookup: (key) => lookupKey(ctx, key),
    resolve: (v) => resolveVariables(v, ctx),
    glob: (p, v, i) => globMatch(p, v, i),
  };
}

function matchesAction(st: PolicyStatement, action: string): boolean {
  if (st.Action !== undefined) return list(st.Action).some((p) => globMatch(p, action, true));
  if (st.NotAction !== undefined) return !list(st.NotAction).some((p) => globMatch(p, action, true));
  return false;
}

function anyPattern(patterns: string[], resource: string, ctx: RequestContext): Tri {
  let result: Tri = false;
  for (const p of patterns) {
    const r = resolveVariables(p, ctx);
    if (r.kind === 'value' && globMatch(r.value, resource)) return true;
    if (r.kind === 'unknown') result = 'unknown';
  }
  return result;
}

function matchesResource(st: PolicyStatement, ctx: RequestContext): Tri {
  if (st.Resource !== undefined) return anyPattern(list(st.Resource), ctx.resource, ctx);
  if (st.NotResource !== undefined) {
    const hit = anyPattern(list(st.NotResource), ctx.resource, ctx);
    return hit === 'unknown' ? 'unknown' : !hit;
  }
  return true; // SCPs may omit Resource (implied "*")
}

function principalNames(p: PolicyPrincipal): { type: string; name: string }[] {
  if (p === '*') return [{ type: 'AWS', name: '*' }];
  return Object.entries(p).flatMap(([type, v]) => list(v).map((name) => ({ type, name })));
}

function principalHit(p: PolicyPrincipal, ctx: RequestContext): Tri {
  if (!ctx.principal) return ctx.knowledge === 'partial' ? 'unknown' : true;
  const caller = ctx.principal;
  return principalNames(p).some(({ type, name }) => {
    if (name === '*') return true;
    const names = type === 'AWS' ? caller.AWS : type === 'Service' ? caller.Service : undefined;
    return names?.includes(name) ?? false;
  });
}

function matchesPrincipal(st: PolicyStatement, ctx: RequestContext): Tri {
  if (st.Principal !== undefined) return principalHit(st.Principal, ctx);
  if (st.NotPrincipal !== undefined) {
    if (!ctx.principal) return ctx.knowledge === 'partial' ? 'unknown' : true;
    const hit = principalHit(st.NotPrincipal, ctx);
    return hit === 'unknown' ? 'unknown' : !hit;
  }
  return true;
}

/** Every operator and every key in the Condition element must hold (AND); values within a key OR. */
export function conditionsMatch(st: PolicyStatement, ctx: RequestContext): Tri {
  const env = envOf(ctx);
  let result: Tri = true;
  for (const [operator, block] of Object.entries(st.Condition ?? {})) {
    for (const [key, expected] of Object.entries(block)) {
      result = and(result, evaluateCondition(operator, key, list(expected).map(String), env));
      if (result === false) return false;
    }
  }
  return result;
}

export function evaluateStatement(st: PolicyStatement, ctx: RequestContext): StatementResult {
  if (!matchesAction(st, ctx.action)) return 'NoMatch';
  const m = and(and(matchesResource(st, ctx), matchesPrincipal(st, ctx)), conditionsMatch(st, ctx));
  if (m === false) return 'NoMatch';
  return m === 'unknown' ? 'Unknown' : st.Effect;
}

export interface PolicyResult {
  /**
   * ExplicitDeny: a Deny statement certainly applies. Unknown: no Deny certainly applies but one
   * might (or no Allow certainly applies but one might). Allow / NoMatch: certain.
   */
  decision: 'Allow' | 'ExplicitDeny' | 'NoMatch' | 'Unknown';
  statement?: PolicyStatement;
  /** With 'Unknown': whether the statement that might apply denies or allows. */
  possibly?: Effect;
  /** With 'Unknown' (possibly Deny): an Allow that certainly applies, or one that might. */
  allowedBy?: PolicyStatement;
  maybeAllowedBy?: PolicyStatement;
}

/** Evaluates one document: an explicit deny wins over an allow. */
export function evaluatePolicy(doc: PolicyDocument, ctx: RequestContext): PolicyResult {
  let allow: PolicyStatement | undefined;
  let maybeDeny: PolicyStatement | undefined;
  let maybeAllow: PolicyStatement | undefined;
  for (const st of statementsOf(doc)) {
    const r = evaluateStatement(st, ctx);
    if (r === 'Deny') return { decision: 'ExplicitDeny', statement: st };
    if (r === 'Allow') allow ??= st;
    if (r === 'Unknown') {
      if (st.Effect === 'Deny') maybeDeny ??= st;
      else maybeAllow ??= st;
    }
  }
  if (maybeDeny)
    return {
      decision: 'Unknown',
      statement: maybeDeny,
      possibly: 'Deny',
      ...(allow ? { allowedBy: allow } : maybeAllow ? { maybeAllowedBy: maybeAllow } : {}),
    };
  if (allow) return { decision: 'Allow', statement: allow };
  if (maybeAllow) return { decision: 'Unknown', statement: maybeAllow, possibly: 'Allow' };
  return { decision: 'NoMatch' };
}

export interface NamedPolicy {
  id: string;
  name: string;
  document: PolicyDocument;
}

export type ScpDecision =
  | { decision: 'Allow' }
  | { decision: 'ExplicitDeny'; policy: NamedPolicy; statement: PolicyStatement; targetId: string }
  | { decision: 'ImplicitDeny'; targetId: string }
  | {
      decision: 'Unknown';
      /** The policy whose Deny might apply (or, with possibly 'Allow', whose Allow is uncertain). */
      policy: NamedPolicy;
      statement: PolicyStatement;
      targetId: string;
      possibly: Effect;
    };

/**
 * SCP semantics: `levels` runs from the root down to the account, each with the policies attached
 * directly to that target. Any explicit Deny denies; otherwise every level needs at least one Allow.
 * A certain denial (explicit, then implicit) wins over an uncertain one; 'Unknown' when a Deny might
 * apply or a level's only Allow is uncertain.
 */
export function evaluateScps(
  levels: { targetId: string; policies: NamedPolicy[] }[],
  ctx: RequestContext,
): ScpDecision {
  const results = levels.map((level) => ({
    level,
    each: level.policies.map((policy) => ({ policy, r: evaluatePolicy(policy.document, ctx) })),
  }));
  for (const { level, each } of results)
    for (const { policy, r } of each)
      if (r.decision === 'ExplicitDeny')
        return { decision: 'ExplicitDeny', policy, statement: r.statement!, targetId: level.targetId };
  let unknown: Extract<ScpDecision, { decision: 'Unknown' }> | undefined;
  for (const { level, each } of results) {
    if (each.some(({ r }) => r.decision === 'Allow' || r.allowedBy)) continue;
    const maybe = each.find(
      ({ r }) => r.decision === 'Unknown' && (r.possibly === 'Allow' || r.maybeAllowedBy),
    );
    if (!maybe) return { decision: 'ImplicitDeny', targetId: level.targetId };
    unknown ??= {
      decision: 'Unknown',
      policy: maybe.policy,
      statement: maybe.r.maybeAllowedBy ?? maybe.r.statement!,
      targetId: level.targetId,
      possibly: 'Allow',
    };
  }
  for (const { level, each } of results)
    for (const { policy, r } of each)
      if (r.decision === 'Unknown' && r.possibly === 'Deny')
        return {
          decision: 'Unknown',
          policy,
          statement: r.statement!,
          targetId: level.targetId,
          possibly: 'Deny',
        };
  return unknown ?? { decision: 'Allow' };
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

/**
 * The condition operators of a policy that are not IAM condition operators (the condition operators
 * page: String*, Numeric*, Date*, Bool, BinaryEquals, IpAddress/NotIpAddress, Arn*, Null, with
 * `...IfExists` and `ForAllValues:`/`ForAnyValue:`; names are case-sensitive). AWS refuses such a
 * policy when it is written (MalformedPolicyDocument, S3's MalformedPolicy); see docs/emulator.md.
 */
export function unknownConditionOperators(doc: unknown): string[] {
  const st = (doc as { Statement?: unknown } | null)?.Statement;
  const statements = (Array.isArray(st) ? st : [st]) as unknown[];
  const unknown = new Set<string>();
  for (const s of statements) {
    const condition = (s as { Condition?: unknown } | null)?.Condition;
    if (typeof condition !== 'object' || condition === null) continue;
    for (const op of Object.keys(condition)) if (!isKnownOperator(op)) unknown.add(op);
  }
  return [...unknown];
}
