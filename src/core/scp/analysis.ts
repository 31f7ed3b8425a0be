/**
 * The one SCP analysis of root sessions: doctor, audit, remediate's plan and `guardrails scp --check`
 * all ask it, so they cannot disagree. For every SCP: does it, on its own, deny (or possibly deny)
 * a root-task call in a member account it covers? With the OU tree, every ACTIVE member account is
 * also evaluated along its real path (root, OUs, account), which finds allow-list SCPs (NotAction or
 * a narrow Allow replacing FullAWSAccess) that block by allowing nothing for root sessions.
 * No stand-in account id: each SCP is evaluated for the member accounts it actually covers.
 * Pure: no I/O.
 */
import type { AccountId } from '../model/account-id.js';
import type { TaskPolicyName } from '../model/task-policies.js';
import { accountsUnder, type OrgTree } from '../org/tree.js';
import {
  evaluatePolicy,
  parsePolicyDocument,
  statementsOf,
  type PolicyDocument,
  type PolicyStatement,
} from '../model/policy/evaluate.js';
import type { ScpPolicy, ScpTarget } from '../ports.js';
import { analyzeAccounts } from './per-account.js';
import {
  ROOT_TASKS,
  TASK_ACTIONS,
  rootSessionContext,
  type AccountBlock,
  type RootSessionFacts,
} from './root-session-blockers.js';

export type RootSessionBlockKind = 'explicit-deny' | 'allow-list' | 'possibly-blocking';

export interface RootSessionScpFinding {
  policyId: string;
  policyName: string;
  targets: ScpTarget[];
  /** explicit-deny: a Deny applies to root sessions. allow-list: at its target nothing allows the calls. possibly-blocking: a Deny (or the only Allow) has a condition that cannot be evaluated before the call. */
  kind: RootSessionBlockKind;
  blockedTasks: TaskPolicyName[];
  blockedActions: string[];
  statementSids: string[];
  /** One line: why it blocks, and how to fix it. */
  reason: string;
  /** ACTIVE member accounts (not the management account) under its targets; undefined without the tree. */
  accountsCovered: number | undefined;
  /** ACTIVE member accounts whose root sessions it blocks (or possibly blocks); undefined without the tree. */
  accounts: AccountId[] | undefined;
  /** The accounts whose evaluation showed the block (without the tree: its account targets and the accounts it names). */
  probedAccounts: string[];
}

export interface ScpAnalysisInput extends RootSessionFacts {
  scps: readonly ScpPolicy[];
  tree?: OrgTree | undefined;
  managementAccountId?: string | undefined;
}

export interface ScpAnalysis {
  findings: RootSessionScpFinding[];
  /** With the tree: each blocked account's first block per task (explicit before unknown). */
  blockedAccounts: Map<AccountId, Partial<Record<TaskPolicyName, AccountBlock>>> | undefined;
  /** Member accounts evaluated (ACTIVE, not the management account); undefined without the tree. */
  accountsAnalysed: number | undefined;
  /** SCPs whose content is not a policy document (not evaluated). */
  unparseable: { policyId: string; policyName: string }[];
}

/** Whether a policy's answer can depend on which member account asks (it names an account id). */
function accountSensitive(content: string): boolean {
  return /\d{12}/.test(content) || content.includes('${');
}

function memberAccounts(input: ScpAnalysisInput): AccountId[] {
  const t = input.tree;
  if (!t) return [];
  return [...t.accounts.values()]
    .filter((a) => a.state === 'ACTIVE' && a.id !== input.managementAccountId && t.parentOf.has(a.id))
    .map((a) => a.id);
}

/** Accounts a policy is evaluated for: those under its targets; without the tree, its account targets and the accounts it names. */
function accountsToProbe(
  scp: ScpPolicy,
  input: ScpAnalysisInput,
): { ids: string[]; all: AccountId[] | undefined } {
  const mgmt = input.managementAccountId;
  if (input.tree) {
    const tree = input.tree;
    const all = [...new Set(scp.targets.flatMap((t) => accountsUnder(tree, t.id)))].filter(
      (id) => id !== mgmt && tree.accounts.get(id)?.state === 'ACTIVE',
    );
    return { ids: accountSensitive(scp.content) ? all : all.slice(0, 1), all };
  }
  const named = [...scp.content.matchAll(/\b\d{12}\b/g)].map((m) => m[0]);
  const targeted = scp.targets.filter((t) => t.type === 'ACCOUNT').map((t) => t.id);
  const ids = [...new Set([...targeted, ...named])].filter((a) => a !== mgmt);
  // An OU or root target without the tree: any member account but the management account.
  if (scp.targets.some((t) => t.type !== 'ACCOUNT')) ids.push(anyMemberId(mgmt, ids));
  return { ids: [...new Set(ids)], all: undefined };
}

