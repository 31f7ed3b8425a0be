/**
 * The remediation planner's library entry point. `planRemediation(ports, request)` audits the scope
 * afresh (full detail) and returns the Plan; nothing is changed. `buildPlan` is the pure part.
 */
import { RootctlError } from '../errors.js';
import { audit } from '../audit/run.js';
import type { AdaptiveLimiter } from '../concurrency/adaptive-limiter.js';
import type { AuditEvent, AuditPorts, AuditScope, KnownAccount } from '../audit/types.js';
import type { AuditReport } from '../audit/model.js';
import type { AccountId } from '../model/account-id.js';
import type { OrgAccount } from '../ports.js';
import { buildPlan, type OpenExceptionInfo } from './planner.js';
import type { OrgTree } from '../org/tree.js';
import { deleteBlockers } from './delete-blockers.js';
import { refuseExplicitTargets, scopeLabel, type RemediationScope } from './targets.js';
import type { Plan, PlanOptions } from './types.js';

export * from './types.js';
export {
  buildPlan,
  holdOutOpenExceptions,
  isEmptyPlan,
  isRecentlyUsed,
  type OpenExceptionInfo,
  type PlanInput,
} from './planner.js';
export { DEFAULT_RECENTLY_USED_DAYS, parseOnly, parseRecentlyUsedDays, planOptions } from './options.js';
export { partitionScope, refuseExplicitTargets, scopeLabel, type RemediationScope } from './targets.js';
export { renderPlanTable, renderPlanJson } from './render.js';

export interface PlanRequest {
  scope: RemediationScope;
  options: PlanOptions;
  /** Accounts audited at once (the audit's --concurrency). */
  concurrency?: number | undefined;
  region?: string | undefined;
  onAuditEvent?: ((e: AuditEvent) => void) | undefined;
  /** Share this limiter with the apply and the verification (one adaptive level for the run). */
  limiter?: AdaptiveLimiter | undefined;
  now?: (() => Date) | undefined;
  /** Open root-task exceptions (from the exception store): their accounts are held out of the plan. */
  openExceptions?: readonly OpenExceptionInfo[] | undefined;
  /** Stops planning (Ctrl-C): the audit stops and no plan is made (Interrupted). */
  signal?: AbortSignal | undefined;
}

export function auditScopeOf(scope: RemediationScope): AuditScope {
  switch (scope.kind) {
    case 'accounts':
      return { kind: 'accounts', ids: scope.accountIds };
    case 'ou':
      return { kind: 'ou', id: scope.ouId };
    case 'all':
      return { kind: 'organization' };
  }
}

/**
 * Refuses explicitly named accounts that must not be touched (management, suspended, unknown) before
 * anything else is called: every offender named, nothing changed.
 */
export async function checkExplicitTargets(
  ports: Pick<AuditPorts, 'organizations'>,
  scope: RemediationScope,
): Promise<void> {
  if (scope.kind !== 'accounts') return;
  const org = await ports.organizations.describeOrganization();
  const known = new Map<AccountId, OrgAccount | undefined>();
  for (const id of scope.accountIds) known.set(id, await ports.organizations.describeAccount(id));
  refuseExplicitTargets(scope.accountIds, known, org.managementAccountId, org.id);
}

/** A fresh full audit of the scope, then the plan. Returns the audit too (for reports and history). */
export async function planRemediation(
  ports: AuditPorts,
  request: PlanRequest,
): Promise<{ plan: Plan; report: AuditReport }> {
  await checkExplicitTargets(ports, request.scope);
  const now = request.now ?? (() => new Date());
  let listed: OrgTree | undefined;
  const report = await audit(ports, {
    onTree: (tree) => (listed = tree),
    scope: auditScopeOf(request.scope),
    detail: 'full',
    now,
    ...(request.concurrency === undefined ? {} : { concurrency: request.concurrency }),
    ...(request.region === undefined ? {} : { region: request.region }),
    ...(request.onAuditEvent === undefined ? {} : { onEvent: request.onAuditEvent }),
    ...(request.signal === undefined ? {} : { signal: request.signal }),
    ...(request.limiter === undefined ? {} : { limiter: request.limiter }),
  });
  // A plan from a partial audit would leave out accounts without saying so.
  if (report.partial)
    throw new RootctlError('Interrupted', 'Interrupted while planning; nothing was changed.', {
      hint: 'Run the command again when ready.',
    });
  const { blockers, possiblyBlocked } = await deleteBlockers(ports, report, listed);
  const plan = buildPlan({
    audits: report.accounts,
    organizationId: report.organizationId,
    managementAccountId: report.managementAccountId,
    callerArn: report.metadata.callerArn,
    scope: scopeLabel(request.scope),
    options: request.options,
    now: now(),
    ...(request.openExceptions ? { openExceptions: request.openExceptions } : {}),
    ...(blockers.size ? { blockers } : {}),
    ...(possiblyBlocked.size ? { possiblyBlocked } : {}),
  });
  return { plan, report };
}

/**
 * A fresh full audit of some accounts: how the executor verifies a run. With `known` (the plan's
 * names and OU paths) the accounts are not looked up in Organizations again; with `limiter` the
 * verification runs at the level the run's other work found.
 */
export function auditAccounts(
  ports: AuditPorts,
  options: {
    concurrency?: number | undefined;
    region?: string | undefined;
    limiter?: AdaptiveLimiter | undefined;
    onEvent?: ((e: AuditEvent) => void) | undefined;
  } = {},
): (
  ids: AccountId[],
  known?: readonly KnownAccount[],
  onAuditEvent?: (e: AuditEvent) => void,
) => Promise<AuditReport['accounts']> {
  return async (ids, known, onAuditEvent) =>
    (
      await audit(ports, {
        scope: { kind: 'accounts', ids, ...(known === undefined ? {} : { known }) },
        detail: 'full',
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
        ...(options.region === undefined ? {} : { region: options.region }),
        ...(options.limiter === undefined ? {} : { limiter: options.limiter }),
        onEvent: (e) => {
          options.onEvent?.(e);
          onAuditEvent?.(e);
        },
      })
    ).accounts;
}
