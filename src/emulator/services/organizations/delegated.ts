/**
 * Delegated administrators: Register/Deregister (management account only), ListDelegatedAdministrators
 * and ListDelegatedServicesForAccount (management or any delegated administrator).
 */
import { IAM_SERVICE_PRINCIPAL } from '../../../core/model/task-policies.js';
import type { AccountState } from '../../world.js';
import type { CallContext, Operation } from '../types.js';
import {
  accountShape,
  ID_PATTERNS,
  orgError,
  pageOf,
  requireId,
  requireManagement,
  requireManagementOrDelegated,
  requireServicePrincipal,
} from './common.js';

type In = Record<string, unknown>;

/** Services that accept a single delegated administrator (IAM: one per organization). */
const SINGLE_ADMIN_SERVICES = new Set([IAM_SERVICE_PRINCIPAL]);

const constraint = (reason: string, message: string) =>
  orgError('ConstraintViolationException', message, 409, reason);

function requireAccount(ctx: CallContext, id: string): AccountState {
  const account = ctx.world.accounts.get(id);
  if (!account)
    throw orgError('AccountNotFoundException', "You specified an account that doesn't exist.", 404);
  return account;
}

export const delegatedOperations: Record<string, Operation<In>> = {
  RegisterDelegatedAdministrator: {
    readOnly: false,
    handler(ctx, input) {
      const org = requireManagement(ctx);
      const sp = requireServicePrincipal(input);
      const account = requireAccount(ctx, requireId(input, 'AccountId', ID_PATTERNS.account));
      const world = ctx.world;
      if (account.id === org.managementAccountId) {
        throw constraint(
          'CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR',
          'You cannot register the management account of the organization as a delegated administrator.',
        );
      }
      if (account.status !== 'ACTIVE') {
        throw constraint(
          'CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR',
          'You cannot register a suspended account as a delegated administrator.',
        );
      }
      if (world.isDelegatedAdminFor(account.id, sp)) {
        throw orgError(
          'AccountAlreadyRegisteredException',
          'The provided account is already a delegated administrator for your organization.',
          409,
        );
      }
      if (!world.serviceAccess.has(sp)) {
        throw constraint(
          'SERVICE_ACCESS_NOT_ENABLED',
          `You attempted to register a delegated administrator before you enabled service access for ${sp}. Call EnableAWSServiceAccess first.`,
        );
      }
      if (
        SINGLE_ADMIN_SERVICES.has(sp) &&
        world.delegatedAdministrators.some((d) => d.servicePrincipal === sp)
      ) {
        throw constraint(
          'DELEGATED_ADMINISTRATOR_EXISTS_FOR_THIS_SERVICE',
          `${sp} already has a delegated administrator. To complete this operation, you must first deregister the existing delegated administrator for this service.`,
        );
      }
      world.delegatedAdministrators.push({
        accountId: account.id,
        servicePrincipal: sp,
        delegationEnabledDate: world.now().toISOString(),
      });
      world.accessChanged();
      return {};
    },
  },
  DeregisterDelegatedAdministrator: {
    readOnly: false,
    handler(ctx, input) {
      requireManagement(ctx);
      const sp = requireServicePrincipal(input);
      const account = requireAccount(ctx, requireId(input, 'AccountId', ID_PATTERNS.account));
      const world = ctx.world;
      if (!world.isDelegatedAdminFor(account.id, sp)) {
        throw orgError(
          'AccountNotRegisteredException',
          'The provided account is not a registered delegated administrator for your organization.',
          409,
        );
      }
      world.delegatedAdministrators = world.delegatedAdministrators.filter(
        (d) => !(d.accountId === account.id && d.servicePrincipal === sp),
      );
      world.accessChanged();
      return {};
    },
  },
  ListDelegatedAdministrators: {
    readOnly: true,
    handler(ctx, input) {
      const org = requireManagementOrDelegated(ctx);
      const sp = input.ServicePrincipal === undefined ? undefined : requireServicePrincipal(input);
      // One entry per account; without a filter an account delegated for several services appears once,
      // with its earliest delegation date.
      const byAccount = new Map<string, string>();
      for (const d of ctx.world.propagatedAccess().delegatedAdministrators) {
        if (sp !== undefined && d.servicePrincipal !== sp) continue;
        const seen = byAccount.get(d.accountId);
        if (seen === undefined || Date.parse(d.delegationEnabledDate) < Date.parse(seen))
          byAccount.set(d.accountId, d.delegationEnabledDate);
      }
      const admins = [...byAccount].flatMap(([id, date]) => {
        const a = ctx.world.accounts.get(id);
        return a
          ? [{ ...accountShape(org, ctx.world.partition, a), DelegationEnabledDate: new Date(date) }]
          : [];
      });
      return pageOf('DelegatedAdministrators', admins, input, 'ListDelegatedAdministrators', (x) => x);
    },
  },
  ListDelegatedServicesForAccount: {
    readOnly: true,
    handler(ctx, input) {
      requireManagementOrDelegated(ctx);
      const account = requireAccount(ctx, requireId(input, 'AccountId', ID_PATTERNS.account));
      const services = ctx.world
        .propagatedAccess()
        .delegatedAdministrators.filter((d) => d.accountId === account.id);
      if (services.length === 0) {
        throw orgError(
          'AccountNotRegisteredException',
          'The provided account is not a registered delegated administrator for your organization.',
          409,
        );
      }
      return pageOf('DelegatedServices', services, input, 'ListDelegatedServicesForAccount', (d) => ({
        ServicePrincipal: d.servicePrincipal,
        DelegationEnabledDate: new Date(d.delegationEnabledDate),
      }));
    },
  },
};
