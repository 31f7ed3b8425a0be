/**
 * The organization tree: ListRoots, ListOrganizationalUnitsForParent, ListAccountsForParent,
 * ListChildren, ListParents. All are reads for the management account or a delegated administrator.
 */
import type { Partition } from '../../../core/model/arn.js';
import type { World } from '../../world.js';
import type { Operation } from '../types.js';
import {
  accountShape,
  ID_PATTERNS,
  invalidInput,
  orgError,
  ouArn,
  pageOf,
  requireId,
  requireManagementOrDelegated,
  rootArn,
  type Org,
} from './common.js';

type In = Record<string, unknown>;

/** An existing root or OU id, or ParentNotFoundException. */
function requireParent(world: World, input: In): string {
  const id = requireId(input, 'ParentId', ID_PATTERNS.parent);
  if (!world.isParent(id))
    throw orgError(
      'ParentNotFoundException',
      "We can't find a root or OU with the ParentId that you specified.",
      404,
    );
  return id;
}

/** The policy types enabled on the root, as ListRoots reports them. */
export function rootPolicyTypes(org: Org): { Type: string; Status: string }[] {
  return org.featureSet === 'ALL' && org.scpEnabled
    ? [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]
    : [];
}

function ouShape(org: Org, partition: Partition, ou: { id: string; name: string }): Record<string, unknown> {
  return { Id: ou.id, Arn: ouArn(org, partition, ou.id), Name: ou.name };
}

export const treeOperations: Record<string, Operation<In>> = {
  ListRoots: {
    readOnly: true,
    handler(ctx, input) {
      const org = requireManagementOrDelegated(ctx);
      const roots = [
        {
          Id: org.rootId,
          Arn: rootArn(org, ctx.world.partition),
          Name: 'Root',
          PolicyTypes: rootPolicyTypes(org),
        },
      ];
      return pageOf('Roots', roots, input, 'ListRoots', (r) => r);
    },
  },
  ListOrganizationalUnitsForParent: {
    readOnly: true,
    handler(ctx, input) {
      const org = requireManagementOrDelegated(ctx);
      const parent = requireParent(ctx.world, input);
      const ous = ctx.world.children(parent).ous.map((id) => ctx.world.ous.get(id)!);
      return pageOf('OrganizationalUnits', ous, input, 'ListOrganizationalUnitsForParent', (ou) =>
        ouShape(org, ctx.world.partition, ou),
      );
    },
  },
  ListAccountsForParent: {
    readOnly: true,
    handler(ctx, input) {
      const org = requireManagementOrDelegated(ctx);
      const parent = requireParent(ctx.world, input);
      const accounts = ctx.world.children(parent).accounts.map((id) => ctx.world.accounts.get(id)!);
      return pageOf('Accounts', accounts, input, 'ListAccountsForParent', (a) =>
        accountShape(org, ctx.world.partition, a),
      );
    },
  },
  ListChildren: {
    readOnly: true,
    handler(ctx, input) {
      requireManagementOrDelegated(ctx);
      const parent = requireParent(ctx.world, input);
      const type = input.ChildType;
      if (type === undefined || type === null)
        throw invalidInput('You must specify a value for ChildType.', 'INPUT_REQUIRED');
      if (type !== 'ACCOUNT' && type !== 'ORGANIZATIONAL_UNIT')
        throw invalidInput(
          `You specified an invalid value for ChildType: ${JSON.stringify(type)}.`,
          'INVALID_ENUM',
        );
      const kids = ctx.world.children(parent);
      const ids = type === 'ACCOUNT' ? kids.accounts : kids.ous;
      return pageOf('Children', ids, input, 'ListChildren', (id) => ({ Id: id, Type: type }));
    },
  },
  ListParents: {
    readOnly: true,
    handler(ctx, input) {
      const org = requireManagementOrDelegated(ctx);
      const child = requireId(input, 'ChildId', ID_PATTERNS.child);
      const parentId = ctx.world.accounts.get(child)?.parentId ?? ctx.world.ous.get(child)?.parentId;
      if (parentId === undefined)
        throw orgError(
          'ChildNotFoundException',
          "We can't find an organizational unit (OU) or Amazon Web Services account with the ChildId that you specified.",
          404,
        );
      const parents = [{ Id: parentId, Type: parentId === org.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }];
      return pageOf('Parents', parents, input, 'ListParents', (p) => p);
    },
  },
};
