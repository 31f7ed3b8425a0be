/**
 * Required IAM permissions per command: src/cli/permissions.ts says which port methods each command
 * calls, and the doc comments of src/core/ports.ts say which IAM action each method needs.
 */
import { COMMAND_PERMISSIONS, permissionsFor, type CommandPermissions } from '../cli/permissions.js';
import type { CommandInfo } from './commands-doc.js';
import { GENERATED_NOTE } from './commands-doc.js';
import type { PortMethodDoc } from './ports-doc.js';

export interface ResolvedPermissions {
  command: string;
  caller: string[];
  rootSession: { task: string; actions: string[] }[];
  note: string | undefined;
}

export function resolvePermissions(
  entry: CommandPermissions,
  ports: Map<string, PortMethodDoc>,
): ResolvedPermissions {
  const actionsOf = (methods: readonly string[]) => {
    const out = new Set<string>();
    for (const m of methods) {
      const doc = ports.get(m);
      if (doc === undefined)
        throw new Error(`src/cli/permissions.ts names ${m}, which src/core/ports.ts does not declare.`);
      for (const a of doc.actions) out.add(a);
    }
    return [...out];
  };
  return {
    command: entry.command,
    caller: [...new Set([...actionsOf(entry.caller), ...(entry.extraActions ?? [])])],
    rootSession: (entry.rootSession ?? []).map((s) => ({ task: s.task, actions: actionsOf(s.methods) })),
    note: entry.note,
  };
}

/** Every visible command must resolve to an entry; the error names the ones that do not. */
export function checkCoverage(commands: CommandInfo[]): void {
  const missing = commands
    .filter((c) => !c.hidden && permissionsFor(c.path) === undefined)
    .map((c) => c.path);
  if (missing.length) {
    throw new Error(
      `No entry in src/cli/permissions.ts for: ${missing.join(', ')}. Add what each calls (or caller: [] with a note).`,
    );
  }
}

export function permissionsTable(ports: Map<string, PortMethodDoc>): string {
  const rows = COMMAND_PERMISSIONS.map((e) => resolvePermissions(e, ports));
  return [
    '| Command | The caller needs | Inside root sessions (granted by the task policy) |',
    '|---|---|---|',
    ...rows.map((r) => {
      const caller = r.caller.length
        ? r.caller.map((a) => `\`${a}\``).join(', ')
        : `none${r.note ? `: ${r.note}` : ''}`;
      const session = r.rootSession.length
        ? r.rootSession
            .map((s) => `**${s.task}**: ${s.actions.map((a) => `\`${a}\``).join(', ')}`)
            .join('<br>')
        : '—';
      return `| \`rootctl ${r.command}\` | ${caller} | ${session} |`;
    }),
  ].join('\n');
}

export function permissionsMarkdown(ports: Map<string, PortMethodDoc>): string {
  const rows = COMMAND_PERMISSIONS.map((e) => resolvePermissions(e, ports));
  const lines = [
    '# Required IAM permissions',
    '',
    GENERATED_NOTE,
    '',
    'What each command calls, with the credentials you give it (the management account or the IAM delegated',
    'administrator). Calls inside root sessions run with the AWS managed root-task policy of the session, not',
    'with your policies: they are listed because a service control policy can still deny them to root sessions',
    '(`rootctl doctor` names any that does). Source: `src/cli/permissions.ts` and the doc comments of',
    '`src/core/ports.ts`. `rootctl guardrails operator-policy` prints a ready-made least-privilege policy.',
    '',
    permissionsTable(ports),
    '',
    '## Per command',
    '',
  ];
  for (const r of rows) {
    lines.push(`### rootctl ${r.command}`, '');
    if (r.note) lines.push(r.note, '');
    if (r.caller.length) {
      lines.push(
        '```json',
        JSON.stringify(
          { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: r.caller, Resource: '*' }] },
          null,
          2,
        ),
        '```',
        '',
      );
    }
    for (const s of r.rootSession)
      lines.push(`- Root session with \`${s.task}\`: ${s.actions.map((a) => `\`${a}\``).join(', ')}`);
    if (r.rootSession.length) lines.push('');
  }
  return lines.join('\n');
}
