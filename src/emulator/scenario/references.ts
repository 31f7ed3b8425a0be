/**
 * The checks zod's shapes cannot express: ids are unique, every parent, policy target and delegated
 * administrator exists, the OU tree has no cycles, the management account is in the organization.
 * A scenario that fails them would make the emulator answer in ways AWS never does, so loading stops
 * with the first problem, named by its field path.
 */
import type { Scenario } from './schema.js';

export interface ReferenceProblem {
  path: (string | number)[];
  message: string;
}

type Add = (path: (string | number)[], message: string) => void;

export function checkReferences(s: Scenario): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const add: Add = (path, message) => problems.push({ path, message });
  const { accountIds, ouIds } = uniqueIds(s, add);
  uniqueResourceNames(s, add);
  const org = s.organization;
  if (org === null) {
    // No organization: accounts stand alone; nothing below refers to a tree.
    if (s.ous.length) add(['ous'], 'must be empty when organization is null');
    if (s.policies.length) add(['policies'], 'must be empty when organization is null');
    return problems;
  }
  const parents = new Set([org.rootId, ...ouIds]);
  managementAccount(s, org, add);
  s.ous.forEach((o, i) => {
    if (!parents.has(o.parentId))
      add(['ous', i, 'parentId'], `${o.parentId} is neither the root (${org.rootId}) nor an OU id`);
  });
  problems.push(...ouCycles(s));
  s.accounts.forEach((a, i) => {
    if (!parents.has(a.parentId))
      add(['accounts', i, 'parentId'], `${a.parentId} is neither the root (${org.rootId}) nor an OU id`);
  });
  delegatedAdministrators(s, org, accountIds, add);
  s.policies.forEach((p, i) => {
    p.targets.forEach((t, j) => {
      if (!parents.has(t) && !accountIds.has(t))
        add(['policies', i, 'targets', j], `${t} is not the root, an OU or an account`);
    });
  });
  if (org.featureSet === 'CONSOLIDATED_BILLING') consolidatedBilling(s, add);
  return problems;
}

/** Account, OU, access key, profile and policy ids are each unique; returns the account and OU ids. */
function uniqueIds(s: Scenario, add: Add): { accountIds: Set<string>; ouIds: Set<string> } {
  const accountIds = new Set<string>();
  s.accounts.forEach((a, i) => {
    if (accountIds.has(a.id)) add(['accounts', i, 'id'], `duplicate account id ${a.id}`);
    accountIds.add(a.id);
  });
  const ouIds = new Set<string>();
  s.ous.forEach((o, i) => {
    if (ouIds.has(o.id)) add(['ous', i, 'id'], `duplicate OU id ${o.id}`);
    ouIds.add(o.id);
  });
  const keys = new Set<string>();
  const profiles = new Set<string>();
  s.principals.forEach((p, i) => {
    if (keys.has(p.accessKeyId))
      add(['principals', i, 'accessKeyId'], `duplicate access key id ${p.accessKeyId}`);
    keys.add(p.accessKeyId);
    if (p.profile !== undefined && profiles.has(p.profile))
      add(['principals', i, 'profile'], `duplicate profile name ${p.profile}`);
    if (p.profile !== undefined) profiles.add(p.profile);
  });
  const policyIds = new Set<string>();
  s.policies.forEach((p, i) => {
    if (policyIds.has(p.id)) add(['policies', i, 'id'], `duplicate policy id ${p.id}`);
    policyIds.add(p.id);
  });
  return { accountIds, ouIds };
}

/** Bucket names are global in S3; queue names are per account. */
function uniqueResourceNames(s: Scenario, add: Add): void {
  const buckets = new Set<string>();
  s.accounts.forEach((a, i) => {
    a.buckets.forEach((b, j) => {
      if (buckets.has(b.name))
        add(
          ['accounts', i, 'buckets', j, 'name'],
          `bucket name ${b.name} is already used (S3 bucket names are global)`,
        );
      buckets.add(b.name);
    });
    const queues = new Set<string>();
    a.queues.forEach((q, j) => {
      if (queues.has(q.name))
        add(['accounts', i, 'queues', j, 'name'], `duplicate queue name ${q.name} in account ${a.id}`);
      queues.add(q.name);
    });
  });
}

type Organization = NonNullable<Scenario['organization']>;

/** The management account is one of the accounts, and active. */
function managementAccount(s: Scenario, org: Organization, add: Add): void {
  const mgmt = s.accounts.find((a) => a.id === org.managementAccountId);
  if (!mgmt)
    add(['organization', 'managementAccountId'], `${org.managementAccountId} is not one of the accounts`);
  else if (mgmt.status !== 'ACTIVE')
    add(['organization', 'managementAccountId'], 'the management account must be ACTIVE');
}

/** Delegated administrators are member accounts of the organization. */
function delegatedAdministrators(s: Scenario, org: Organization, accountIds: Set<string>, add: Add): void {
  s.delegatedAdministrators.forEach((d, i) => {
    if (!accountIds.has(d.accountId))
      add(['delegatedAdministrators', i, 'accountId'], `${d.accountId} is not one of the accounts`);
    else if (d.accountId === org.managementAccountId)
      add(
        ['delegatedAdministrators', i, 'accountId'],
        'the management account cannot be a delegated administrator',
      );
  });
}

/** A consolidated-billing organization has no SCPs, root-access features or trusted access. */
function consolidatedBilling(s: Scenario, add: Add): void {
  if (s.policies.length)
    add(['policies'], 'a CONSOLIDATED_BILLING organization has no SCPs (use featureSet ALL)');
  if (s.features.length) add(['features'], 'the IAM root-access features need featureSet ALL');
  if (s.serviceAccess.length) add(['serviceAccess'], 'trusted access needs featureSet ALL');
}

/** An OU whose parent chain never reaches the root. */
function ouCycles(s: Scenario): ReferenceProblem[] {
  const byId = new Map(s.ous.map((o) => [o.id, o]));
  const out: ReferenceProblem[] = [];
  s.ous.forEach((o, i) => {
    const seen = new Set<string>([o.id]);
    let parent = byId.get(o.parentId);
    while (parent) {
      if (seen.has(parent.id)) {
        out.push({
          path: ['ous', i, 'parentId'],
          message: `OU ${o.id} is its own ancestor (the OU tree has a cycle)`,
        });
        return;
      }
      seen.add(parent.id);
      parent = byId.get(parent.parentId);
    }
  });
  return out;
}
