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
  type HeldForException,
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
  /** "possibly blocked by SCP p-... (Name) ..." for accounts an SCP may block (a condition known only at call time). */
  possiblyBlocked?: ReadonlyMap<AccountId, string>;
  /** Open (and overdue) root-task exceptions: their accounts are held out (holdOutOpenExceptions). */
  openExceptions?: readonly OpenExceptionInfo[];
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
      ...possibly(input, a.accountId, deletions.length),
    });
  }
  untouched.sort((x, y) => x.accountId.localeCompare(y.accountId));
  const plan: Plan = {
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
    totals: totalsOf(accounts, clean, untouched, input.audits.length + (input.untouched?.length ?? 0)),
  };
  if (!input.openExceptions?.length) return plan;
  const names = new Map(input.audits.map((a) => [a.accountId, a]));
  return holdOutOpenExceptions(plan, input.openExceptions, now, names);
}

/** The plan says out loud that an SCP may deny the deletions it is about to try. */
function possibly(input: PlanInput, id: AccountId, deletions: number): { possiblyBlocked?: string } {
  const why = deletions ? input.possiblyBlocked?.get(id) : undefined;
  return why === undefined ? {} : { possiblyBlocked: why };
}

function totalsOf(
  accounts: readonly AccountPlan[],
  clean: readonly AccountId[],
  untouched: readonly UntouchedAccount[],
  accountsInScope: number,
): Plan['totals'] {
  const byKind = Object.fromEntries(CREDENTIAL_KINDS.map((k) => [k, 0])) as Record<CredentialKind, number>;
  for (const p of accounts) for (const d of p.deletions) byKind[d.kind]++;
  return {
    accountsInScope,
    accountsToChange: accounts.filter((p) => p.deletions.length).length,
    accountsClean: clean.length,
    deletions: accounts.reduce((n, p) => n + p.deletions.length, 0),
    byKind,
    heldBack: accounts.reduce((n, p) => n + p.heldBack.length, 0),
    untouched: untouched.length,
  };
}

export type OpenExceptionInfo = Omit<HeldForException, 'overdue'> & { accountId: AccountId };

/**
 * Holds accounts with an open (or overdue) root-task exception out of a plan: an exception opened for
 * password recovery has just created the login profile the plan would delete. They are listed under
 * `untouched` (reason `open-exception`) with the exception and the way forward; `rootctl exception
 * close` is what deletes their credentials again. Used for new plans and for resumed ones alike.
 */
export function holdOutOpenExceptions(
  plan: Plan,
  open: readonly OpenExceptionInfo[],
  now: Date,
  /** Names of accounts the plan lists only by id (clean ones). */
  names: ReadonlyMap<AccountId, { accountName: string; ouPath: string }> = new Map(),
): Plan {
  const byAccount = new Map<AccountId, OpenExceptionInfo[]>();
  for (const e of open) byAccount.set(e.accountId, [...(byAccount.get(e.accountId) ?? []), e]);
  const inPlan = new Map(plan.accounts.map((a) => [a.accountId, a]));
  const held: UntouchedAccount[] = [];
  for (const [accountId, list] of byAccount) {
    const a = inPlan.get(accountId);
    if (!a && !plan.clean.includes(accountId)) continue; // not in scope, or already untouched
    const exceptions = list.map(({ accountId: _a, ...e }) => ({
      ...e,
      overdue: Date.parse(e.expiresAt) <= now.getTime(),
    }));
    const what = exceptions
      .map(
        (e) =>
          `open ${e.task} exception ${e.id}${e.target === 'root-user' ? '' : ` (${e.target})`} opened by ${e.openerArn}, expires ${e.expiresAt}${e.overdue ? ' (OVERDUE)' : ''}`,
      )
      .join('; ');
    held.push({
      accountId,
      accountName: a?.accountName ?? names.get(accountId)?.accountName ?? '',
      ouPath: a?.ouPath ?? names.get(accountId)?.ouPath ?? '',
      reason: 'open-exception',
      detail: `${what}; \`rootctl exception close --account ${accountId}\` deletes its root credentials again and closes it`,
      exceptions,
    });
  }
  if (!held.length) return plan;
  const out = new Set(held.map((h) => h.accountId));
  const accounts = plan.accounts.filter((a) => !out.has(a.accountId));
  const clean = plan.clean.filter((id) => !out.has(id));
  const untouched = [...plan.untouched, ...held].sort((x, y) => x.accountId.localeCompare(y.accountId));
  return {
    ...plan,
    accounts,
    clean,
    untouched,
    totals: totalsOf(accounts, clean, untouched, plan.totals.accountsInScope),
  };
}

/** True when applying the plan would change nothing. */
export function isEmptyPlan(plan: Plan): boolean {
  return plan.totals.deletions === 0;
}
