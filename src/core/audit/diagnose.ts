/**
 * Turns a failed account audit into plain words: which SCP blocks the root session and where it is
 * attached, that a feature or IAM trusted access is off, that AssumeRoot was refused (AWS's texts,
 * see model/assume-root-refusal.ts), that AWS kept throttling. Pure: the tree and the SCPs are passed in (fetched once per audit, only when needed).
 */
import type { AccountId } from '../model/account-id.js';
import { classifyAssumeRootRefusal, explainAssumeRootRefusal } from '../model/assume-root-refusal.js';
import type { TaskPolicyName } from '../model/task-policies.js';
import type { OrgTree } from '../org/tree.js';
import { pathIds } from '../org/tree.js';
import type { ScpPolicy } from '../ports.js';
import { blockerForAccount, type RootSessionFacts } from '../scp/root-session-blockers.js';
import type { RawFailure } from './failure.js';
import type { AuditError } from './model.js';

export const AUDIT_TASK = 'IAMAuditRootUserCredentials' satisfies TaskPolicyName;

export const DIAGNOSIS = {
  rootCredentialsManagementOff: explainAssumeRootRefusal({
    kind: 'feature-off',
    feature: 'RootCredentialsManagement',
  }),
  rootSessionsOff: explainAssumeRootRefusal({ kind: 'feature-off', feature: 'RootSessions' }),
  trustedAccessOff: explainAssumeRootRefusal({ kind: 'trusted-access-off' }),
  notAuthorized: explainAssumeRootRefusal({ kind: 'not-authorized' }),
  callerNotAllowed: `caller not allowed to call sts:AssumeRoot with ${AUDIT_TASK} (see rootctl guardrails operator-policy)`,
} as const;

export interface DiagnoseContext {
  accountId: AccountId;
  /** The organization's partition and id: root sessions' ARNs are built in its partition. */
  facts: RootSessionFacts;
  tree?: OrgTree | undefined;
  /** The SCPs attached along the account's path (at least); see ScpLookup. */
  scps?: ScpPolicy[] | undefined;
  /** False when some of the path's SCPs could not be read: do not evaluate the path then. */
  scpsComplete?: boolean | undefined;
  region?: string | undefined;
}

const DENIED = /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|UnauthorizedAccess)$/;
const SCP_MESSAGE = /service control polic/i;
const SCP_ID = /service_control_policy\/(p-[0-9A-Za-z_]+)/;

export type OrgWideDenial =
  'root-credentials-management-off' | 'root-sessions-off' | 'trusted-access-off' | 'not-authorized';

/**
 * AssumeRoot refusals that can hold for every account of the organization, keyed to AWS's own texts.
 * `not-authorized` (the bare denial) may also be about one target, so the pipeline treats it as
 * organization-wide only while no AssumeRoot of the run has succeeded.
 */
export function orgWideDenial(f: RawFailure): OrgWideDenial | undefined {
  if (f.stage !== 'assume-root') return undefined;
  const r = classifyAssumeRootRefusal(f.code, f.message);
  if (r === undefined) return undefined;
  if (r.kind === 'feature-off')
    return r.feature === 'RootSessions' ? 'root-sessions-off' : 'root-credentials-management-off';
  return r.kind;
}

/** Whether diagnosing this failure needs the organization's SCPs. */
export function needsScps(f: RawFailure): boolean {
  return DENIED.test(f.code) && SCP_MESSAGE.test(f.message);
}

/** The SCP a denial message names (`...service_control_policy/p-...`), if any. */
export function scpIdInMessage(f: RawFailure): string | undefined {
  return SCP_ID.exec(f.message)?.[1];
}

export function diagnose(f: RawFailure, ctx: DiagnoseContext): AuditError {
  const prefix = f.notAttempted ? 'not attempted after the same denial for other accounts: ' : '';
  return { code: f.code, message: f.message, diagnosis: prefix + plainWords(f, ctx) };
}

