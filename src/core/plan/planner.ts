/**
 * The remediation planner: audit records + options -> a Plan. Pure: no AWS, no clock (the caller
 * passes `now`), so the same audit always gives the same plan.
 */
import type { AccountAudit, RootState } from '../audit/model.js';
import type { AccountId } from '../model/account-id.js';
import {
  ACTION_OF_KIND,
  CREDENTIAL_KINDS,
  KIND_ORDER,
  LOGIN_PROFILE_TARGET,
  PLAN_SCHEMA_VERSION,
  type AccountPlan,
  type CredentialKind,
  type Plan,
  type PlanOptions,
  type PlannedDeletion,
  type UntouchedAccount,
} from './types.js';

const DAY_MS = 86_400_000;

export interface PlanInput {
  /** A fresh audit (full detail) of the accounts in scope. */
  audits: readonly AccountAudit[];
  organizationId: string;
  managementAccountId: string;
  callerArn: string;
  scope: string;
  options: PlanOptions;
  now: Date;
  /** Accounts already left out before the audit (management, suspended in an --ou/--all scope). */
  untouched?: readonly UntouchedAccount[];
  /** "blocked by SCP p-... (Name)" for accounts whose SCPs deny the delete task. */
  blockers?: ReadonlyMap<AccountId, string>;
}

/** Whether an access key was used within the last `days` days of `now`. */
export function isRecentlyUsed(lastUsed: string | undefined, now: Date, days: number): boolean {
  if (lastUsed === undefined || days <= 0) return false;
  const t = Date.parse(lastUsed);
  return Number.isFinite(t) && now.getTime() - t < days * DAY_MS;
}

function credentialsOf(root: RootState, kind: CredentialKind, now: Date, days: number): PlannedDeletion[] {
  const action = ACTION_OF_KIND[kind];
  switch (kind) {
    case 'mfa':
      return root.mfaDevices.map((d) => ({
        kind,
        action,
        targetId: d.serialNumber,
        createdAt: d.enableDate,
      }));
    case 'access-keys':
      return root.accessKeys.map((k) => ({
        kind,
        action,
        targetId: k.id,
        createdAt: k.createDate,
        status: k.status,
        lastUsed: k.lastUsed,
        recentlyUsed: isRecentlyUsed(k.lastUsed?.date, now, days),
      }));
    case 'signing-certificates':
      return root.signingCertificates.map((c) => ({
        kind,
        action,
        targetId: c.id,
        createdAt: c.uploadDate,
        status: c.status,
      }));
    case 'password':
      return root.password.present
        ? [{ kind, action, targetId: LOGIN_PROFILE_TARGET, createdAt: root.password.createDate }]
        : [];
  }
}

/** A summary-detail audit knows that credentials exist but not their ids: it cannot be planned from. */
function lacksIds(root: RootState): boolean {
  return (
    root.detail === 'summary' &&
    (root.accessKeysPresent || root.signingCertificatesPresent || root.mfaPresent)
  );
}

function untouchedFromAudit(
  a: AccountAudit,
  blockers: ReadonlyMap<AccountId, string> | undefined,
): UntouchedAccount | undefined {
  const base = { accountId: a.accountId, accountName: a.accountName, ouPath: a.ouPath };
  if (a.status === 'skipped') {
    const mgmt = /management/i.test(a.skipReason ?? '');
    return {
      ...base,
      reason: mgmt ? 'management-account' : 'suspended',
      detail: a.skipReason ?? 'skipped by the audit',
    };
  }
  const blocker = blockers?.get(a.accountId);
  if (a.status === 'error' || a.root === undefined) {
    if (blocker !== undefined) return { ...base, reason: 'blocked', detail: blocker, code: a.error?.code };
    // The audit names the SCP that denied its own root session: "blocked by SCP p-... (Name) attached to ...".
    if (/^blocked by (an? )?(SCP|service control)/i.test(a.error?.diagnosis ?? ''))
      return { ...base, reason: 'blocked', detail: a.error!.diagnosis, code: a.error?.code };
    return {
      ...base,
      reason: 'audit-error',
      detail: a.error?.diagnosis || a.error?.message || 'the audit could not read this account',
      code: a.error?.code,
    };
  }
  if (lacksIds(a.root))
    return {
      ...base,
      reason: 'audit-error',
      detail: 'the audit ran with --detail summary: credential ids are unknown',
    };
  return undefined;
}

export function buildPlan(input: PlanInput): Plan {
  const { options, now } = input;
  const accounts: AccountPlan[] = [];
  const clean: AccountId[] = [];
  const untouched: UntouchedAccount[] = [...(input.untouched ?? [])];
  const kinds = KIND_ORDER.filter((k) => options.only.includes(k));
  for (const a of [...input.audits].sort((x, y) => x.accountId.localeCompare(y.accountId))) {
    const out = untouchedFromAudit(a, input.blockers);
    if (out) {
      untouched.push(out);
      continue;
    }
    const all = kinds.flatMap((k) => credentialsOf(a.root!, k, now, options.recentlyUsedDays));
    const heldBack = options.includeRecentlyUsed ? [] : all.filter((d) => d.recentlyUsed === true);
    const deletions = all.filter((d) => !heldBack.includes(d));
    if (!deletions.length && !heldBack.length) {
      clean.push(a.accountId);
      continue;
    }
    const blocker = input.blockers?.get(a.accountId);
    if (blocker !== undefined && deletions.length) {
      // The audit could read the account, but its SCPs deny the delete calls: do not try.
      untouched.push({
        accountId: a.accountId,
        accountName: a.accountName,
        ouPath: a.ouPath,
        reason: 'blocked',
        detail: blocker,
      });
      continue;
    }
    accounts.push({
      accountId: a.accountId,
      accountName: a.accountName,
      ouPath: a.ouPath,
      deletions,
      heldBack,
    });
  }
  untouched.sort((x, y) => x.accountId.localeCompare(y.accountId));
  const byKind = Object.fromEntries(CREDENTIAL_KINDS.map((k) => [k, 0])) as Record<CredentialKind, number>;
  for (const p of accounts) for (const d of p.deletions) byKind[d.kind]++;
  const deletions = accounts.reduce((n, p) => n + p.deletions.length, 0);
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    createdAt: now.toISOString(),
    organizationId: input.organizationId,
    managementAccountId: input.managementAccountId,
    callerArn: input.callerArn,
    scope: input.scope,
    options,
    accounts,
    clean,
    untouched,
    totals: {
      accountsInScope: input.audits.length + (input.untouched?.length ?? 0),
      accountsToChange: accounts.filter((p) => p.deletions.length).length,
      accountsClean: clean.length,
      deletions,
      byKind,
      heldBack: accounts.reduce((n, p) => n + p.heldBack.length, 0),
      untouched: untouched.length,
    },
  };
}

/** True when applying the plan would change nothing. */
export function isEmptyPlan(plan: Plan): boolean {
  return plan.totals.deletions === 0;
}
