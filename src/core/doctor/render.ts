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

type Section = [title: string, lines: string[]];

function callerAndOrganization(r: DoctorReport, paint: Painter): Section[] {
  const org = (fmt: (o: { id: string; featureSet: string; managementAccountId: string }) => string) =>
    show(r.organization, paint, fmt);
  return [
    [
      'Caller',
      rows([
        ['identity', r.caller.arn],
        ['account', `${r.caller.accountId} (${ROLE_TEXT[r.caller.role]})`],
      ]),
    ],
    [
      'Organization',
      rows([
        ['id', org((o) => o.id)],
        [
          'feature set',
          org((o) => (o.featureSet === 'ALL' ? 'all features' : paint('red', 'consolidated billing only'))),
        ],
        ['management account', org((o) => o.managementAccountId)],
        [
          'member accounts',
          show(
            r.accounts,
            paint,
            (a) => `${a.members} (${a.activeMembers} active, ${a.suspendedMembers} suspended)`,
          ),
        ],
      ]),
    ],
  ];
}

function rootAccessAndSts(r: DoctorReport, paint: Painter): Section[] {
  const on = onOff(paint);
  return [
    [
      'Centralized root access',
      rows([
        ['IAM trusted access', show(r.trustedAccess, paint, on)],
        [
          'RootCredentialsManagement',
          show(
            r.features,
            paint,
            (v) => `${on(v.RootCredentialsManagement)}  (audit, delete, password recovery)`,
          ),
        ],
        ['RootSessions', show(r.features, paint, (v) => `${on(v.RootSessions)}  (S3/SQS unlock)`)],
        [
          'IAM delegated admin',
          show(r.delegatedAdministrators, paint, (v) =>
            v.length ? v.map((d) => `${d.accountId} (${d.name})`).join(', ') : 'none',
          ),
        ],
      ]),
    ],
    [
      'STS',
      rows([
        ['region', r.sts.region],
        ['endpoint', `${r.sts.endpoint ?? 'unknown'} (${r.sts.kind})`],
        ['', r.sts.kind === 'global' ? paint('red', r.sts.note) : r.sts.note],
      ]),
    ],
  ];
}

function scpLines(r: DoctorReport, paint: Painter): string[] {
  if (r.scps.status !== 'known') return [`  ${show(r.scps, paint, () => '')}`];
  if (!r.scps.value.blockers.length)
    return [`  ${paint('green', 'none')}${r.scps.note ? ` (${r.scps.note})` : ''}`];
  return r.scps.value.blockers.flatMap((b) => {
    const n = b.accountsBlocked ?? b.accountsCovered;
    const covered = n === null ? '? accounts' : `${n} active member account${n === 1 ? '' : 's'}`;
    const kind =
      b.kind === 'possibly-blocking' ? ' possibly blocking' : b.kind === 'allow-list' ? ' allow-list' : '';
    const on = b.targets.map((t) => `${t.name || t.id} (${t.id})`).join(', ');
    return [
      `  ${paint('yellow', `${b.policyName} (${b.policyId})`)}${kind}: ${covered}; on ${on}`,
      `      ${b.reason}`,
    ];
  });
}

function verdictLine(r: DoctorReport, paint: Painter): string {
  const n = r.warnings.length;
  const verdict = r.ready
    ? paint('green', `READY${n ? ` with ${n} warning${n === 1 ? '' : 's'}` : ''}`)
    : paint('red', `NOT READY: ${r.gaps.length} gap${r.gaps.length === 1 ? '' : 's'}`);
  return `${paint('bold', 'Verdict:')} ${verdict}`;
}

export function renderDoctorTable(r: DoctorReport, paint: Painter = noPaint): string {
  const out: string[] = [paint('bold', 'rootctl doctor')];
  const section = ([title, lines]: Section) => out.push('', paint('bold', title), ...lines);
  [...callerAndOrganization(r, paint), ...rootAccessAndSts(r, paint)].forEach(section);
  section(['SCPs that deny root sessions', scpLines(r, paint)]);
  if (r.unknown.length) section(['Unknown', r.unknown.map((u) => `  ${u.fact}: ${u.reason}`)]);
  out.push('', verdictLine(r, paint));
  if (r.gaps.length) section(['Gaps (next steps)', r.gaps.flatMap((g) => issueLines(g, paint('red', 'x')))]);
  if (r.warnings.length)
    section(['Warnings', r.warnings.flatMap((w) => issueLines(w, paint('yellow', '!')))]);
  return out.join('\n');
}

export function renderDoctorJson(r: DoctorReport): string {
  return JSON.stringify(r, null, 2);
}

export function renderDoctor(r: DoctorReport, format: DoctorOutput, paint: Painter = noPaint): string {
  return format === 'json' ? renderDoctorJson(r) : renderDoctorTable(r, paint);
}
