/** The emulator's operation coverage, read from the service table the emulator itself routes with. */
import { ALL_SERVICES } from '../emulator/services/all.js';
import { GENERATED_NOTE } from './commands-doc.js';

const PROTOCOL: Record<string, string> = {
  query: 'awsQuery',
  json1_1: 'awsJson1_1',
  json1_0: 'awsJson1_0',
  'rest-xml': 'restXml',
};

export function coverageMarkdown(): string {
  const total = ALL_SERVICES.reduce((n, s) => n + Object.keys(s.operations).length, 0);
  const lines = [
    '# Emulator operation coverage',
    '',
    GENERATED_NOTE,
    '',
    `${total} operations in ${ALL_SERVICES.length} services. Behaviour, errors and what is deliberately not modeled: [docs/emulator.md](../emulator.md).`,
    'Any other operation answers with the service\'s own "unknown operation" error. "Write" operations are recorded in the',
    "emulated CloudTrail event history; reads are not. The IAM action is checked against the caller's identity policy,",
    'its root-task policy and the SCPs in force before the operation runs ("in handler": the handler checks it itself).',
    '',
    '| Service | Protocol | Operations |',
    '|---|---|---|',
    ...ALL_SERVICES.map(
      (s) =>
        `| ${s.signingName} | ${PROTOCOL[s.protocol] ?? s.protocol} | ${Object.keys(s.operations).length} |`,
    ),
    '',
  ];
  for (const s of ALL_SERVICES) {
    lines.push(
      `## ${s.signingName}`,
      '',
      `\`${s.eventSource}\`, ${PROTOCOL[s.protocol] ?? s.protocol}.`,
      '',
      '| Operation | Kind | IAM action checked |',
      '|---|---|---|',
    );
    for (const [name, op] of Object.entries(s.operations)) {
      const action = op.action === null ? 'in handler' : `\`${op.action ?? `${s.signingName}:${name}`}\``;
      lines.push(`| ${name} | ${op.readOnly ? 'read' : 'write'} | ${action} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
