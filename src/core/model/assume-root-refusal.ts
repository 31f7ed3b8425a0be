/**
 * What an AssumeRoot refusal means, read from the texts live AWS answers with (radkawar/stackd
 * testdata/aws/iam/root_sessions.json and root_access.json, AWS CLI captures of 2026):
 *   "Root credentials management feature is not enabled for your AWS Organization."
 *   "Root sessions feature is not enabled for your AWS Organization."
 *   "Service not enabled for AWS Organizations."           (IAM trusted access off)
 *   "User: <arn> is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::<id>:root"
 * The last one, with no reason after it, is all AWS says for a caller without the permission, a caller
 * outside the management and IAM delegated administrator accounts (or whose delegation has not
 * propagated), and a target STS will not serve (the management account, for one).
 */
import type { OrgFeature } from './task-policies.js';

export type AssumeRootRefusal =
  { kind: 'feature-off'; feature: OrgFeature } | { kind: 'trusted-access-off' } | { kind: 'not-authorized' };

const DENIED = /^(AccessDenied|AccessDeniedException)$/;
const BARE =
  /^User: \S+ is not authorized to perform: sts:AssumeRoot on resource: arn:aws[a-z-]*:iam::\d{12}:root\.?$/;

export function classifyAssumeRootRefusal(code: string, message: string): AssumeRootRefusal | undefined {
  if (!DENIED.test(code)) return undefined;
  const m = message.trim();
  if (/^Root credentials management feature is not enabled/i.test(m))
    return { kind: 'feature-off', feature: 'RootCredentialsManagement' };
  if (/^Root sessions feature is not enabled/i.test(m))
    return { kind: 'feature-off', feature: 'RootSessions' };
  if (/^Service not enabled for AWS Organizations/i.test(m)) return { kind: 'trusted-access-off' };
  if (BARE.test(m)) return { kind: 'not-authorized' };
  return undefined;
}

/** What to tell the user, in plain words, for each refusal. */
export function explainAssumeRootRefusal(r: AssumeRootRefusal): string {
  switch (r.kind) {
    case 'feature-off':
      return r.feature === 'RootCredentialsManagement'
        ? 'RootCredentialsManagement is not enabled for the organization: AWS refuses the audit, delete and password-recovery tasks without it (run rootctl setup)'
        : 'RootSessions is not enabled for the organization: AWS refuses the S3 and SQS unlock tasks without it (run rootctl setup --features root-sessions)';
    case 'trusted-access-off':
      return 'IAM trusted access is not enabled in AWS Organizations (or was changed moments ago and has not reached STS yet): run rootctl setup';
    case 'not-authorized':
      return 'AssumeRoot was refused without a reason (AWS names none): the caller may lack sts:AssumeRoot for this task policy (see rootctl guardrails operator-policy), may not be in the management or IAM delegated administrator account, or the target may be the management account or not an active member; rootctl doctor tells which';
  }
}
