/** The eight setup steps as data: the API each calls, its description and the AWS CLI equivalent. */
import { IAM_SERVICE_PRINCIPAL } from '../model/task-policies.js';
import type { SetupStep, SetupStepKind } from './types.js';

const SP = IAM_SERVICE_PRINCIPAL;

export function step(kind: SetupStepKind, accountId?: string, name?: string): SetupStep {
  const who = accountId === undefined ? '' : `${accountId}${name ? ` (${name})` : ''}`;
  switch (kind) {
    case 'enable-trusted-access':
      return {
        kind,
        action: 'organizations:EnableAWSServiceAccess',
        description: `Enable IAM trusted access in AWS Organizations (${SP})`,
        awsCli: `aws organizations enable-aws-service-access --service-principal ${SP}`,
      };
    case 'enable-root-credentials-management':
      return {
        kind,
        action: 'iam:EnableOrganizationsRootCredentialsManagement',
        description: 'Enable RootCredentialsManagement (root credentials management)',
        awsCli: 'aws iam enable-organizations-root-credentials-management',
      };
    case 'enable-root-sessions':
      return {
        kind,
        action: 'iam:EnableOrganizationsRootSessions',
        description: 'Enable RootSessions (privileged root actions in member accounts)',
        awsCli: 'aws iam enable-organizations-root-sessions',
      };
    case 'register-delegated-admin':
      return {
        kind,
        action: 'organizations:RegisterDelegatedAdministrator',
        description: `Register ${who} as the IAM delegated administrator`,
        awsCli: `aws organizations register-delegated-administrator --account-id ${accountId} --service-principal ${SP}`,
        accountId: accountId!,
      };
    case 'deregister-delegated-admin':
      return {
        kind,
        action: 'organizations:DeregisterDelegatedAdministrator',
        description: `Deregister ${who} as the IAM delegated administrator`,
        awsCli: `aws organizations deregister-delegated-administrator --account-id ${accountId} --service-principal ${SP}`,
        accountId: accountId!,
      };
    case 'disable-root-sessions':
      return {
        kind,
        action: 'iam:DisableOrganizationsRootSessions',
        description: 'Disable RootSessions (privileged root actions in member accounts)',
        awsCli: 'aws iam disable-organizations-root-sessions',
      };
    case 'disable-root-credentials-management':
      return {
        kind,
        action: 'iam:DisableOrganizationsRootCredentialsManagement',
        description: 'Disable RootCredentialsManagement (root credentials management)',
        awsCli: 'aws iam disable-organizations-root-credentials-management',
      };
    case 'disable-trusted-access':
      return {
        kind,
        action: 'organizations:DisableAWSServiceAccess',
        description: `Disable IAM trusted access in AWS Organizations (${SP})`,
        awsCli: `aws organizations disable-aws-service-access --service-principal ${SP}`,
      };
  }
}
