/** Plain-words diagnoses for accounts a run could not finish: what went wrong and what to do. */
import { classifyAssumeRootRefusal, explainAssumeRootRefusal } from '../model/assume-root-refusal.js';
import type { AccountBlock } from '../scp/root-session-blockers.js';

/** "blocked by SCP p-abc123 (DenyRootUser) attached to ou-...: denies iam:DeleteAccessKey to root sessions" */
export function describeBlock(b: AccountBlock): string {
  if (b.kind === 'explicit')
    return `blocked by SCP ${b.policyId} (${b.policyName}) attached to ${b.targetId}: denies ${b.action} to root sessions`;
  if (b.kind === 'unknown')
    return `possibly blocked by SCP ${b.policyId} (${b.policyName}) attached to ${b.targetId}: ${b.why} (${b.action})`;
  return `blocked by SCPs: nothing attached to ${b.targetId} allows ${b.action}`;
}

const strip = (code: string) => code.replace(/Exception$/, '');

/**
 * `rerun` is what to do after a failure worth trying again; remediate's runs continue with --resume,
 * an exception (which changed nothing yet) is opened again.
 */
export function diagnoseFailure(
  code: string,
  message: string,
  blocker?: string,
  rerun = 'run again with --resume',
): string {
  const c = strip(code);
  // AssumeRoot's refusals, in AWS's own words (model/assume-root-refusal.ts). A feature or trusted
  // access that is off is the reason whatever the SCPs say; the bare denial names none, so an SCP
  // that blocks the account is the better guess there.
  const refusal = classifyAssumeRootRefusal(code, message);
  if (refusal !== undefined && refusal.kind !== 'not-authorized')
    return `${explainAssumeRootRefusal(refusal)} (AWS: ${message})`;
  if ((c === 'AccessDenied' || c === 'UnauthorizedOperation') && blocker !== undefined) return blocker;
  if (refusal !== undefined) return `${explainAssumeRootRefusal(refusal)} (AWS: ${message})`;
  const resume = rerun === 'run again with --resume';
  switch (c) {
    case 'AccessDenied':
      return `access denied (${message}): the caller needs sts:AssumeRoot for this task policy, the task's organization feature must be enabled (RootCredentialsManagement for audit, delete and password recovery; RootSessions for the unlock tasks), and no SCP may deny the call`;
    case 'Throttling':
    case 'Throttled':
    case 'TooManyRequests':
      return resume
        ? 'AWS kept throttling after retries; run again with --resume (completed steps are kept) or lower --concurrency'
        : `AWS kept throttling after retries; ${rerun} in a while`;
    case 'NetworkError':
      return `the network failed after retries (${message}); ${rerun}`;
    case 'ExpiredToken':
      return `the root session expired before the step ran; ${rerun}`;
    case 'Interrupted':
      return `interrupted before this step finished; ${rerun}`;
    case 'InternalError':
    case 'InternalFailure':
    case 'ServiceUnavailable':
    case 'ServiceFailure':
    case 'Unavailable':
      return `AWS failed (${code}) after retries; ${rerun}`;
    default:
      return `${code}: ${message}`;
  }
}
