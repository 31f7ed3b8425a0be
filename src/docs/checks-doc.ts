/** docs/generated/checks.md: every doctor and audit check, from the checks themselves. */
import { AUDIT_CHECKS } from '../core/checks/audit/index.js';
import { DOCTOR_CHECKS } from '../core/checks/doctor/index.js';
import type { CheckMeta, CisControl } from '../core/checks/types.js';
import { GENERATED_NOTE, cell } from './commands-doc.js';

const SEVERITY: Record<CheckMeta['severity'], string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  informational: 'Informational',
};

/** A table cell; `<id>` would read as an HTML tag. */
const text = (s: string) => cell(s).replace(/</g, '&lt;');

function cis(controls: readonly CisControl[] | undefined): string {
  return (controls ?? []).map((c) => `${c.version} ${c.control}`).join(', ');
}

function sources(checks: readonly CheckMeta[]): string[] {
  const seen = new Map<string, string>();
  for (const c of checks)
    for (const m of c.cis ?? [])
      seen.set(`${m.version} ${m.control}`, `- ${m.version} ${m.control} "${m.title}": ${m.source}`);
  return [...seen.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([, l]) => l);
}

export function checksMarkdown(): string {
  const all: CheckMeta[] = [...DOCTOR_CHECKS, ...AUDIT_CHECKS];
  return [
    '# Checks',
    '',
    GENERATED_NOTE,
    '',
    'Every rule rootctl judges by is a check: one pure function per file under `src/core/checks/` (`doctor/`,',
    '`audit/`), with its test beside it. A check returns `pass`, `fail`, `unknown` (what it needs could not be',
    'read) or `not_applicable`, always with a reason. Ids are kebab-case and name the state that passes; they',
    'are published and never renamed or reused (OCSF and ASFF finding ids are built from them).',
    '',
    '## Doctor checks',
    '',
    "`rootctl doctor --output json` lists every check's result in `checks`; a failing check raises the issue",
    'named here (gaps make the organization not ready, warnings do not), each issue with its `checkId`.',
    '',
    '| Check id | Level | Issue id | Title | Severity | Remediation | CIS AWS Foundations |',
    '|---|---|---|---|---|---|---|',
    ...DOCTOR_CHECKS.map(
      (c) =>
        `| \`${c.id}\` | ${c.level} | \`${c.issueId}\` | ${cell(c.title)} | ${SEVERITY[c.severity]} | ${text(c.remediation)} | ${cis(c.cis)} |`,
    ),
    '',
    '## Audit checks',
    '',
    'One result per audited account and applicable check. An account is `non_compliant` when one of the four',
    'credential checks (password, access keys, signing certificates, MFA devices) fails. Each account record of',
    '`rootctl audit --output json` lists in `checks` the ones that did not pass; `--output ocsf`, `--output asff`',
    'and `--to securityhub` write one finding per account and check, with the id',
    '`rootctl/<organization>/<account>/<check id>`. `<id>` in a remediation is the account id.',
    '',
    '| Check id | Title | Severity | Remediation | CIS AWS Foundations |',
    '|---|---|---|---|---|',
    ...AUDIT_CHECKS.map(
      (c) =>
        `| \`${c.id}\` | ${cell(c.title)} | ${SEVERITY[c.severity]} | ${text(c.remediation)} | ${cis(c.cis)} |`,
    ),
    '',
    '## CIS AWS Foundations Benchmark mapping',
    '',
    'A check names a CIS control only where the control number and title were confirmed in a public source.',
    'Hardware MFA for the root user (v3.0.0 1.6, v4.0.1 1.6, v5.0.0 1.5, v6.0.0 2.5, v7.0.0 2.6) has no check:',
    "IAM's account summary says whether the root user has MFA, not which kind. `root-access-keys-not-recently-used`",
    'covers the access-key half of "Eliminate use of the \'root\' user" (password sign-ins are not visible to the audit).',
    '',
    ...sources(all),
    '',
  ].join('\n');
}
