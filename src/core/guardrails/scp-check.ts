/**
 * `rootctl guardrails scp --check`: compares the organization's SCPs with the recommended
 * protections and finds SCPs that block root sessions. Both questions are answered by evaluating
 * each SCP (src/core/policy/evaluate.ts) against probe requests, so any wording that has the same
 * effect counts - not only the exact documents rootctl prints.
 */
import type { Partition } from '../model/arn.js';
import { TASK_POLICIES, taskPolicyArn } from '../model/task-policies.js';
import {
  evaluatePolicy,
  parsePolicyDocument,
  statementsOf,
  type PolicyDocument,
  type RequestContext,
} from '../policy/evaluate.js';
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
}

export interface BlockingScp extends PolicyRef {
  /** explicit-deny: a Deny statement matches root sessions. allow-list: the SCP allows none of these actions, so it blocks them unless another SCP attached at the same level allows them. */
  kind: 'explicit-deny' | 'allow-list';
  statementSids: string[];
  blockedActions: string[];
  /** Member accounts the probe used (the policy's account targets, accounts it names, or a stand-in). */
  probeAccounts: string[];
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

/** Stand-in member account for SCPs attached to OUs or the root. */
export const PROBE_ACCOUNT = '123456789012';

/** The calls root sessions make for each task (one or two per task policy). */
export const ROOT_SESSION_PROBES: { action: string; resource: (p: Partition, account: string) => string }[] =
  [
    { action: 'iam:GetAccountSummary', resource: () => '*' },
    { action: 'iam:DeleteLoginProfile', resource: (p, a) => `arn:${p}:iam::${a}:root` },
    { action: 'iam:CreateLoginProfile', resource: (p, a) => `arn:${p}:iam::${a}:root` },
    { action: 's3:DeleteBucketPolicy', resource: (p) => `arn:${p}:s3:::rootctl-probe-bucket` },
    {
      action: 'sqs:SetQueueAttributes',
      resource: (p, a) => `arn:${p}:sqs:us-east-1:${a}:rootctl-probe-queue`,
    },
  ];

function rootSessionContext(
  p: Partition,
  account: string,
  action: string,
  resource: string,
  orgId: string | undefined,
): RequestContext {
  return {
    action,
    resource,
    keys: {
      'aws:PrincipalArn': `arn:${p}:iam::${account}:root`,
      'aws:PrincipalAccount': account,
      'aws:ResourceAccount': account,
      'aws:AssumedRoot': 'true',
      'aws:RequestedRegion': 'us-east-1',
      'aws:SecureTransport': 'true',
      ...(orgId ? { 'aws:PrincipalOrgID': orgId, 'aws:ResourceOrgID': orgId } : {}),
    },
  };
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

interface Probe {
  id: ProtectionId;
  /** Requests the protection must deny. */
  mustDeny: (o: Required<Pick<ScpCheckOptions, 'partition'>> & ScpCheckOptions) => RequestContext[];
  detail: string;
}

const PROBES: Probe[] = [
  {
    id: 'deny-assume-root-except-operators',
    detail: 'sts:AssumeRoot by a role that is not an operator role is denied',
    mustDeny: (o) => {
      const admin = o.delegatedAdminAccountId ?? PROBE_ACCOUNT;
      const probeRole = `arn:${o.partition}:iam::${admin}:role/rootctl-probe-not-an-operator`;
      return [
        roleContext(
          o.partition,
          admin,
          probeRole,
          'sts:AssumeRoot',
          `arn:${o.partition}:iam::${PROBE_ACCOUNT}:root`,
          { 'sts:TaskPolicyArn': taskPolicyArn(TASK_POLICIES[0].name, o.partition) },
        ),
      ];
    },
  },
  {
    id: 'deny-root-user-except-root-sessions',
    detail: 'the root user itself (not a root session) is denied',
    mustDeny: (o) => {
      const root = `arn:${o.partition}:iam::${PROBE_ACCOUNT}:root`;
      const keys = { 'aws:PrincipalArn': root, 'aws:PrincipalAccount': PROBE_ACCOUNT };
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
      const admin = o.delegatedAdminAccountId ?? PROBE_ACCOUNT;
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

function probeAccounts(p: ExistingScp, management: string | undefined): string[] {
  const named = [...p.content.matchAll(/\b\d{12}\b/g)].map((m) => m[0]);
  const targeted = p.targets.filter((t) => t.type === 'ACCOUNT').map((t) => t.id);
  const generic =
    p.targets.some((t) => t.type !== 'ACCOUNT') || p.targets.length === 0 ? [PROBE_ACCOUNT] : [];
  return [...new Set([...targeted, ...named, ...generic])].filter((a) => a !== management);
}

function hasAllow(doc: PolicyDocument): boolean {
  return statementsOf(doc).some((s) => s.Effect === 'Allow');
}

function blockingOf(
  p: ExistingScp,
  doc: PolicyDocument,
  o: ScpCheckOptions & { partition: Partition },
): BlockingScp | undefined {
  const explicit = new Set<string>();
  const implicit = new Set<string>();
  const sids = new Set<string>();
  const accounts = new Set<string>();
  for (const account of probeAccounts(p, o.managementAccountId)) {
    for (const probe of ROOT_SESSION_PROBES) {
      const r = evaluatePolicy(
        doc,
        rootSessionContext(o.partition, account, probe.action, probe.resource(o.partition, account), o.orgId),
      );
      if (r.decision === 'ExplicitDeny') {
        explicit.add(probe.action);
        sids.add(r.statement?.Sid ?? '(no Sid)');
        accounts.add(account);
      } else if (r.decision === 'NoMatch' && hasAllow(doc)) {
        implicit.add(probe.action);
        accounts.add(account);
      }
    }
  }
  if (explicit.size > 0)
    return {
      ...ref(p),
      kind: 'explicit-deny',
      statementSids: [...sids],
      blockedActions: [...explicit],
      probeAccounts: [...accounts],
    };
  if (implicit.size > 0)
    return {
      ...ref(p),
      kind: 'allow-list',
      statementSids: [],
      blockedActions: [...implicit],
      probeAccounts: [...accounts],
    };
  return undefined;
}

export function checkScps(scps: readonly ExistingScp[], options: ScpCheckOptions = {}): ScpCheckReport {
  const o = { ...options, partition: options.partition ?? 'aws' };
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
    const status = covered.size === requests.length ? 'present' : covered.size > 0 ? 'partial' : 'missing';
    return { id: probe.id, status, providedBy, unattached, detail: probe.detail };
  });
  const blocking = parsed
    .filter(({ scp }) => scp.targets.length > 0)
    .map(({ scp, doc }) => blockingOf(scp, doc, o))
    .filter((b): b is BlockingScp => b !== undefined);
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
