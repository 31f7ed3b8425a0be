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
      if (!ctx.world.serviceAccess.has(sp)) {
        ctx.world.serviceAccess.set(sp, ctx.world.now().toISOString());
        ctx.world.accessChanged();
      }
      return {};
    },
  },
  DisableAWSServiceAccess: {
    readOnly: false,
    handler(ctx, input) {
      requireManagement(ctx);
      const sp = requireServicePrincipal(input);
      // Live AWS refuses while the service has a delegated administrator (radkawar/stackd,
      // testdata/aws/iam/root_sessions.json, case trust_disable_with_delegate). The emulator applies
      // that to every service; disabling what is not enabled succeeds.
      if (ctx.world.delegatedAdministrators.some((d) => d.servicePrincipal === sp)) {
        throw orgError(
          'ConstraintViolationException',
          'You have delegated administrator/s for this service. De-register them in order to disable service access.',
          400,
          'DELEGATED_ADMINISTRATOR_EXISTS_FOR_THIS_SERVICE',
        );
      }
      if (ctx.world.serviceAccess.delete(sp)) ctx.world.accessChanged();
      return {};
    },
  },
  ListAWSServiceAccessForOrganization: {
    readOnly: true,
    handler(ctx, input) {
      requireManagementOrDelegated(ctx);
      // Eventually consistent: with a propagation delay, a recent change is not listed yet.
      const enabled = [...ctx.world.propagatedAccess().serviceAccess].map(([ServicePrincipal, date]) => ({
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
