/**
 * `rootctl guardrails scp --check`: compares the organization's SCPs with the recommended
 * protections and finds SCPs that block root sessions. Both questions are answered by evaluating
 * each SCP (src/core/model/policy/evaluate.ts) against probe requests, so any wording that has the same
 * effect counts - not only the exact documents rootctl prints.
 */
import type { Partition } from '../model/arn.js';
import { accountsUnder, type OrgTree } from '../org/tree.js';
import { analyzeRootSessionScps, anyMemberId, type RootSessionBlockKind } from '../scp/analysis.js';
import { TASK_POLICIES, taskPolicyArn } from '../model/task-policies.js';
import {
  evaluatePolicy,
  parsePolicyDocument,
  type PolicyDocument,
  type RequestContext,
} from '../model/policy/evaluate.js';
import type { ProtectionId } from './scps.js';

export interface ExistingScpTarget {
  id: string;
  type: 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';
  name: string;
}

/** What the adapter reads: ListPolicies + DescribePolicy + ListTargetsForPolicy. */
export interface ExistingScp {
  id: string;
  name: string;
  awsManaged: boolean;
  content: string;
  targets: ExistingScpTarget[];
}

export interface ScpCheckOptions {
  partition?: Partition;
  operatorRoleArns?: readonly string[] | undefined;
  managementAccountId?: string | undefined;
  delegatedAdminAccountId?: string | undefined;
  orgId?: string | undefined;
  /** The OU tree: coverage, and each SCP evaluated for the accounts it really covers. */
  tree?: OrgTree | undefined;
}

export interface PolicyRef {
  policyId: string;
  policyName: string;
  targets: ExistingScpTarget[];
}

export interface ProtectionStatus {
  id: ProtectionId;
  status: 'present' | 'partial' | 'missing';
  /** Attached SCPs that provide (part of) the protection. */
  providedBy: (PolicyRef & { deniesOperators?: string[] })[];
  /** SCPs that would provide it but are attached nowhere. */
  unattached: PolicyRef[];
  detail: string;
  /** Where it is in force (with the OU tree): present only when it covers every account it must. */
  coverage?: ProtectionCoverage;
}

export interface ProtectionCoverage {
  /** ACTIVE member accounts it must cover (all of them; for AssumeRoot, the delegated administrator). */
  accountsTotal: number;
  accountsCovered: number;
  /** OUs (and the root) where it is attached or inherited. */
  ousCovered: { id: string; name: string }[];
  /** OUs with a member account it does not cover. */
  ousNotCovered: { id: string; name: string }[];
  /** Member accounts it does not cover (at most 50 listed). */
  accountsNotCovered: string[];
}

export interface BlockingScp extends PolicyRef {
  /** explicit-deny: a Deny statement matches root sessions. allow-list: the SCP allows none of these actions where it is attached. possibly-blocking: a Deny (or the only Allow) depends on a condition rootctl cannot evaluate before the call, so it is not ruled out. */
  kind: RootSessionBlockKind;
  statementSids: string[];
  blockedActions: string[];
  /** Member accounts it blocks (with the OU tree), else the accounts the analysis evaluated. */
  probeAccounts: string[];
  blockedTasks: string[];
  /** One line: why it blocks, and how to fix it. */
  reason: string;
  /** ACTIVE member accounts under its targets (null without the OU tree). */
  accountsCovered: number | null;
  /** ACTIVE member accounts whose root sessions it blocks (null without the OU tree). */
  accountsBlocked: number | null;
}

export interface ScpCheckReport {
  /** Each recommended protection: present, partial or missing, and which SCPs provide it. */
  protections: ProtectionStatus[];
  /** SCPs that block root sessions (exit 1 when there is one). */
  blocking: BlockingScp[];
  /** SCPs whose content could not be parsed as a policy (not evaluated). */
  unparseable: PolicyRef[];
  summary: { present: number; partial: number; missing: number; blocking: number };
}

