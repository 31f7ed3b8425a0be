/**
 * GetAccountSummary (the four Account* root keys recomputed from state on every call, beside
 * realistic quota keys) and GetUser (the root user's own record).
 */
import { XmlMap, type QueryInput } from '../../protocols/query.js';
import type { AccountState } from '../../world.js';
import type { Operation } from '../types.js';
import { iamDate, rootAccountOf, rootArn, userResource } from './root-target.js';

/** Quotas as a fresh account reports them; counts of IAM entities the emulator does not model. */
const STATIC_SUMMARY: Record<string, number> = {
  Users: 0,
  UsersQuota: 5000,
  Groups: 0,
  GroupsQuota: 300,
  Roles: 3,
  RolesQuota: 1000,
  InstanceProfiles: 0,
  InstanceProfilesQuota: 1000,
  Providers: 0,
  ServerCertificates: 0,
  ServerCertificatesQuota: 20,
  Policies: 0,
  PoliciesQuota: 1500,
  PolicySizeQuota: 6144,
  PolicyVersionsInUse: 3,
  PolicyVersionsInUseQuota: 10000,
  VersionsPerPolicyQuota: 5,
  UserPolicySizeQuota: 2048,
  GroupPolicySizeQuota: 5120,
  RolePolicySizeQuota: 10240,
  AssumeRolePolicySizeQuota: 2048,
  GroupsPerUserQuota: 10,
  SigningCertificatesPerUserQuota: 2,
  AccessKeysPerUserQuota: 2,
  AttachedPoliciesPerGroupQuota: 10,
  AttachedPoliciesPerRoleQuota: 10,
  AttachedPoliciesPerUserQuota: 10,
  GlobalEndpointTokenVersion: 1,
};

export function summaryOf(account: AccountState | undefined): Record<string, number> {
  const root = account?.root;
  const mfa = root?.mfaDevices.length ?? 0;
  return {
    AccountMFAEnabled: mfa > 0 ? 1 : 0,
    AccountAccessKeysPresent: (root?.accessKeys.length ?? 0) > 0 ? 1 : 0,
    AccountSigningCertificatesPresent: (root?.signingCertificates.length ?? 0) > 0 ? 1 : 0,
    AccountPasswordPresent: root?.password ? 1 : 0,
    // Only root's devices are modeled, and all of them are in use.
    MFADevices: mfa,
    MFADevicesInUse: mfa,
    ...STATIC_SUMMARY,
  };
}

export const summaryOperations: Record<string, Operation<QueryInput>> = {
  GetAccountSummary: {
    readOnly: true,
    // The Audit task policy allows GetAccountSummary on any resource; root callers act on their root.
    resource: (ctx) => (ctx.principal.kind === 'role' ? '*' : rootArn(ctx.world.partition, ctx.accountId)),
    handler(ctx) {
      return { SummaryMap: new XmlMap(summaryOf(ctx.world.accounts.get(ctx.accountId))) };
    },
  },
  GetUser: {
    readOnly: true,
    resource: userResource,
    handler(ctx, input) {
      const account = rootAccountOf(ctx, input);
      // For the root user AWS leaves out UserName and Path (assumption; see docs/emulator.md).
      return {
        User: {
          UserId: account.id,
          Arn: rootArn(ctx.world.partition, account.id),
          CreateDate: iamDate(account.joinedTimestamp),
        },
      };
    },
  },
};
