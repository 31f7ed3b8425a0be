/** IAM organization-features adapter: ListOrganizationsFeatures and the Enable/Disable calls. */
import {
  DisableOrganizationsRootCredentialsManagementCommand,
  DisableOrganizationsRootSessionsCommand,
  EnableOrganizationsRootCredentialsManagementCommand,
  EnableOrganizationsRootSessionsCommand,
  ListOrganizationsFeaturesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { OrgFeature } from '../core/model/task-policies.js';
import type { IamOrgFeatures } from '../core/ports.js';
import { toRootctlError } from './errors.js';

export function iamOrgFeatures(client: IAMClient): IamOrgFeatures {
  const run = async (
    what: string,
    fn: () => Promise<{ EnabledFeatures?: string[] | undefined; OrganizationId?: string | undefined }>,
  ) => {
    try {
      const r = await fn();
      return { organizationId: r.OrganizationId ?? '', enabled: (r.EnabledFeatures ?? []) as OrgFeature[] };
    } catch (e) {
      throw toRootctlError(e, what);
    }
  };
  return {
    listFeatures: () =>
      run('iam:ListOrganizationsFeatures', () => client.send(new ListOrganizationsFeaturesCommand({}))),
    enable: async (feature) =>
      (
        await run(`iam:EnableOrganizations${feature}`, () =>
          feature === 'RootSessions'
            ? client.send(new EnableOrganizationsRootSessionsCommand({}))
            : client.send(new EnableOrganizationsRootCredentialsManagementCommand({})),
        )
      ).enabled,
    disable: async (feature) =>
      (
        await run(`iam:DisableOrganizations${feature}`, () =>
          feature === 'RootSessions'
            ? client.send(new DisableOrganizationsRootSessionsCommand({}))
            : client.send(new DisableOrganizationsRootCredentialsManagementCommand({})),
        )
      ).enabled,
  };
}
