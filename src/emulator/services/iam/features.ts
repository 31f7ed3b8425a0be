/**
 * The IAM organization features (centralized root access): Enable/Disable of RootCredentialsManagement
 * and RootSessions, and ListOrganizationsFeatures. Preconditions are checked in the order the
 * reference suggests (AWS does not document it): organization -> all features -> IAM trusted access
 * -> management or IAM delegated admin -> (Enable only) management. The messages of the last three
 * are live AWS's (radkawar/stackd testdata/aws/iam/root_sessions.json and root_access.json): each
 * names the calling account. These read the current state: the same captures show a removed trusted
 * access or delegation refused by IAM at once (propagation.ts delays only AssumeRoot and the
 * Organizations reads).
 */
import { IAM_SERVICE_PRINCIPAL, ORG_FEATURES, type OrgFeature } from '../../../core/model/task-policies.js';
import { AwsError } from '../../http-types.js';
import type { QueryInput } from '../../protocols/query.js';
import type { World } from '../../world.js';
import type { CallContext, Operation } from '../types.js';

type Org = NonNullable<World['org']>;

function gate(ctx: CallContext, enabling: boolean): Org {
  const world = ctx.world;
  const org = world.org;
  const caller = ctx.principal.accountId;
  if (org === null || !world.accounts.has(caller)) {
    throw new AwsError(
      'OrganizationNotFoundException',
      'The request failed because your account is not a member of an organization.',
      400,
    );
  }
  if (org.featureSet !== 'ALL') {
    throw new AwsError(
      'OrganizationNotInAllFeaturesModeException',
      'The request failed because your organization does not have all features enabled.',
      400,
    );
  }
  if (!world.serviceAccess.has(IAM_SERVICE_PRINCIPAL)) {
    throw new AwsError(
      'ServiceAccessNotEnabledException',
      `Trusted Access for IAM not enabled by organization of input account ${caller}.`,
      400,
    );
  }
  const isManagement = caller === org.managementAccountId;
  if (!isManagement && !world.isDelegatedAdminFor(caller, IAM_SERVICE_PRINCIPAL)) {
    throw new AwsError(
      'AccountNotManagementOrDelegatedAdministratorException',
      `Input account ${caller} is neither management account nor delegated admin.`,
      400,
    );
  }
  if (enabling && !isManagement) {
    throw new AwsError(
      'CallerIsNotManagementAccountException',
      `Caller account ${caller} is not management account of the organization and cannot enable IAM features.`,
      400,
    );
  }
  return org;
}

function featuresOutput(world: World, org: Org): { OrganizationId: string; EnabledFeatures: OrgFeature[] } {
  return { OrganizationId: org.id, EnabledFeatures: ORG_FEATURES.filter((f) => world.features.has(f)) };
}

function toggle(feature: OrgFeature, on: boolean): Operation<QueryInput> {
  return {
    readOnly: false,
    handler(ctx) {
      const org = gate(ctx, on);
      // Enabling twice (or disabling twice) is idempotent: the call answers with the state after it.
      if (on) ctx.world.features.add(feature);
      else ctx.world.features.delete(feature);
      return featuresOutput(ctx.world, org);
    },
  };
}

export const featureOperations: Record<string, Operation<QueryInput>> = {
  EnableOrganizationsRootCredentialsManagement: toggle('RootCredentialsManagement', true),
  EnableOrganizationsRootSessions: toggle('RootSessions', true),
  DisableOrganizationsRootCredentialsManagement: toggle('RootCredentialsManagement', false),
  DisableOrganizationsRootSessions: toggle('RootSessions', false),
  ListOrganizationsFeatures: {
    readOnly: true,
    handler(ctx) {
      return featuresOutput(ctx.world, gate(ctx, false));
    },
  },
};
