/**
 * Trusted access: EnableAWSServiceAccess / DisableAWSServiceAccess (management account only) and
 * ListAWSServiceAccessForOrganization (management or any delegated administrator).
 */
import type { Operation } from '../types.js';
import {
  orgError,
  pageOf,
  requireManagement,
  requireManagementOrDelegated,
  requireServicePrincipal,
} from './common.js';

type In = Record<string, unknown>;

export const serviceAccessOperations: Record<string, Operation<In>> = {
  EnableAWSServiceAccess: {
    readOnly: false,
    handler(ctx, input) {
      const org = requireManagement(ctx);
      const sp = requireServicePrincipal(input);
      if (org.featureSet !== 'ALL') {
        throw orgError(
          'ConstraintViolationException',
          'You attempted to perform an operation that requires the organization to be configured to support all features.',
          409,
          'ORGANIZATION_NOT_IN_ALL_FEATURES_MODE',
        );
      }
      // Enabling twice is accepted and keeps the first DateEnabled (AWS does not document either way).
      if (!ctx.world.serviceAccess.has(sp)) ctx.world.serviceAccess.set(sp, ctx.world.now().toISOString());
      return {};
    },
  },
  DisableAWSServiceAccess: {
    readOnly: false,
    handler(ctx, input) {
      requireManagement(ctx);
      const sp = requireServicePrincipal(input);
      // Disabling what is not enabled succeeds; delegated administrators stay registered (see docs/emulator.md).
      ctx.world.serviceAccess.delete(sp);
      return {};
    },
  },
  ListAWSServiceAccessForOrganization: {
    readOnly: true,
    handler(ctx, input) {
      requireManagementOrDelegated(ctx);
      const enabled = [...ctx.world.serviceAccess].map(([ServicePrincipal, date]) => ({
        ServicePrincipal,
        DateEnabled: new Date(date),
      }));
      return pageOf(
        'EnabledServicePrincipals',
        enabled,
        input,
        'ListAWSServiceAccessForOrganization',
        (e) => e,
      );
    },
  },
};
