/**
 * Resource policies (S3 bucket policies, SQS queue policies) as they matter for the unlock tasks:
 * an explicit Deny locks out every principal of the owning account - except its root user, which
 * AWS always lets manage the policy itself. That exception is what the S3/SQS unlock tasks use.
 * Allow statements and cross-account grants are not modeled.
 */
import {
  evaluatePolicy,
  parsePolicyDocument,
  type PolicyStatement,
} from '../../../core/model/policy/evaluate.js';
import { principalArnOf } from '../../authorize.js';
import type { CallContext } from '../types.js';

type WithPrincipal = PolicyStatement & { Principal?: unknown };

/** Whether a statement's Principal names this caller (`*`, its ARN, its account or the account root). */
function appliesTo(st: WithPrincipal, ctx: CallContext): boolean {
  const p = st.Principal;
  if (p === undefined || p === '*') return true;
  const aws = typeof p === 'object' && p !== null ? (p as Record<string, unknown>).AWS : undefined;
  const names = (Array.isArray(aws) ? aws : [aws]).filter((v): v is string => typeof v === 'string');
  const account = ctx.principal.accountId;
  return names.some(
    (n) =>
      n === '*' ||
      n === account ||
      n === `arn:${ctx.world.partition}:iam::${account}:root` ||
      n === principalArnOf(ctx.principal) ||
      n === ctx.principal.arn,
  );
}

/** True when the policy explicitly denies this caller the action; the owning account's root is never locked out of policy management. */
export function resourcePolicyDenies(
  policyText: string | undefined,
  ctx: CallContext,
  action: string,
  resource: string,
  ownerAccountId: string,
): boolean {
  if (policyText === undefined || policyText === '') return false;
  const p = ctx.principal;
  if ((p.kind === 'root-session' || p.kind === 'root-user') && p.accountId === ownerAccountId) return false;
  const doc = parsePolicyDocument(policyText);
  if (!doc) return false;
  const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as WithPrincipal[];
  const relevant = statements.filter((st) => st.Effect === 'Deny' && appliesTo(st, ctx));
  const keys = {
    'aws:PrincipalArn': principalArnOf(p),
    'aws:PrincipalAccount': p.accountId,
    'aws:ResourceAccount': ownerAccountId,
    ...(p.kind === 'root-session' ? { 'aws:AssumedRoot': 'true' } : {}),
  };
  const r = evaluatePolicy({ Statement: relevant }, { action, resource, keys });
  return r.decision === 'ExplicitDeny' || (r.decision === 'Unknown' && r.possibly === 'Deny');
}
