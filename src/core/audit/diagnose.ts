/**
 * Turns a failed account audit into plain words: which SCP blocks the root session and where it is
 * attached, that RootSessions is off, that the caller may not call AssumeRoot, that AWS kept
 * throttling. Pure: the tree and the SCPs are passed in (fetched once per audit, only when needed).
 */
import type { AccountId } from '../model/account-id.js';
import type { TaskPolicyName } from '../model/task-policies.js';
import type { OrgTree } from '../org/tree.js';
import { pathIds } from '../org/tree.js';
import type { ScpPolicy } from '../ports.js';
import { blockerForAccount } from '../scp/root-session-blockers.js';
import type { RawFailure } from './failure.js';
import type { AuditError } from './model.js';

export const AUDIT_TASK: TaskPolicyName = 'IAMAuditRootUserCredentials';

export const DIAGNOSIS = {
  rootSessionsOff: 'RootSessions not enabled (run rootctl setup)',
  callerNotAdmin:
    "caller is neither the management account nor the IAM delegated administrator (run rootctl setup, or use the delegated administrator's credentials)",
  callerNotAllowed: `caller not allowed to call sts:AssumeRoot with ${AUDIT_TASK} (see rootctl guardrails operator-policy)`,
} as const;

export interface DiagnoseContext {
  accountId: AccountId;
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

/** Denials that hold for every account of the organization, whatever the target. */
export function orgWideDenial(f: RawFailure): 'root-sessions-off' | 'caller-not-admin' | undefined {
  if (f.stage !== 'assume-root' || !DENIED.test(f.code)) return undefined;
  if (/RootSessions|privileged root actions/i.test(f.message)) return 'root-sessions-off';
  if (/not in the management account or the IAM delegated administrator/i.test(f.message))
    return 'caller-not-admin';
  return undefined;
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
  // Retries stop early when the run's shared retry budget is spent (too many failures overall).
  const spent = f.reason === 'budget' ? "; the run's retry budget was spent (calls kept failing)" : '';
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
    const wide = orgWideDenial(f);
    if (wide === 'root-sessions-off') return DIAGNOSIS.rootSessionsOff;
    if (wide === 'caller-not-admin') return DIAGNOSIS.callerNotAdmin;
    if (/identity-based polic|permissions boundary/i.test(m)) return DIAGNOSIS.callerNotAllowed;
    if (/root user credentials|root sessions cannot/i.test(m))
      return 'root user credentials cannot call AssumeRoot: use an IAM role or user in the management or delegated administrator account';
    if (/suspended/i.test(m)) return 'the account is suspended: AssumeRoot cannot reach it';
    if (/not a member of the organization/i.test(m))
      return 'the account is not a member of the organization (any more)';
    if (/management account/i.test(m)) return 'AssumeRoot cannot target the management account';
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
    const b = blockerForAccount(ctx.tree, ctx.scps, ctx.accountId, AUDIT_TASK);
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