function roleContext(
  p: Partition,
  account: string,
  roleArn: string,
  action: string,
  resource: string,
  extra: Record<string, string> = {},
): RequestContext {
  return {
    action,
    resource,
    keys: {
      'aws:PrincipalArn': roleArn,
      'aws:PrincipalAccount': account,
      'aws:RequestedRegion': 'us-east-1',
      ...extra,
    },
  };
}

type ProbeOptions = ScpCheckOptions & { partition: Partition; member: string };

interface Probe {
  id: ProtectionId;
  /** Requests the protection must deny (`member`: a member account of this organization). */
  mustDeny: (o: ProbeOptions) => RequestContext[];
  detail: string;
}

const PROBES: Probe[] = [
  {
    id: 'deny-assume-root-except-operators',
    detail: 'sts:AssumeRoot by a role that is not an operator role is denied',
    mustDeny: (o) => {
      const admin = o.delegatedAdminAccountId ?? o.member;
      const probeRole = `arn:${o.partition}:iam::${admin}:role/rootctl-probe-not-an-operator`;
      return [
        roleContext(
          o.partition,
          admin,
          probeRole,
          'sts:AssumeRoot',
          `arn:${o.partition}:iam::${o.member}:root`,
          { 'sts:TaskPolicyArn': taskPolicyArn(TASK_POLICIES[0].name, o.partition) },
        ),
      ];
    },
  },
  {
    id: 'deny-root-user-except-root-sessions',
    detail: 'the root user itself (not a root session) is denied',
    mustDeny: (o) => {
      const root = `arn:${o.partition}:iam::${o.member}:root`;
      const keys = { 'aws:PrincipalArn': root, 'aws:PrincipalAccount': o.member };
      return [
        { action: 'iam:CreateAccessKey', resource: root, keys },
        { action: 'ec2:RunInstances', resource: '*', keys },
      ];
    },
  },
  {
    id: 'protect-centralized-root-access',
    detail: 'disabling RootCredentialsManagement and RootSessions from a member account is denied',
    mustDeny: (o) => {
      const admin = o.delegatedAdminAccountId ?? o.member;
      const role = `arn:${o.partition}:iam::${admin}:role/rootctl-probe-admin`;
      return [
        'iam:DisableOrganizationsRootCredentialsManagement',
        'iam:DisableOrganizationsRootSessions',
      ].map((a) => roleContext(o.partition, admin, role, a, '*'));
    },
  },
];

function ref(p: ExistingScp): PolicyRef {
  return { policyId: p.id, policyName: p.name, targets: p.targets };
}

function blockingFrom(
  o: ScpCheckOptions & { partition: Partition },
  scps: readonly ExistingScp[],
): BlockingScp[] {
  const analysis = analyzeRootSessionScps({
    scps,
    tree: o.tree,
    partition: o.partition,
    managementAccountId: o.managementAccountId,
    orgId: o.orgId,
  });
  return analysis.findings.map((f) => {
    const scp = scps.find((p) => p.id === f.policyId)!;
    return {
      ...ref(scp),
      kind: f.kind,
      statementSids: f.statementSids,
      blockedActions: f.blockedActions,
      probeAccounts: f.accounts ?? f.probedAccounts,
      blockedTasks: f.blockedTasks,
      reason: f.reason,
      accountsCovered: f.accountsCovered ?? null,
      accountsBlocked: f.accounts?.length ?? null,
    };
  });
}

/** ACTIVE member accounts of the tree (not the management account). */
function members(tree: OrgTree, management: string | undefined): string[] {
  return [...tree.accounts.values()]
    .filter((a) => a.state === 'ACTIVE' && a.id !== management && tree.parentOf.has(a.id))
    .map((a) => a.id);
}

