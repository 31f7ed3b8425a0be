/**
 * Which accounts a remediation may touch. Accounts named with --accounts are checked before anything
 * is called: an unknown id, the management account or a suspended account refuses the whole command
 * (by name, nothing changed). With --ou or --all those accounts are left out and listed, not refused.
 */
import { RootctlError, type ErrorCode } from '../errors.js';
import type { AccountId } from '../model/account-id.js';
import type { OrgAccount } from '../ports.js';
import type { UntouchedAccount } from './types.js';

export type RemediationScope =
  { kind: 'accounts'; accountIds: AccountId[] } | { kind: 'ou'; ouId: string } | { kind: 'all' };

export function scopeLabel(scope: RemediationScope): string {
  switch (scope.kind) {
    case 'accounts':
      return `--accounts ${scope.accountIds.join(',')}`;
    case 'ou':
      return `--ou ${scope.ouId}`;
    case 'all':
      return '--all';
  }
}

const named = (a: OrgAccount) => `${a.id} (${a.name})`;

/**
 * Throws when any explicitly named account cannot be remediated. `known` maps each requested id to
 * the organization's record of it (undefined: not in the organization).
 */
export function refuseExplicitTargets(
  requested: readonly AccountId[],
  known: ReadonlyMap<AccountId, OrgAccount | undefined>,
  managementAccountId: string,
  organizationId: string,
  /** What is refused, for the message: "Refusing to <doing>: ...". */
  doing = 'remediate',
): void {
  const unknown = requested.filter((id) => known.get(id) === undefined);
  const accounts = requested.map((id) => known.get(id)).filter((a): a is OrgAccount => a !== undefined);
  const management = accounts.filter((a) => a.id === managementAccountId);
  const inactive = accounts.filter((a) => a.id !== managementAccountId && a.state !== 'ACTIVE');
  const problems: { code: ErrorCode; text: string }[] = [];
  if (unknown.length)
    problems.push({
      code: 'UnknownAccount',
      text: `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in organization ${organizationId}`,
    });
  if (management.length)
    problems.push({
      code: 'ManagementAccountTarget',
      text: `${management.map(named).join(', ')} is the management account, which AssumeRoot cannot target`,
    });
  if (inactive.length)
    problems.push({
      code: 'SuspendedAccount',
      text: `${inactive.map((a) => `${named(a)} is ${a.state}`).join(', ')}`,
    });
  const first = problems[0];
  if (first)
    throw new RootctlError(
      first.code,
      `Refusing to ${doing}: ${problems.map((p) => p.text).join('; ')}. Nothing was changed.`,
      { details: { unknown, management: management.map((a) => a.id), suspended: inactive.map((a) => a.id) } },
    );
}

/** Splits the accounts of an --ou or --all scope into targets and the ones left out by name. */
export function partitionScope(
  accounts: readonly OrgAccount[],
  managementAccountId: string,
  ouPathOf: (id: AccountId) => string,
): { targets: OrgAccount[]; untouched: UntouchedAccount[] } {
  const targets: OrgAccount[] = [];
  const untouched: UntouchedAccount[] = [];
  for (const a of accounts) {
    if (a.id === managementAccountId) {
      untouched.push({
        accountId: a.id,
        accountName: a.name,
        ouPath: ouPathOf(a.id),
        reason: 'management-account',
        detail: 'the management account: AssumeRoot cannot target it; secure its root user by hand',
      });
    } else if (a.state !== 'ACTIVE') {
      untouched.push({
        accountId: a.id,
        accountName: a.name,
        ouPath: ouPathOf(a.id),
        reason: 'suspended',
        detail: `the account is ${a.state}: AssumeRoot cannot reach it`,
      });
    } else {
      targets.push(a);
    }
  }
  return { targets, untouched };
}
