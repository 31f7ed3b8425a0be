/**
 * Before any account is audited: who is calling, which organization, and which accounts are in
 * scope. Failures here are runtime failures (exit 3) or bad input (exit 2), never per-account errors.
 */
import { RootctlError, isRootctlError } from '../errors.js';
import type { AccountId } from '../model/account-id.js';
import { IAM_SERVICE_PRINCIPAL } from '../model/task-policies.js';
import { emptyTree, type OrgTree } from '../org/tree.js';
import type { CallerIdentity, OrgAccount, OrgUnit, OrganizationInfo, OrganizationsReader } from '../ports.js';
import type { AuditPorts } from './types.js';

/** Runs a call with retries; failures surface as the original error. */
/** Runs a call of the caller's with the audit's retries; `operation` names it in throttle events. */
export type Retrying = <T>(fn: () => Promise<T>, operation?: string) => Promise<T>;

export interface Preflight {
  caller: CallerIdentity;
  org: OrganizationInfo;
  rootId: string;
  callerRole: 'management' | 'delegated-admin' | 'other';
}

export async function preflight(ports: AuditPorts, retrying: Retrying): Promise<Preflight> {
  const caller = await retrying(() => ports.identity.whoAmI(), 'sts:GetCallerIdentity');
  const org = await retrying(() => ports.organizations.describeOrganization());
  let roots;
  try {
    roots = await retrying(() => ports.organizations.listRoots());
  } catch (e) {
    // Member accounts may describe their organization but not list it.
    if (isRootctlError(e) && e.code === 'AccessDenied' && caller.accountId !== org.managementAccountId) {
      throw new RootctlError(
        'NotManagementOrDelegatedAdmin',
        `The calling account ${caller.accountId} cannot list organization ${org.id}: it is neither the management account (${org.managementAccountId}) nor a delegated administrator (${e.message}).`,
        { cause: e },
      );
    }
    throw e;
  }
  const rootId = roots[0]?.id;
  if (rootId === undefined)
    throw new RootctlError('NotInOrganization', `Organization ${org.id} has no root.`);
  let callerRole: Preflight['callerRole'] = 'other';
  if (caller.accountId === org.managementAccountId) callerRole = 'management';
  else {
    try {
      const admins = await retrying(() =>
        ports.organizations.listDelegatedAdministrators(IAM_SERVICE_PRINCIPAL),
      );
      if (!admins.some((a) => a.id === caller.accountId)) {
        throw new RootctlError(
          'NotManagementOrDelegatedAdmin',
          `The calling account ${caller.accountId} is neither the management account (${org.managementAccountId}) nor the IAM delegated administrator, so AssumeRoot cannot be called from it.`,
        );
      }
      callerRole = 'delegated-admin';
    } catch (e) {
      // Without organizations:ListDelegatedAdministrators the role stays unknown; AssumeRoot will tell.
      if (!(isRootctlError(e) && e.code === 'AccessDenied')) throw e;
    }
  }
  return { caller, org, rootId, callerRole };
}

/**
 * The OUs from the root down to `id` (an OU or account's parent chain), with names, using
 * ListParents and ListOrganizationalUnitsForParent. Caches across calls.
 */
export class AncestorResolver {
  private readonly parents = new Map<string, Promise<string>>();
  private readonly children = new Map<string, Promise<OrgUnit[]>>();
  constructor(
    private readonly reader: OrganizationsReader,
    private readonly rootId: string,
    private readonly retrying: Retrying,
  ) {}

  parentOf(id: string): Promise<string> {
    let p = this.parents.get(id);
    if (!p) this.parents.set(id, (p = this.retrying(() => this.reader.parentOf(id))));
    return p;
  }

  /** The OU `ouId` itself and every OU above it (nearest first). */
  async chain(ouId: string): Promise<OrgUnit[]> {
    const out: OrgUnit[] = [];
    let id = ouId;
    while (id !== this.rootId) {
      const parent = await this.parentOf(id);
      if (parent === '') throw new RootctlError('UnknownOu', `${ouId} is not in the organization.`);
      let kids = this.children.get(parent);
      if (!kids)
        this.children.set(parent, (kids = this.retrying(() => this.reader.listOusForParent(parent))));
      const ou = (await kids).find((o) => o.id === id);
      out.push(ou ?? { id, name: id, parentId: parent });
      id = parent;
    }
    return out;
  }
}

/** Validates `--ou` and returns its ancestors (for OU paths); UnknownOu when it does not exist. */
export async function resolveOuScope(
  resolver: AncestorResolver,
  rootId: string,
  ouId: string,
): Promise<OrgUnit[]> {
  if (ouId.startsWith('r-')) {
    if (ouId !== rootId)
      throw new RootctlError('UnknownOu', `${ouId} is not this organization's root (${rootId}).`);
    return [];
  }
  try {
    return await resolver.chain(ouId);
  } catch (e) {
    throw notFound(
      e,
      () => new RootctlError('UnknownOu', `OU ${ouId} is not in the organization.`, { cause: e }),
    );
  }
}

/**
 * Validates `--accounts` (DescribeAccount) and builds the part of the tree they sit in.
 * All unknown ids are named at once (UnknownAccount, exit 2).
 */
export async function resolveAccountsScope(
  reader: OrganizationsReader,
  resolver: AncestorResolver,
  rootId: string,
  ids: readonly AccountId[],
  retrying: Retrying,
): Promise<{ tree: OrgTree; accounts: OrgAccount[] }> {
  const found = await mapLimit(ids, 4, (id) => retrying(() => reader.describeAccount(id)));
  const unknown = ids.filter((_, i) => found[i] === undefined);
  if (unknown.length) {
    throw new RootctlError('UnknownAccount', `Not in the organization: ${unknown.join(', ')}.`);
  }
  const tree = emptyTree(rootId);
  const accounts = found as OrgAccount[];
  await mapLimit(accounts, 4, async (a) => {
    const parent = await resolver.parentOf(a.id);
    tree.accounts.set(a.id, a);
    tree.parentOf.set(a.id, parent);
    if (parent !== rootId) for (const ou of await resolver.chain(parent)) tree.ous.set(ou.id, ou);
  });
  return { tree, accounts };
}

function notFound(e: unknown, replacement: () => RootctlError): unknown {
  const aws = isRootctlError(e) ? e.details.awsCode : undefined;
  const missing =
    typeof aws === 'string' &&
    /ChildNotFound|ParentNotFound|OrganizationalUnitNotFound|InvalidInput/.test(aws);
  return missing || (isRootctlError(e) && e.code === 'UnknownOu') ? replacement() : e;
}

/** Maps with at most `limit` calls in flight, keeping order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
