/**
 * Generates the references in docs/generated/ and the generated blocks of README.md from the code
 * they describe. `npm run docs` writes them (scripts/gen-docs.mjs); test/docs.test.ts regenerates them
 * in memory and fails when a committed file differs. Build-time only (needs the TypeScript compiler
 * and the sources); the package leaves dist/docs out.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../cli/main.js';
import { SILENT_IO } from '../cli/io.js';
import { commandsMarkdown, helpOf, walkCommands, type CommandInfo } from './commands-doc.js';
import { checksMarkdown } from './checks-doc.js';
import { coverageMarkdown } from './coverage-doc.js';
import { errorsMarkdown, exitCodeDocs, exitCodesTable, troubleshootingTable } from './errors-doc.js';
import { checkCoverage, permissionsMarkdown, permissionsTable } from './permissions-doc.js';
import { readPortDocs } from './ports-doc.js';
import { commandsTable, fillBlocks } from './readme-blocks.js';
import { SCHEMAS, schemasMarkdown } from './schemas.js';

/** Environment that changes option defaults; cleared while the tree is built so docs are the same everywhere. */
const VOLATILE_ENV = [
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'AWS_ENDPOINT_URL',
  'ROOTCTL_DB',
  'NO_COLOR',
  'FORCE_COLOR',
];

export function commandTree(): { commands: CommandInfo[]; rootHelp: string } {
  const saved = VOLATILE_ENV.map((k) => [k, process.env[k]] as const);
  for (const k of VOLATILE_ENV) delete process.env[k];
  try {
    const program = buildProgram(SILENT_IO, () => undefined);
    const home = homedir();
    const clean = (s: string) => s.split(home).join('~');
    const commands = walkCommands(program).map((c) => ({ ...c, help: clean(c.help) }));
    return { commands, rootHelp: clean(helpOf(program)) };
  } finally {
    for (const [k, v] of saved) if (v !== undefined) process.env[k] = v;
  }
}

/** Repository-relative path -> expected content. */
export function generateDocs(root: string): Map<string, string> {
  const { commands, rootHelp } = commandTree();
  checkCoverage(commands);
  const ports = readPortDocs(join(root, 'src/core/ports.ts'));
  const exits = exitCodeDocs(join(root, 'src/core/errors.ts'));
  const schemas = SCHEMAS.filter((s) => existsSync(join(root, s.file)));
  const files = new Map<string, string>([
    ['docs/generated/checks.md', checksMarkdown()],
    ['docs/generated/commands.md', commandsMarkdown(commands, rootHelp)],
    ['docs/generated/errors.md', errorsMarkdown(exits)],
    ['docs/generated/emulator-coverage.md', coverageMarkdown()],
    ['docs/generated/json-schemas.md', schemasMarkdown(root, schemas)],
    ['docs/generated/permissions.md', permissionsMarkdown(ports)],
  ]);
  const readmePath = join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  files.set(
    'README.md',
    fillBlocks(readme, {
      commands: commandsTable(commands),
      permissions: permissionsTable(ports),
      'exit-codes': exitCodesTable(exits),
      troubleshooting: troubleshootingTable(),
    }),
  );
  return files;
}
