/** DescribeOrganization, ListAccounts, DescribeAccount. */
import type { Operation } from '../types.js';
import {
  accountArn,
  accountShape,
  orgError,
  paginate,
  requireManagementOrDelegated,
  requireOrg,
} from './common.js';

type In = Record<string, unknown>;

export const accountOperations: Record<string, Operation<In>> = {
  DescribeOrganization: {
    readOnly: true,
    handler(ctx) {
      const org = requireOrg(ctx);
      const mgmt = ctx.world.accounts.get(org.managementAccountId);
      return {
        Organization: {
          Id: org.id,
          Arn: `arn:${ctx.world.partition}:organizations::${org.managementAccountId}:organization/${org.id}`,
          FeatureSet: org.featureSet,
          MasterAccountArn: accountArn(org, ctx.world.partition, org.managementAccountId),
          MasterAccountId: org.managementAccountId,
          MasterAccountEmail: mgmt?.email ?? 'management@example.com',
          AvailablePolicyTypes:
            org.featureSet === 'ALL' && org.scpEnabled
              ? [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]
              : [],
        },
      };
    },
  },
  ListAccounts: {
    readOnly: true,
    handler(ctx, input) {
      const org = requireManagementOrDelegated(ctx);
      const { page, NextToken } = paginate([...ctx.world.accounts.values()], input, 'ListAccounts');
      return {
        Accounts: page.map((a) => accountShape(org, ctx.world.partition, a)),
        ...(NextToken ? { NextToken } : {}),
      };
    },
  },
  DescribeAccount: {
    readOnly: true,
    handler(ctx, input) {
      const org = requireManagementOrDelegated(ctx);
      const id = input.AccountId;
      if (typeof id !== 'string' || !/^\d{12}$/.test(id)) {
        throw orgError(
          'InvalidInputException',
          'You specified an invalid value for AccountId.',
          400,
          'INVALID_PATTERN',
        );
      }
      const a = ctx.world.accounts.get(id);
      if (!a) throw orgError('AccountNotFoundException', "You specified an account that doesn't exist.", 404);
      return { Account: accountShape(org, ctx.world.partition, a) };
    },
  },
};
