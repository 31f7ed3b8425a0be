/**
 * From outcomes to the report's records: one per account in scope, in a stable order (OU path,
 * name, id). An account without an outcome cannot happen, but if it did it would be reported as an
 * error rather than dropped: the scope, not the outcomes, drives the list.
 */
import type { AccountId } from '../model/account-id.js';
import { ouPath, type OrgTree } from '../org/tree.js';
import type { CallerAccountPort, OrgAccount } from '../ports.js';
import { accountCheckResults, statusFromChecks } from '../checks/audit/index.js';
import { diagnose } from './diagnose.js';
import type { AccountAudit } from './model.js';
import type { Outcome } from './pipeline.js';
import type { ScpsForPath } from './scp-lookup.js';
import type { RootSessionFacts } from '../scp/root-session-blockers.js';
import type { Retrying } from './scope.js';

export interface ScopedAccount {
  account: OrgAccount;
  skip: 'management' | 'inactive' | undefined;
}

export interface ManagementRoot {
  mfa: boolean | undefined;
  accessKeys: boolean | undefined;
  /** Why it could not be read. */
  unreadable?: string;
}

export async function managementRootState(
  port: CallerAccountPort,
  retrying: Retrying,
): Promise<ManagementRoot> {
  try {
    const s = await retrying(() => port.accountSummary(), 'iam:GetAccountSummary');
    return { mfa: s.mfa, accessKeys: s.accessKeys };
  } catch (e) {
    return { mfa: undefined, accessKeys: undefined, unreadable: e instanceof Error ? e.message : String(e) };
  }
}

export function managementSkipReason(root: ManagementRoot | undefined): string {
  const base =
    'management account: AssumeRoot cannot target it; secure its root user by hand (it should have MFA and no access keys)';
  if (!root)
    return `${base}; its root state is not read from here (audit from the management account to see it)`;
  if (root.unreadable !== undefined) return `${base}; its root state could not be read (${root.unreadable})`;
  const mfa = root.mfa === undefined ? 'MFA unknown' : root.mfa ? 'MFA on' : 'MFA OFF';
  const keys =
    root.accessKeys === undefined
      ? 'access keys unknown'
      : root.accessKeys
        ? 'ACCESS KEYS PRESENT'
        : 'no access keys';
  return `${base}; now: ${mfa}, ${keys}`;
}

export function inactiveSkipReason(state: string): string {
  return state === 'SUSPENDED'
    ? 'suspended: AssumeRoot cannot reach suspended accounts'
    : `${state.toLowerCase().replace(/_/g, ' ')}: AssumeRoot cannot reach it`;
}

export function buildRecords(input: {
  scoped: Map<AccountId, ScopedAccount>;
  outcomes: Map<AccountId, Outcome>;
  tree: OrgTree;
  /** The SCPs of each account denied by one (see ScpLookup). */
  scps: ReadonlyMap<AccountId, ScpsForPath>;
  /** The organization's partition and id, for evaluating SCPs as root sessions meet them. */
  facts: RootSessionFacts;
  region: string | undefined;
  managementRoot: ManagementRoot | undefined;
  now: () => Date;
  /** OU paths the caller already knew (an audit of known accounts has no tree of them). */
  knownPaths?: ReadonlyMap<AccountId, string>;
}): AccountAudit[] {
  const { tree } = input;
  const fallbackAt = input.now().toISOString();
  const records: AccountAudit[] = [];
  for (const [id, { account, skip }] of input.scoped) {
    const base = {
      accountId: id,
      accountName: account.name,
      ouPath: input.knownPaths?.get(id) ?? ouPath(tree, tree.parentOf.get(id)),
      ...(account.joinedMethod === undefined ? {} : { joinedMethod: account.joinedMethod }),
    };
    if (skip !== undefined) {
      const skipReason =
        skip === 'management'
          ? managementSkipReason(input.managementRoot)
          : inactiveSkipReason(account.state);
      records.push({ ...base, status: 'skipped', skipReason, auditedAt: fallbackAt });
      continue;
    }
    const o = input.outcomes.get(id);
    if (!o) {
      records.push({
        ...base,
        status: 'error',
        error: {
          code: 'InternalError',
          message: 'no result was recorded for this account',
          diagnosis: 'rootctl lost track of this account (a bug; please report it)',
        },
        auditedAt: fallbackAt,
      });
    } else if (o.kind === 'ok') {
      const record: AccountAudit = { ...base, status: 'compliant', root: o.root, auditedAt: o.at };
      record.status = statusFromChecks(record);
      records.push(record);
    } else {
      records.push({
        ...base,
        status: 'error',
        error: diagnose(o.failure, {
          accountId: id,
          facts: input.facts,
          tree,
          scps: input.scps.get(id)?.scps,
          scpsComplete: input.scps.get(id)?.complete,
          region: input.region,
        }),
        auditedAt: o.at,
      });
    }
  }
  const management = [...input.scoped].find(([, s]) => s.skip === 'management')?.[0];
  const context = { managementAccountId: management, managementRoot: input.managementRoot };
  for (const account of records) account.checks = accountCheckResults({ account, ...context });
  return records.sort(
    (a, b) => cmp(a.ouPath, b.ouPath) || cmp(a.accountName, b.accountName) || cmp(a.accountId, b.accountId),
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
