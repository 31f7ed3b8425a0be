/**
 * SCPs worth having once centralized root access is on, each with what it protects, what it would
 * break and where to attach it. Pure data: `rootctl guardrails scp` prints it, `--check` compares
 * the organization's SCPs against the protections these documents provide.
 */
import type { Partition } from '../model/arn.js';
import { exemptRootScpDocument } from '../model/root-scp.js';
import { IAM_SERVICE_PRINCIPAL } from '../model/task-policies.js';
import { DISABLE_ACTIONS } from './operator-policy.js';
import type { IamPolicy } from './types.js';

export type ProtectionId =
  | 'deny-assume-root-except-operators'
  | 'deny-root-user-except-root-sessions'
  | 'protect-centralized-root-access';

export interface RecommendedScp {
  id: ProtectionId;
  /** Suggested SCP name (ListPolicies Name). */
  name: string;
  description: string;
  protects: string;
  breaks: string;
  attachTo: string;
  document: IamPolicy;
}

export interface RecommendedScpOptions {
  partition?: Partition;
  /** Role ARNs allowed to call AssumeRoot; without them the AssumeRoot SCP is left out. */
  operatorRoleArns?: readonly string[] | undefined;
}

export function denyAssumeRootExceptOperators(operatorRoleArns: readonly string[]): RecommendedScp {
  return {
    id: 'deny-assume-root-except-operators',
    name: 'DenyAssumeRootExceptOperators',
    description: 'Only the named operator roles may call sts:AssumeRoot',
    protects:
      'Privileged root sessions: no other principal in a member account - including the IAM delegated administrator account, where AssumeRoot is usable - can open a root session, even with sts:AssumeRoot in its own policies.',
    breaks:
      'Any other role that calls AssumeRoot (break-glass roles, the IAM console "Take privileged action" used with another role). Does nothing in the management account: SCPs never apply there, so restrict AssumeRoot there with IAM policies.',
    attachTo: 'The organization root, or at least the IAM delegated administrator account.',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyAssumeRootExceptOperatorRoles',
          Effect: 'Deny',
          Action: 'sts:AssumeRoot',
          Resource: '*',
          // aws:PrincipalArn is the role ARN (not the session ARN), so ArnNotLike on role ARNs is exact.
          Condition: { ArnNotLike: { 'aws:PrincipalArn': [...operatorRoleArns] } },
        },
      ],
    },
  };
}

export function denyRootUserExceptRootSessions(partition: Partition = 'aws'): RecommendedScp {
  return {
    id: 'deny-root-user-except-root-sessions',
    name: 'DenyRootUserExceptRootSessions',
    description: 'Member-account root users can do nothing, except task-scoped root sessions (AssumeRoot)',
    protects:
      'Member accounts against their root user: leaked or recovered root passwords and keys are useless, while centralized root sessions keep working because they carry aws:AssumedRoot.',
    breaks:
      'Work that needs the root user in person in a member account (root-only tasks such as changing the account email or closing the account from inside it, a password recovered via "Allow password recovery"). Detach temporarily, or move the account to an OU without it, for those tasks. Does not apply to the management account.',
    attachTo: 'The organization root (or every OU of member accounts).',
    document: exemptRootScpDocument(partition),
  };
}

export function protectCentralizedRootAccess(): RecommendedScp {
  return {
    id: 'protect-centralized-root-access',
    name: 'ProtectCentralizedRootAccess',
    description: 'Nobody in a member account can turn centralized root access off',
    protects:
      'The IAM organization features and their prerequisites: the delegated administrator cannot disable RootCredentialsManagement or RootSessions, disable IAM trusted access or deregister itself.',
    breaks:
      'Turning the features off from the delegated administrator account (detach the SCP first when that is intended). DisableAWSServiceAccess and DeregisterDelegatedAdministrator are management-account calls, which SCPs never restrict: they are listed for defence in depth; guard the management account with IAM policies.',
    attachTo: 'The organization root, or at least the IAM delegated administrator account.',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyDisablingRootAccessFeatures',
          Effect: 'Deny',
          Action: DISABLE_ACTIONS.filter((a) => a.startsWith('iam:')),
          Resource: '*',
        },
        {
          Sid: 'DenyRemovingIamTrustedAccessOrDelegatedAdmin',
          Effect: 'Deny',
          Action: DISABLE_ACTIONS.filter((a) => a.startsWith('organizations:')),
          Resource: '*',
          Condition: { StringEquals: { 'organizations:ServicePrincipal': IAM_SERVICE_PRINCIPAL } },
        },
      ],
    },
  };
}

export function recommendedScps(o: RecommendedScpOptions = {}): RecommendedScp[] {
  const out: RecommendedScp[] = [];
  if (o.operatorRoleArns && o.operatorRoleArns.length > 0)
    out.push(denyAssumeRootExceptOperators(o.operatorRoleArns));
  out.push(denyRootUserExceptRootSessions(o.partition), protectCentralizedRootAccess());
  return out;
}

/** SCP documents are limited to 5,120 characters; AWS counts the document without its whitespace. */
export const SCP_MAX_CHARS = 5120;
