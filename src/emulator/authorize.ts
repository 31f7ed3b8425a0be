/**
 * Authorization as AWS evaluates it for the principals the emulator knows:
 * identity policy (role allow-list), the root-task policy of a root session, and the SCPs in force
 * for the account the call acts in (never for the management account).
 */
import {
  evaluatePolicy,
  evaluateScps,
  globMatch,
  type RequestContext,
} from '../core/model/policy/evaluate.js';
import { taskPolicyDocument } from '../core/model/policy/task-policies.js';
import type { Principal, World } from './world.js';

export type AuthzResult =
  | { allowed: true }
  | {
      allowed: false;
      reason: 'identity' | 'identity-deny' | 'session' | 'scp';
      policyId?: string;
      policyName?: string;
    };

/** The aws:PrincipalArn of a principal: the role ARN for role sessions, the root ARN for root. */
export function principalArnOf(p: Principal): string {
  return p.kind === 'role' ? p.roleArn : p.arn;
}

export function authorize(
  world: World,
  principal: Principal,
  action: string,
  resource: string,
  region: string,
  extraKeys: Record<string, string> = {},
): AuthzResult {
  const ctx: RequestContext = {
    action,
    resource,
    keys: {
      'aws:PrincipalArn': principalArnOf(principal),
      'aws:PrincipalAccount': principal.accountId,
      'aws:RequestedRegion': region,
      ...(principal.kind === 'root-session' ? { 'aws:AssumedRoot': 'true' } : {}),
      ...extraKeys,
    },
  };
  if (principal.kind === 'role') {
    const identity = identityDecision(world, principal, ctx);
    if (identity !== undefined) return identity;
  }
  if (principal.kind === 'root-session') {
    const r = evaluatePolicy(taskPolicyDocument(principal.taskPolicy, world.partition), ctx);
    if (r.decision === 'ExplicitDeny' || (r.decision === 'Unknown' && r.possibly === 'Deny'))
      return { allowed: false, reason: 'session' };
  }
  if (world.scpsApply(principal.accountId)) {
    const d = evaluateScps(world.scpLevels(principal.accountId), ctx);
    // The emulator knows the whole request, so 'Unknown' here means a statement it cannot evaluate
    // (an operator it does not implement): applied as written, the more careful guess.
    if (d.decision === 'ExplicitDeny' || (d.decision === 'Unknown' && d.possibly === 'Deny'))
      return { allowed: false, reason: 'scp', policyId: d.policy.id, policyName: d.policy.name };
    if (d.decision === 'Unknown') return { allowed: false, reason: 'scp' };
    if (d.decision === 'ImplicitDeny') return { allowed: false, reason: 'scp' };
  }
  return { allowed: true };
}

/**
 * Identity-based policies of a role: an explicit Deny in any of them denies; otherwise one of them
 * must Allow (IAM user guide, policy evaluation logic). Without documents, the `allow` globs stand in
 * for a policy of Allow statements. A statement the evaluator cannot settle counts against the caller
 * (a Deny applies, an Allow does not): the careful guess.
 */
function identityDecision(
  world: World,
  principal: Extract<Principal, { kind: 'role' }>,
  ctx: RequestContext,
): AuthzResult | undefined {
  if (!principal.policies) {
    return principal.allow.some((p) => globMatch(p, ctx.action, true))
      ? undefined
      : { allowed: false, reason: 'identity' };
  }
  const org = world.org;
  const inOrg = org !== null && world.accounts.has(principal.accountId);
  const full: RequestContext = {
    ...ctx,
    keys: {
      ...(inOrg ? { 'aws:PrincipalOrgID': org.id } : {}),
      'aws:PrincipalType': 'AssumedRole',
      'aws:userid': `${principal.roleId}:${principal.sessionName}`,
      ...ctx.keys,
    },
  };
  const results = principal.policies.map((doc) => evaluatePolicy(doc, full));
  if (
    results.some((r) => r.decision === 'ExplicitDeny' || (r.decision === 'Unknown' && r.possibly === 'Deny'))
  )
    return { allowed: false, reason: 'identity-deny' };
  return results.some((r) => r.decision === 'Allow') ? undefined : { allowed: false, reason: 'identity' };
}

/** AWS's wording of an authorization failure. */
export function denialMessage(
  world: World,
  principal: Principal,
  action: string,
  resource: string,
  result: Exclude<AuthzResult, { allowed: true }>,
): string {
  const who = principal.arn;
  const base = `User: ${who} is not authorized to perform: ${action} on resource: ${resource}`;
  switch (result.reason) {
    case 'identity':
      return `${base} because no identity-based policy allows the ${action} action`;
    case 'identity-deny':
      return `${base} with an explicit deny in an identity-based policy`;
    case 'session':
      return `${base} with an explicit deny in a session policy`;
    case 'scp':
      return result.policyId === undefined
        ? `${base} because no service control policy allows the ${action} action`
        : `${base} with an explicit deny in a service control policy: ${scpArn(world, result.policyId)}`;
  }
}

export function scpArn(world: World, policyId: string): string {
  const org = world.org;
  return org === null
    ? policyId
    : `arn:${world.partition}:organizations::${org.managementAccountId}:policy/${org.id}/service_control_policy/${policyId}`;
}