function plainWords(f: RawFailure, ctx: DiagnoseContext): string {
  const retries = `${f.retries} ${f.retries === 1 ? 'retry' : 'retries'}`;
  if (f.kind === 'throttling') {
    return f.reason === 'budget'
      ? `throttled after ${retries} (${f.operation}); the run's retry budget was spent: lower --concurrency`
      : `throttled after ${retries} (${f.operation})`;
  }
  // Retries stop early when the run's shared retry budget is spent (too many failures overall), or
  // when another attempt would end past the account's deadline (an endpoint that does not answer).
  const spent =
    f.reason === 'budget'
      ? "; the run's retry budget was spent (calls kept failing)"
      : f.reason === 'deadline'
        ? "; stopped at the account's deadline"
        : '';
  if (f.kind === 'network')
    return `network error calling ${f.operation} after ${retries}${spent}: check the endpoint, proxy and connectivity`;
  if (f.kind === 'transient')
    return `AWS service error ${f.code} calling ${f.operation} after ${retries}${spent}`;
  if (f.stage === 'internal') return `rootctl failed on this account (a bug; please report it): ${f.message}`;
  if (DENIED.test(f.code)) return denial(f, ctx);
  if (/^ExpiredToken(Exception)?$/.test(f.code))
    return 'the root session expired before the audit of this account finished; run the audit again';
  if (f.code === 'RegionDisabledException')
    return `STS is not active in ${ctx.region ?? 'this Region'} for the caller's account: activate it or choose another --region`;
  if (f.code === 'InvalidAction' && f.stage === 'assume-root')
    return 'the STS endpoint does not know AssumeRoot (the global endpoint?): use a Regional endpoint with --region';
  if (/^(InvalidClientTokenId|SignatureDoesNotMatch|UnrecognizedClient)/.test(f.code))
    return `AWS rejected the credentials for ${f.operation}: refresh them and run again`;
  return `AWS returned ${f.code} for ${f.operation}`;
}

function denial(f: RawFailure, ctx: DiagnoseContext): string {
  const m = f.message;
  if (SCP_MESSAGE.test(m)) return scpDenial(f, ctx);
  if (f.stage === 'assume-root') {
    const r = classifyAssumeRootRefusal(f.code, m);
    if (r) return explainAssumeRootRefusal(r);
    if (/identity-based polic|permissions boundary/i.test(m)) return DIAGNOSIS.callerNotAllowed;
    return `AssumeRoot was denied: ${m}`;
  }
  if (/session policy/i.test(m))
    return `the ${AUDIT_TASK} task policy does not allow ${f.operation} in root sessions`;
  return `${f.operation} was denied in the root session: ${m}`;
}

function scpDenial(f: RawFailure, ctx: DiagnoseContext): string {
  const where = f.stage === 'assume-root' ? " in the caller's account" : '';
  // The session's calls run in the member account, so its SCPs are the ones to evaluate.
  if (
    f.stage === 'session' &&
    ctx.tree &&
    ctx.scps &&
    ctx.scpsComplete !== false &&
    ctx.tree.parentOf.has(ctx.accountId)
  ) {
    const b = blockerForAccount(ctx.tree, ctx.scps, ctx.accountId, AUDIT_TASK, ctx.facts);
    if (b?.kind === 'explicit')
      return `blocked by SCP ${b.policyId} (${b.policyName}) attached to ${targetLabel(ctx.tree, b.targetId)}`;
    if (b?.kind === 'implicit')
      return `no SCP allows ${b.action} for root sessions (nothing allows it at ${targetLabel(ctx.tree, b.targetId)})`;
    if (b?.kind === 'unknown')
      return `blocked by SCP ${b.policyId} (${b.policyName}) attached to ${targetLabel(ctx.tree, b.targetId)} (its condition depends on the request: ${b.why})`;
  }
  const id = scpIdInMessage(f);
  if (id === undefined) return `blocked by a service control policy${where}`;
  const policy = ctx.scps?.find((p) => p.id === id);
  const name = policy ? ` (${policy.name})` : '';
  const attached =
    f.stage === 'session' && policy && ctx.tree && ctx.tree.parentOf.has(ctx.accountId)
      ? pathIds(ctx.tree, ctx.accountId).find((t) => policy.targets.some((x) => x.id === t))
      : undefined;
  return `blocked by SCP ${id}${name}${attached && ctx.tree ? ` attached to ${targetLabel(ctx.tree, attached)}` : where}`;
}

/** "ou-ab12-cd34ef56 (Legacy)", "r-ab12 (Root)", "account 111122223333". */
export function targetLabel(tree: OrgTree, targetId: string): string {
  if (targetId === tree.rootId) return `${targetId} (Root)`;
  const ou = tree.ous.get(targetId);
  if (ou) return `${targetId} (${ou.name})`;
  return `account ${targetId}`;
}
