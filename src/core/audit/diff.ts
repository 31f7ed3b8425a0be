/**
 * What changed between two audits, worst first: accounts that regained root credentials, then
 * accounts that gained more, new errors, new accounts, ... down to remediations. Credentials are
 * compared item by item (key, certificate and MFA ids) when both audits used full detail, and by
 * kind (password, access keys, signing certificates, MFA) otherwise.
 */
import {
  summarize,
  type AccountAudit,
  type AccountAuditStatus,
  type AuditReport,
  type AuditSummary,
  type RootState,
} from './model.js';

export type ChangeKind =
  | 'regained'
  | 'credentials-added'
  | 'new-error'
  | 'added'
  | 'status-changed'
  | 'credentials-removed'
  | 'remediated'
  | 'error-resolved'
  | 'removed';

/** The order changes are listed in: what needs attention first. */
export const CHANGE_ORDER: readonly ChangeKind[] = [
  'regained',
  'credentials-added',
  'new-error',
  'added',
  'status-changed',
  'credentials-removed',
  'remediated',
  'error-resolved',
  'removed',
];

export interface AccountChange {
  /** regained, credentials-added, new-error, added, status-changed, credentials-removed, remediated, error-resolved, removed. */
  kind: ChangeKind;
  accountId: string;
  accountName: string;
  ouPath: string;
  /**
   * Organizations `JoinedMethod` when the audit knew it: INVITED accounts existed before they joined
   * and keep the root credentials they had then (the detail says "joined by invitation").
   */
  joinedMethod?: 'INVITED' | 'CREATED' | undefined;
  /** Status in the older audit; absent for an account new in the newer one. */
  before: AccountAuditStatus | undefined;
  /** Status in the newer audit; absent for an account that is no longer in it. */
  after: AccountAuditStatus | undefined;
  /** Credentials present now and not before ("password", "access key AKIA...", "MFA"). */
  added: string[];
  /** Credentials present before and not now. */
  removed: string[];
  /** One line in plain words. */
  detail: string;
}

export interface AuditSide {
  /** The audit's id in the history database, when it is saved there. */
  auditId?: number;
  generatedAt: string;
  organizationId: string;
  scope: string;
  detail: 'summary' | 'full';
  summary: AuditSummary;
}

/** Version of the diff document (`rootctl history --diff --output json`). */
export const AUDIT_DIFF_SCHEMA_VERSION = 1;

/** `rootctl history --diff --output json`: what changed between two audits of one organization. */
export interface AuditDiff {
  schemaVersion: typeof AUDIT_DIFF_SCHEMA_VERSION;
  kind: 'rootctl.audit-diff';
  /** The older audit. */
  from: AuditSide;
  /** The newer audit. */
  to: AuditSide;
  /**
   * Set when the two audits have different scopes: only the accounts both cover were compared
   * (accounts outside one of the scopes are neither "new" nor "no longer in the audit").
   */
  commonAccountsOnly?: { accounts: number };
  /** Accounts that changed, worst first (the order of CHANGE_ORDER). */
  changes: AccountChange[];
  /** How many accounts of the newer audit did not change. */
  unchanged: number;
}

export interface DiffOptions {
  fromId?: number | undefined;
  toId?: number | undefined;
  /** Compare only the accounts present in both audits (audits of different scopes). */
  commonAccountsOnly?: boolean | undefined;
}

/** A scope label with `accounts:` ids in a stable order, so the same set compares equal. */
export function normalizeScope(scope: string): string {
  if (!scope.startsWith('accounts:')) return scope;
  return `accounts:${scope.slice('accounts:'.length).split(',').sort().join(',')}`;
}

/**
 * The baseline for a diff among earlier audits of the organization (newest first): the latest one of
 * the same scope, else the latest of any scope, compared on the accounts both cover.
 */
export function chooseBaseline<T extends { scope: string }>(
  earlier: readonly T[],
  scope: string,
): { audit: T; sameScope: boolean } | undefined {
  const want = normalizeScope(scope);
  const same = earlier.find((a) => normalizeScope(a.scope) === want);
  if (same) return { audit: same, sameScope: true };
  return earlier[0] && { audit: earlier[0], sameScope: false };
}

function restrict(r: AuditReport, ids: ReadonlySet<string>): AuditReport {
  const accounts = r.accounts.filter((a) => ids.has(a.accountId));
  return { ...r, accounts, summary: summarize(accounts) };
}

const side = (r: AuditReport): AuditSide => ({
  generatedAt: r.generatedAt,
  organizationId: r.organizationId,
  scope: r.metadata.scope,
  detail: r.metadata.detail,
  summary: r.summary,
});

/** The credentials of a root state as comparable items. */
export function credentialItems(root: RootState, byKind: boolean): string[] {
  if (byKind || root.detail === 'summary') {
    return [
      root.password.present && 'password',
      root.accessKeysPresent && 'access keys',
      root.signingCertificatesPresent && 'signing certificates',
      root.mfaPresent && 'MFA',
    ].filter((x): x is string => typeof x === 'string');
  }
  return [
    ...(root.password.present ? ['password'] : []),
    ...root.accessKeys.map((k) => `access key ${k.id}`),
    ...root.signingCertificates.map((c) => `signing certificate ${c.id}`),
    ...root.mfaDevices.map((d) => `MFA ${d.serialNumber}`),
  ];
}