/** An account id that is neither the management account nor one the policy names. */
export function anyMemberId(mgmt: string | undefined, avoid: string[]): string {
  for (let n = 1; ; n++) {
    const id = String(n).padStart(12, '0');
    if (id !== mgmt && !avoid.includes(id)) return id;
  }
}

interface Hits {
  actions: Set<string>;
  tasks: Set<TaskPolicyName>;
  sids: Set<string>;
  accounts: Set<string>;
  statement?: PolicyStatement;
}
const newHits = (): Hits => ({ actions: new Set(), tasks: new Set(), sids: new Set(), accounts: new Set() });

function record(
  h: Hits,
  task: TaskPolicyName,
  action: string,
  account: string,
  st: PolicyStatement | undefined,
) {
  h.actions.add(action);
  h.tasks.add(task);
  h.accounts.add(account);
  if (st) {
    h.sids.add(st.Sid ?? '(no Sid)');
    h.statement ??= st;
  }
}

function describeStatement(st: PolicyStatement | undefined): string {
  if (!st) return 'a Deny statement';
  const cond = st.Condition
    ? Object.entries(st.Condition)
        .map(([op, block]) => `${op} ${Object.keys(block).join(',')}`)
        .join('; ')
    : 'no condition';
  return `${st.Sid ? `statement ${st.Sid}` : 'a Deny statement'} (${cond})`;
}

function actionsText(actions: Set<string>): string {
  return actions.size === 1 ? [...actions][0]! : `${actions.size} root-task actions`;
}

function explicitReason(h: Hits): string {
  const hint = JSON.stringify(h.statement?.Condition ?? {}).includes('aws:PrincipalArn')
    ? 'add "Null": {"aws:AssumedRoot": "true"} to its condition to exempt root sessions'
    : 'exempt root sessions with "Null": {"aws:AssumedRoot": "true"} or detach it';
  return `Denies ${actionsText(h.actions)} to root sessions via ${describeStatement(h.statement)}; ${hint}.`;
}

function unknownReason(h: Hits): string {
  return `May deny ${actionsText(h.actions)} to root sessions: ${describeStatement(h.statement)} depends on what only the real request shows (or an operator rootctl cannot evaluate), so it is not ruled out; add "Null": {"aws:AssumedRoot": "true"} to exempt root sessions.`;
}

/** Each SCP on its own: explicit or possible denials of the root-task calls. */
function denialsOf(scp: ScpPolicy, doc: PolicyDocument, input: ScpAnalysisInput) {
  const explicit = newHits();
  const maybe = newHits();
  const probe = accountsToProbe(scp, input);
  for (const account of probe.ids) {
    for (const task of ROOT_TASKS) {
      for (const call of TASK_ACTIONS[task]) {
        const r = evaluatePolicy(doc, rootSessionContext(input, account, call));
        if (r.decision === 'ExplicitDeny') record(explicit, task, call.action, account, r.statement);
        else if (r.decision === 'Unknown' && r.possibly === 'Deny')
          record(maybe, task, call.action, account, r.statement);
      }
    }
  }
  const sensitive = accountSensitive(scp.content);
  const accountsOf = (h: Hits) =>
    probe.all ? (sensitive ? probe.all.filter((a) => h.accounts.has(a)) : probe.all) : undefined;
  return { explicit, maybe, accountsOf, covered: probe.all?.length };
}

function finding(
  scp: ScpPolicy,
  kind: RootSessionBlockKind,
  h: Hits,
  reason: string,
  accounts: AccountId[] | undefined,
  covered: number | undefined,
): RootSessionScpFinding {
  return {
    policyId: scp.id,
    policyName: scp.name,
    targets: scp.targets,
    kind,
    blockedTasks: ROOT_TASKS.filter((t) => h.tasks.has(t)),
    blockedActions: [...h.actions],
    statementSids: [...h.sids],
    reason,
    accountsCovered: covered,
    accounts,
    probedAccounts: [...h.accounts],
  };
}

