/**
 * PlanStale: a plan is applied only while it still describes the organization. Three refusals, each
 * before anything is deleted:
 * - the whole plan, when it is older than the limit (default 24 h): a plan confirmed yesterday is not
 *   a review of today's organization;
 * - the whole plan, when it is not the plan journaled for the run it claims to resume (./resume.ts);
 * - one account, when its root user no longer holds a credential the plan names: the account is
 *   re-read in the delete session (the task policy allows the four list/get calls) just before its
 *   first deletion, and left untouched - status failed, code PlanStale - if it drifted. Other
 *   accounts go ahead: each account's deletions were reviewed and confirmed as they still stand.
 */
import { RootctlError } from '../errors.js';
import type { DeleteRootSession } from '../ports.js';
import type { CredentialKind, Plan, PlannedDeletion } from '../plan/types.js';

/** How old a plan may be when it is applied (or resumed), unless the caller says otherwise. */
export const DEFAULT_MAX_PLAN_AGE_MS = 24 * 3_600_000;

function ageText(ms: number): string {
  const h = ms / 3_600_000;
  return h >= 48
    ? `${Math.floor(h / 24)} d`
    : h >= 1
      ? `${Math.floor(h)} h`
      : `${Math.floor(ms / 60_000)} min`;
}

/** PlanStale when the plan was made longer ago than `maxAgeMs`. */
export function refuseOldPlan(plan: Plan, now: Date, maxAgeMs: number = DEFAULT_MAX_PLAN_AGE_MS): void {
  const age = now.getTime() - Date.parse(plan.createdAt);
  if (age <= maxAgeMs) return;
  throw new RootctlError(
    'PlanStale',
    `The plan was made ${plan.createdAt} (${ageText(age)} ago), older than the ${ageText(maxAgeMs)} a plan may be applied within.`,
    {
      hint: 'Make a new plan from a fresh audit, or allow an older plan with --max-plan-age (library: maxPlanAgeMs).',
      details: { createdAt: plan.createdAt, ageMs: age, maxAgeMs },
    },
  );
}

/** The ids of the root credentials of `kinds` the account holds now, read in the given session. */
async function presentIds(
  session: DeleteRootSession,
  kinds: ReadonlySet<CredentialKind>,
): Promise<Set<string>> {
  const ids = new Set<string>();
  const reads: Promise<void>[] = [];
  if (kinds.has('password'))
    reads.push(session.loginProfile().then((p) => void (p && ids.add('login-profile'))));
  if (kinds.has('access-keys'))
    reads.push(session.accessKeys(false).then((ks) => ks.forEach((k) => ids.add(k.id))));
  if (kinds.has('signing-certificates'))
    reads.push(session.signingCertificates().then((cs) => cs.forEach((c) => ids.add(c.id))));
  if (kinds.has('mfa'))
    reads.push(session.mfaDevices().then((ds) => ds.forEach((d) => ids.add(d.serialNumber))));
  await Promise.all(reads);
  return ids;
}

/**
 * The planned deletions whose credential the account no longer holds. `attempted` deletions (a call
 * this run already made, e.g. before a kill) are not counted: their credential may be gone by our hand.
 */
export async function driftedDeletions(
  session: DeleteRootSession,
  deletions: readonly PlannedDeletion[],
  attempted: (d: PlannedDeletion) => boolean = () => false,
): Promise<PlannedDeletion[]> {
  const toCheck = deletions.filter((d) => !attempted(d));
  if (!toCheck.length) return [];
  const present = await presentIds(session, new Set(toCheck.map((d) => d.kind)));
  return toCheck.filter((d) => !present.has(d.targetId));
}

/** One line for the account's result: what the plan names that is no longer there. */
export function driftMessage(missing: readonly PlannedDeletion[]): string {
  const what = missing.map((d) => `${d.kind} ${d.targetId}`).join(', ');
  return `plan is stale for this account: it no longer holds ${what}; nothing deleted here - make a new plan`;
}