export function diffAudits(before: AuditReport, after: AuditReport, options: DiffOptions = {}): AuditDiff {
  if (options.commonAccountsOnly) {
    const inBefore = new Set(before.accounts.map((a) => a.accountId as string));
    const common = new Set(after.accounts.map((a) => a.accountId as string).filter((id) => inBefore.has(id)));
    before = restrict(before, common);
    after = restrict(after, common);
  }
  const byKind = before.metadata.detail !== 'full' || after.metadata.detail !== 'full';
  const old = new Map(before.accounts.map((a) => [a.accountId as string, a]));
  const changes: AccountChange[] = [];
  let unchanged = 0;
  for (const a of after.accounts) {
    const b = old.get(a.accountId);
    old.delete(a.accountId);
    const c = b
      ? compare(b, a, byKind)
      : change('added', undefined, a, [], [], `new in this audit (${a.status.replace('_', '-')})`);
    if (c) changes.push(c);
    else unchanged++;
  }
  for (const b of old.values())
    changes.push(
      change('removed', b, undefined, [], [], 'not in this audit (left the organization or out of scope)'),
    );
  const rank = (k: ChangeKind) => CHANGE_ORDER.indexOf(k);
  changes.sort(
    (x, y) =>
      rank(x.kind) - rank(y.kind) ||
      x.ouPath.localeCompare(y.ouPath) ||
      x.accountName.localeCompare(y.accountName) ||
      x.accountId.localeCompare(y.accountId),
  );
  const id = (n: number | undefined) => (n === undefined ? {} : { auditId: n });
  return {
    schemaVersion: AUDIT_DIFF_SCHEMA_VERSION,
    kind: 'rootctl.audit-diff',
    from: { ...id(options.fromId), ...side(before) },
    to: { ...id(options.toId), ...side(after) },
    ...(options.commonAccountsOnly ? { commonAccountsOnly: { accounts: after.accounts.length } } : {}),
    changes,
    unchanged,
  };
}

function compare(b: AccountAudit, a: AccountAudit, byKind: boolean): AccountChange | undefined {
  const audited = (x: AccountAudit) => x.status === 'compliant' || x.status === 'non_compliant';
  if (audited(b) && audited(a) && b.root && a.root) {
    const before = credentialItems(b.root, byKind);
    const now = credentialItems(a.root, byKind);
    const added = now.filter((x) => !before.includes(x));
    const removed = before.filter((x) => !now.includes(x));
    if (!added.length && !removed.length) return undefined;
    if (!before.length)
      return change('regained', b, a, added, removed, `regained root credentials: ${added.join(', ')}`);
    if (added.length)
      return change(
        'credentials-added',
        b,
        a,
        added,
        removed,
        `new root credentials: ${added.join(', ')}${removed.length ? `; gone: ${removed.join(', ')}` : ''}`,
      );
    if (!now.length)
      return change(
        'remediated',
        b,
        a,
        added,
        removed,
        `no root credentials any more (removed: ${removed.join(', ')})`,
      );
    return change(
      'credentials-removed',
      b,
      a,
      added,
      removed,
      `fewer root credentials (removed: ${removed.join(', ')}); still: ${now.join(', ')}`,
    );
  }
  if (a.status === 'error' && b.status !== 'error')
    return change('new-error', b, a, [], [], `now fails: ${a.error?.diagnosis ?? a.error?.code ?? 'error'}`);
  if (b.status === 'error' && a.status !== 'error')
    return change('error-resolved', b, a, [], [], `audited again: ${a.status.replace('_', '-')}`);
  if (a.status === 'error' && b.status === 'error') {
    return a.error?.diagnosis === b.error?.diagnosis
      ? undefined
      : change('new-error', b, a, [], [], `fails differently: ${a.error?.diagnosis ?? ''}`);
  }
  if (a.status === b.status) {
    // Same status; for skipped accounts the reason can still change (the management account's root MFA).
    return a.skipReason === b.skipReason
      ? undefined
      : change('status-changed', b, a, [], [], `still skipped: ${a.skipReason ?? ''}`);
  }
  return change(
    'status-changed',
    b,
    a,
    [],
    [],
    `${b.status.replace('_', '-')} -> ${a.status.replace('_', '-')}${a.skipReason ? ` (${a.skipReason})` : ''}`,
  );
}

function change(
  kind: ChangeKind,
  b: AccountAudit | undefined,
  a: AccountAudit | undefined,
  added: string[],
  removed: string[],
  detail: string,
): AccountChange {
  const x = (a ?? b)!;
  // How an account joined does not change; an audit that did not list the organization (remediate's
  // verification reads the accounts its plan named) does not know it, the other one may.
  const joinedMethod = a?.joinedMethod ?? b?.joinedMethod;
  return {
    kind,
    accountId: x.accountId,
    accountName: x.accountName,
    ouPath: x.ouPath,
    ...(joinedMethod === undefined ? {} : { joinedMethod }),
    before: b?.status,
    after: a?.status,
    added,
    removed,
    detail: joinedMethod === 'INVITED' ? `${detail} (joined by invitation)` : detail,
  };
}