export function analyzeRootSessionScps(input: ScpAnalysisInput): ScpAnalysis {
  const findings: RootSessionScpFinding[] = [];
  const unparseable: ScpAnalysis['unparseable'] = [];
  for (const scp of input.scps) {
    const doc = parsePolicyDocument(scp.content);
    if (!doc) {
      unparseable.push({ policyId: scp.id, policyName: scp.name });
      continue;
    }
    if (scp.awsManaged || scp.targets.length === 0) continue;
    const d = denialsOf(scp, doc, input);
    if (d.explicit.actions.size)
      findings.push(
        finding(
          scp,
          'explicit-deny',
          d.explicit,
          explicitReason(d.explicit),
          d.accountsOf(d.explicit),
          d.covered,
        ),
      );
    else if (d.maybe.actions.size)
      findings.push(
        finding(scp, 'possibly-blocking', d.maybe, unknownReason(d.maybe), d.accountsOf(d.maybe), d.covered),
      );
  }
  const perAccount = input.tree ? analyzeAccounts(input, input.tree, memberAccounts(input)) : undefined;
  if (perAccount) findings.push(...allowListFindings(input, perAccount.blocks, findings));
  else findings.push(...allowListGuesses(input, findings));
  return {
    findings,
    blockedAccounts: perAccount?.blocks,
    accountsAnalysed: perAccount?.analysed,
    unparseable,
  };
}

/**
 * Accounts whose path has a level where nothing allows a root-task call: the SCPs attached at that
 * level (not AWS managed) are allow-lists that block. A level whose only Allow is uncertain makes
 * its SCP possibly blocking.
 */
function allowListFindings(
  input: ScpAnalysisInput,
  blocks: Map<AccountId, Partial<Record<TaskPolicyName, AccountBlock>>>,
  already: RootSessionScpFinding[],
): RootSessionScpFinding[] {
  const byPolicy = new Map<string, { scp: ScpPolicy; kind: RootSessionBlockKind; hits: Hits }>();
  const known = new Set(already.map((f) => f.policyId));
  for (const [account, tasks] of blocks) {
    for (const [task, b] of Object.entries(tasks) as [TaskPolicyName, AccountBlock][]) {
      const at =
        b.kind === 'implicit'
          ? attachedAt(input.scps, b.targetId)
          : b.kind === 'unknown'
            ? input.scps.filter((p) => p.id === b.policyId)
            : [];
      for (const scp of at) {
        if (known.has(scp.id)) continue;
        const kind: RootSessionBlockKind = b.kind === 'implicit' ? 'allow-list' : 'possibly-blocking';
        const entry = byPolicy.get(scp.id) ?? { scp, kind, hits: newHits() };
        if (kind === 'allow-list') entry.kind = kind;
        record(entry.hits, task, b.action, account, undefined);
        byPolicy.set(scp.id, entry);
      }
    }
  }
  return [...byPolicy.values()].map(({ scp, kind, hits }) => {
    const covered = coveredCount(scp, input);
    const accounts = [...hits.accounts] as AccountId[];
    const reason =
      kind === 'allow-list'
        ? `Allows none of ${actionsText(hits.actions)} where it is attached, and nothing else there does, so root sessions are implicitly denied; add the root-task actions (or iam:*) to its Allow, or attach FullAWSAccess beside it.`
        : unknownReason(hits);
    return finding(scp, kind, hits, reason, accounts, covered);
  });
}

function attachedAt(scps: readonly ScpPolicy[], targetId: string): ScpPolicy[] {
  const here = scps.filter((p) => p.targets.some((t) => t.id === targetId));
  const own = here.filter((p) => !p.awsManaged);
  return own.length ? own : here;
}

function coveredCount(scp: ScpPolicy, input: ScpAnalysisInput): number | undefined {
  const tree = input.tree;
  if (!tree) return undefined;
  return new Set(
    scp.targets
      .flatMap((t) => accountsUnder(tree, t.id))
      .filter((id) => id !== input.managementAccountId && tree.accounts.get(id)?.state === 'ACTIVE'),
  ).size;
}

/** Without the tree: an SCP with Allow statements that allow none of a task's calls blocks them unless another SCP at the same target allows them. */
function allowListGuesses(
  input: ScpAnalysisInput,
  already: RootSessionScpFinding[],
): RootSessionScpFinding[] {
  const out: RootSessionScpFinding[] = [];
  const known = new Set(already.map((f) => f.policyId));
  for (const scp of input.scps) {
    const doc = parsePolicyDocument(scp.content);
    if (!doc || scp.awsManaged || !scp.targets.length || known.has(scp.id) || !hasAllow(doc)) continue;
    const hits = newHits();
    for (const account of accountsToProbe(scp, input).ids)
      for (const task of ROOT_TASKS)
        for (const call of TASK_ACTIONS[task])
          if (evaluatePolicy(doc, rootSessionContext(input, account, call)).decision === 'NoMatch')
            record(hits, task, call.action, account, undefined);
    if (hits.actions.size)
      out.push(
        finding(
          scp,
          'allow-list',
          hits,
          `Allows none of ${actionsText(hits.actions)}: root sessions are implicitly denied where it is attached unless another SCP there allows them.`,
          undefined,
          undefined,
        ),
      );
  }
  return out;
}

function hasAllow(doc: PolicyDocument): boolean {
  return statementsOf(doc).some((st) => st.Effect === 'Allow');
}