function coverageOf(
  tree: OrgTree,
  providers: readonly PolicyRef[],
  mustCover: readonly string[],
): ProtectionCoverage {
  const covered = new Set<string>(
    providers.flatMap((p) => p.targets.flatMap((t) => accountsUnder(tree, t.id))),
  );
  const missing = mustCover.filter((id) => !covered.has(id));
  const ouName = (id: string) => (id === tree.rootId ? 'Root' : (tree.ous.get(id)?.name ?? id));
  const ouOf = (ids: readonly string[]) =>
    [...new Set(ids.map((id) => tree.parentOf.get(id as never)).filter((x): x is string => !!x))]
      .sort()
      .map((id) => ({ id, name: ouName(id) }));
  const ousNotCovered = ouOf(missing);
  const notCoveredIds = new Set(ousNotCovered.map((x) => x.id));
  return {
    accountsTotal: mustCover.length,
    accountsCovered: mustCover.length - missing.length,
    ousCovered: ouOf(mustCover.filter((id) => covered.has(id))).filter((x) => !notCoveredIds.has(x.id)),
    ousNotCovered,
    accountsNotCovered: missing.slice(0, 50),
  };
}

export function checkScps(scps: readonly ExistingScp[], options: ScpCheckOptions = {}): ScpCheckReport {
  const partition = options.partition ?? 'aws';
  const tree = options.tree;
  const memberIds = tree ? members(tree, options.managementAccountId) : [];
  const member = memberIds[0] ?? anyMemberId(options.managementAccountId, []);
  const o: ProbeOptions = { ...options, partition, member };
  const parsed: { scp: ExistingScp; doc: PolicyDocument }[] = [];
  const unparseable: PolicyRef[] = [];
  for (const scp of scps) {
    const doc = parsePolicyDocument(scp.content);
    if (doc) parsed.push({ scp, doc });
    else unparseable.push(ref(scp));
  }
  const protections: ProtectionStatus[] = PROBES.map((probe) => {
    const requests = probe.mustDeny(o);
    const covered = new Set<number>();
    const providedBy: ProtectionStatus['providedBy'] = [];
    const unattached: PolicyRef[] = [];
    for (const { scp, doc } of parsed) {
      const denied = requests
        .map((ctx, i) => (evaluatePolicy(doc, ctx).decision === 'ExplicitDeny' ? i : -1))
        .filter((i) => i >= 0);
      if (denied.length === 0) continue;
      if (scp.targets.length === 0) {
        unattached.push(ref(scp));
        continue;
      }
      denied.forEach((i) => covered.add(i));
      const entry: ProtectionStatus['providedBy'][number] = ref(scp);
      if (probe.id === 'deny-assume-root-except-operators' && o.operatorRoleArns) {
        const template = requests[0]!;
        const hit = o.operatorRoleArns.filter(
          (arn) =>
            !arn.includes('*') &&
            evaluatePolicy(doc, { ...template, keys: { ...template.keys, 'aws:PrincipalArn': arn } })
              .decision === 'ExplicitDeny',
        );
        if (hit.length > 0) entry.deniesOperators = hit;
      }
      providedBy.push(entry);
    }
    let status: ProtectionStatus['status'] =
      covered.size === requests.length ? 'present' : covered.size > 0 ? 'partial' : 'missing';
    const admin = o.delegatedAdminAccountId;
    const mustCover =
      probe.id === 'deny-assume-root-except-operators' && admin !== undefined ? [admin] : memberIds;
    const coverage = tree && providedBy.length ? coverageOf(tree, providedBy, mustCover) : undefined;
    let detail = probe.detail;
    if (coverage && coverage.accountsCovered < coverage.accountsTotal) {
      status = 'partial';
      detail += `; in force for ${coverage.accountsCovered} of ${coverage.accountsTotal} member accounts (not under ${coverage.ousNotCovered.map((x) => x.name).join(', ') || 'their targets'})`;
    }
    return { id: probe.id, status, providedBy, unattached, detail, ...(coverage ? { coverage } : {}) };
  });
  const blocking = blockingFrom(o, scps);
  const count = (s: ProtectionStatus['status']) => protections.filter((p) => p.status === s).length;
  return {
    protections,
    blocking,
    unparseable,
    summary: {
      present: count('present'),
      partial: count('partial'),
      missing: count('missing'),
      blocking: blocking.length,
    },
  };
}

/** Findings for the exit code: a blocking SCP, or a recommended protection that is not fully there. */
export function scpCheckHasFindings(r: ScpCheckReport): boolean {
  return r.summary.blocking > 0 || r.summary.missing > 0 || r.summary.partial > 0;
}
