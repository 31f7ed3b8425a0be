/** Text and JSON renderings of the recommended SCPs and of `scp --check` (strings only). */
import type { ExistingScpTarget, ScpCheckReport } from './scp-check.js';
import type { RecommendedScp } from './scps.js';

export interface ScpListing {
  partition: string;
  scps: RecommendedScp[];
  omitted: { id: string; reason: string }[];
}

export function renderScpListingJson(l: ScpListing): string {
  return JSON.stringify({ schemaVersion: 1, ...l }, null, 2);
}

export function renderScpListingTable(l: ScpListing): string {
  const out: string[] = [];
  for (const s of l.scps) {
    out.push(
      `== ${s.name} (${s.id})`,
      s.description,
      `Protects:  ${s.protects}`,
      `Breaks:    ${s.breaks}`,
      `Attach to: ${s.attachTo}`,
      JSON.stringify(s.document, null, 2),
      '',
    );
  }
  for (const o of l.omitted) out.push(`(left out: ${o.id}: ${o.reason})`);
  return out.join('\n').trimEnd();
}

export interface ScpCheckContext {
  organizationId: string | null;
  managementAccountId: string | null;
  /** The IAM delegated administrator, if one is registered (its SCPs are probed as a member's). */
  delegatedAdminAccountId: string | null;
  /** SCPs read from the organization. */
  scpCount: number;
}

/** Version of the `rootctl guardrails scp --check --output json` document. */
export const SCP_CHECK_SCHEMA_VERSION = 1;

/** `rootctl guardrails scp --check --output json`: the organization, then the check's findings. */
export type ScpCheckDocument = {
  schemaVersion: typeof SCP_CHECK_SCHEMA_VERSION;
  kind: 'rootctl.scp-check';
} & ScpCheckContext &
  ScpCheckReport;

export function scpCheckDocument(r: ScpCheckReport, c: ScpCheckContext): ScpCheckDocument {
  return { schemaVersion: SCP_CHECK_SCHEMA_VERSION, kind: 'rootctl.scp-check', ...c, ...r };
}

export function renderScpCheckJson(r: ScpCheckReport, c: ScpCheckContext): string {
  return JSON.stringify(scpCheckDocument(r, c), null, 2);
}

const FIX: Record<string, string> = {
  'deny-assume-root-except-operators':
    'rootctl guardrails scp --operator-role-arns <role ARNs> --name DenyAssumeRootExceptOperators',
  'deny-root-user-except-root-sessions': 'rootctl guardrails scp --name DenyRootUserExceptRootSessions',
  'protect-centralized-root-access': 'rootctl guardrails scp --name ProtectCentralizedRootAccess',
};

function where(targets: ExistingScpTarget[]): string {
  return targets.map((t) => (t.name && t.name !== t.id ? `${t.name} (${t.id})` : t.id)).join(', ');
}

export function renderScpCheckTable(r: ScpCheckReport, c: ScpCheckContext): string {
  const out: string[] = [
    `SCP check of organization ${c.organizationId ?? '?'} (${c.scpCount} SCPs)`,
    '',
    'Recommended protections:',
  ];
  for (const p of r.protections) {
    const by = p.providedBy.map((x) => `${x.policyName} (${x.policyId}) on ${where(x.targets)}`).join('; ');
    out.push(`  ${p.status.toUpperCase().padEnd(8)} ${p.id}: ${p.detail}${by ? ` - by ${by}` : ''}`);
    for (const x of p.providedBy)
      if (x.deniesOperators)
        out.push(
          `           ! ${x.policyName} also denies the operator roles ${x.deniesOperators.join(', ')}`,
        );
    for (const u of p.unattached)
      out.push(`           ${u.policyName} (${u.policyId}) would provide it but is attached nowhere`);
    if (p.coverage && p.coverage.accountsCovered < p.coverage.accountsTotal) {
      const c = p.coverage;
      out.push(
        `           covers ${c.accountsCovered} of ${c.accountsTotal} member accounts; not under: ${c.ousNotCovered.map((o) => `${o.name} (${o.id})`).join(', ')}`,
      );
    }
    if (p.status !== 'present') out.push(`           get it: ${FIX[p.id]}`);
  }
  out.push('', 'SCPs that block root sessions:');
  if (r.blocking.length === 0) out.push('  none');
  for (const b of r.blocking) {
    const on = where(b.targets);
    const accounts =
      b.accountsBlocked === null
        ? ''
        : ` [${b.accountsBlocked} of ${b.accountsCovered ?? '?'} member accounts under it: ${b.probeAccounts.slice(0, 5).join(', ')}${b.probeAccounts.length > 5 ? ', ...' : ''}]`;
    const tasks = b.blockedTasks.join(', ');
    if (b.kind === 'explicit-deny') {
      out.push(
        `  ${b.policyName} (${b.policyId}) on ${on}: statement ${b.statementSids.join(', ')} denies root sessions (${tasks})${accounts}.`,
      );
      out.push(
        '    fix: exempt root sessions - add "Null": {"aws:AssumedRoot": "true"} to that statement\'s Condition.',
      );
    } else if (b.kind === 'possibly-blocking') {
      out.push(`  ${b.policyName} (${b.policyId}) on ${on}: POSSIBLY BLOCKING (${tasks})${accounts}.`);
      out.push(`    ${b.reason}`);
    } else {
      out.push(
        `  ${b.policyName} (${b.policyId}) on ${on}: allow-list SCP that does not allow the calls of ${tasks}${accounts}.`,
      );
      out.push(`    ${b.reason}`);
    }
  }
  for (const u of r.unparseable)
    out.push(`  ? ${u.policyName} (${u.policyId}): content is not a policy document; not evaluated`);
  const s = r.summary;
  out.push(
    '',
    `${s.present} present, ${s.partial} partial, ${s.missing} missing; ${s.blocking} SCP${s.blocking === 1 ? '' : 's'} blocking root sessions.`,
  );
  return out.join('\n');
}
