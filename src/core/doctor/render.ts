/**
 * The doctor report as a readable table (default) or JSON. Pure strings: colour comes in as a
 * painter, so the CLI decides (TTY, NO_COLOR) and tests read plain text.
 */
import type { DoctorIssue, DoctorReport, Fact } from './types.js';

export type PaintColour = 'red' | 'green' | 'yellow' | 'gray' | 'bold' | 'cyan';
export type Painter = (colour: PaintColour, text: string) => string;
export const noPaint: Painter = (_c, text) => text;

export const DOCTOR_OUTPUTS = ['table', 'json'] as const;
export type DoctorOutput = (typeof DOCTOR_OUTPUTS)[number];

const ROLE_TEXT = {
  management: 'management account',
  'delegated-admin': 'IAM delegated administrator',
  member: 'member account: neither the management account nor the IAM delegated administrator',
  none: 'not in an organization',
} as const;

function show<T>(fact: Fact<T>, paint: Painter, fmt: (v: T) => string): string {
  switch (fact.status) {
    case 'known':
      return fmt(fact.value);
    case 'unknown':
      return paint('yellow', `unknown (${fact.code}: ${fact.action})`);
    case 'not-applicable':
      return paint('gray', `n/a (${fact.reason})`);
  }
}

const onOff = (paint: Painter) => (v: boolean) => (v ? paint('green', 'on') : paint('red', 'off'));

function rows(pairs: [string, string][]): string[] {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
}

function issueLines(issue: DoctorIssue, mark: string): string[] {
  // A blocking SCP's reason and targets are already in the SCP section above.
  const detail = issue.id === 'blocking-scp' ? [] : [`      ${issue.detail}`];
  return [`  ${mark} ${issue.title}`, ...detail, `      next: ${issue.next.text}`];
}

export function renderDoctorTable(r: DoctorReport, paint: Painter = noPaint): string {
  const out: string[] = [];
  const section = (title: string) => out.push('', paint('bold', title));
  out.push(paint('bold', 'rootctl doctor'));
  section('Caller');
  out.push(
    ...rows([
      ['identity', r.caller.arn],
      ['account', `${r.caller.accountId} (${ROLE_TEXT[r.caller.role]})`],
    ]),
  );
  section('Organization');
  out.push(
    ...rows([
      ['id', show(r.organization, paint, (o) => o.id)],
      [
        'feature set',
        show(r.organization, paint, (o) =>
          o.featureSet === 'ALL' ? 'all features' : paint('red', 'consolidated billing only'),
        ),
      ],
      ['management account', show(r.organization, paint, (o) => o.managementAccountId)],
      [
        'member accounts',
        show(
          r.accounts,
          paint,
          (a) => `${a.members} (${a.activeMembers} active, ${a.suspendedMembers} suspended)`,
        ),
      ],
    ]),
  );
  section('Centralized root access');
  out.push(
    ...rows([
      ['IAM trusted access', show(r.trustedAccess, paint, onOff(paint))],
      [
        'RootCredentialsManagement',
        show(
          r.features,
          paint,
          (v) => `${onOff(paint)(v.RootCredentialsManagement)}  (audit, delete, password recovery)`,
        ),
      ],
      ['RootSessions', show(r.features, paint, (v) => `${onOff(paint)(v.RootSessions)}  (S3/SQS unlock)`)],
      [
        'IAM delegated admin',
        show(r.delegatedAdministrators, paint, (v) =>
          v.length ? v.map((d) => `${d.accountId} (${d.name})`).join(', ') : 'none',
        ),
      ],
    ]),
  );
  section('STS');
  out.push(
    ...rows([
      ['region', r.sts.region],
      ['endpoint', `${r.sts.endpoint ?? 'unknown'} (${r.sts.kind})`],
      ['', r.sts.kind === 'global' ? paint('red', r.sts.note) : r.sts.note],
    ]),
  );
  section('SCPs that deny root sessions');
  if (r.scps.status !== 'known') out.push(`  ${show(r.scps, paint, () => '')}`);
  else if (!r.scps.value.blockers.length)
    out.push(`  ${paint('green', 'none')}${r.scps.note ? ` (${r.scps.note})` : ''}`);
  else {
    for (const b of r.scps.value.blockers) {
      const n = b.accountsBlocked ?? b.accountsCovered;
      const covered = n === null ? '? accounts' : `${n} active member account${n === 1 ? '' : 's'}`;
      const kind =
        b.kind === 'possibly-blocking' ? ' possibly blocking' : b.kind === 'allow-list' ? ' allow-list' : '';
      out.push(
        `  ${paint('yellow', `${b.policyName} (${b.policyId})`)}${kind}: ${covered}; on ${b.targets.map((t) => `${t.name || t.id} (${t.id})`).join(', ')}`,
      );
      out.push(`      ${b.reason}`);
    }
  }
  if (r.unknown.length) {
    section('Unknown');
    for (const u of r.unknown) out.push(`  ${u.fact}: ${u.reason}`);
  }
  out.push('');
  const verdict = r.ready
    ? paint(
        'green',
        `READY${r.warnings.length ? ` with ${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}` : ''}`,
      )
    : paint('red', `NOT READY: ${r.gaps.length} gap${r.gaps.length === 1 ? '' : 's'}`);
  out.push(`${paint('bold', 'Verdict:')} ${verdict}`);
  if (r.gaps.length) {
    section('Gaps (next steps)');
    for (const g of r.gaps) out.push(...issueLines(g, paint('red', 'x')));
  }
  if (r.warnings.length) {
    section('Warnings');
    for (const w of r.warnings) out.push(...issueLines(w, paint('yellow', '!')));
  }
  return out.join('\n');
}

export function renderDoctorJson(r: DoctorReport): string {
  return JSON.stringify(r, null, 2);
}

export function renderDoctor(r: DoctorReport, format: DoctorOutput, paint: Painter = noPaint): string {
  return format === 'json' ? renderDoctorJson(r) : renderDoctorTable(r, paint);
}
