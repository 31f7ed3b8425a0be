/** The JSON outputs documented in docs/generated/json-schemas.md, each read from the type that produces it. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_NOTE, cell } from './commands-doc.js';
import { createSchemaProgram, schemaFields, type SchemaSource } from './schema-doc.js';

export const SCHEMAS: SchemaSource[] = [
  {
    title: 'Audit report',
    command: 'rootctl audit --output json',
    file: 'src/core/audit/model.ts',
    type: 'AuditReport',
    docs: 'docs/audit.md',
  },
  {
    title: 'Doctor report',
    command: 'rootctl doctor --output json',
    file: 'src/core/doctor/types.ts',
    type: 'DoctorReport',
    docs: 'docs/doctor.md',
  },
  {
    title: 'Setup plan',
    command: 'rootctl setup --output json',
    file: 'src/core/setup/types.ts',
    type: 'SetupPlan',
    docs: 'docs/doctor.md',
  },
  {
    title: 'Setup result',
    command: 'rootctl setup --yes --output json',
    file: 'src/core/setup/types.ts',
    type: 'SetupResultDocument',
    docs: 'docs/doctor.md',
  },
  {
    title: 'Remediation plan',
    command: 'rootctl remediate --output json',
    file: 'src/core/plan/types.ts',
    type: 'Plan',
    docs: 'docs/remediate.md',
  },
  {
    title: 'Remediation result',
    command: 'rootctl remediate --yes --output json',
    file: 'src/core/execute/types.ts',
    type: 'ApplyResultDocument',
    docs: 'docs/remediate.md',
  },
  {
    title: 'Root activity',
    command: 'rootctl activity --output json',
    file: 'src/core/activity/report.ts',
    type: 'ActivityDocument',
    docs: 'docs/guardrails.md',
  },
  {
    title: 'Audit history',
    command: 'rootctl history --output json',
    file: 'src/store/history.ts',
    type: 'HistoryList',
    docs: 'docs/audit.md',
  },
  {
    title: 'Audit diff',
    command: 'rootctl history --diff --output json',
    file: 'src/core/audit/diff.ts',
    type: 'AuditDiff',
    docs: 'docs/audit.md',
  },
  {
    title: 'Evidence bundle',
    command: 'rootctl evidence --output json',
    file: 'src/core/evidence/types.ts',
    type: 'EvidenceResult',
    docs: 'docs/evidence.md',
  },
  {
    title: 'Journal runs',
    command: 'rootctl journal --output json',
    file: 'src/store/journal.ts',
    type: 'JournalRuns',
    docs: 'docs/remediate.md',
  },
  {
    title: 'Journal run',
    command: 'rootctl journal <run-id> --output json',
    file: 'src/store/journal.ts',
    type: 'JournalRun',
    docs: 'docs/remediate.md',
  },
  {
    title: 'Exception opened',
    command: 'rootctl exception open --yes --output json',
    file: 'src/core/exceptions/documents.ts',
    type: 'ExceptionOpened',
    docs: 'docs/remediate.md',
  },
  {
    title: 'Exceptions',
    command: 'rootctl exception list --output json',
    file: 'src/core/exceptions/documents.ts',
    type: 'ExceptionList',
    docs: 'docs/remediate.md',
  },
  {
    title: 'Exception closed',
    command: 'rootctl exception close --yes --output json',
    file: 'src/core/exceptions/documents.ts',
    type: 'ExceptionClosed',
    docs: 'docs/remediate.md',
  },
  {
    title: 'SCP check',
    command: 'rootctl guardrails scp --check --output json',
    file: 'src/core/guardrails/scp-render.ts',
    type: 'ScpCheckDocument',
    docs: 'docs/guardrails.md',
  },
];

export function schemasMarkdown(root: string, schemas: SchemaSource[]): string {
  const program = createSchemaProgram(
    root,
    schemas.map((s) => s.file),
  );
  const lines = [
    '# JSON output schemas',
    '',
    GENERATED_NOTE,
    '',
    'Field by field, read from the TypeScript types that produce each output. Every document here carries a',
    '`schemaVersion` (a test runs each command and fails when one does not), and most a `kind` naming it;',
    'a field is only ever added within a version, and a version changes when a field is renamed, removed',
    'or changes meaning. `?` marks a field that may be absent.',
    '',
    ...schemas.map((s) => `- [${s.title}](#${s.title.toLowerCase().replace(/\s+/g, '-')}): \`${s.command}\``),
    '',
  ];
  for (const s of schemas) {
    const fields = schemaFields(program, join(root, s.file), s.type);
    const version = fields.find((f) => f.path === 'schemaVersion')?.type;
    lines.push(`## ${s.title}`, '');
    lines.push(
      `\`${s.command}\` prints \`${s.type}\` from \`${s.file}\`${version ? `, schemaVersion ${version}` : ''}.`,
    );
    if (s.docs && existsSync(join(root, s.docs)))
      lines.push(`Explained in [${s.docs}](../${s.docs.replace(/^docs\//, '')}).`);
    lines.push('', '| Field | Type | Description |', '|---|---|---|');
    for (const f of fields)
      lines.push(`| \`${f.path}${f.optional ? '?' : ''}\` | \`${cell(f.type)}\` | ${cell(f.doc)} |`);
    lines.push('');
  }
  return lines.join('\n');
}
