/**
 * Docs that cannot drift: docs/generated/* and the generated blocks of README.md are regenerated in
 * memory from the code and compared with the committed files; every command's --help has examples;
 * every command has a permissions entry whose port methods name IAM actions.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commandTree, generateDocs } from '../src/docs/generate.js';
import { hasExamples } from '../src/docs/commands-doc.js';
import { actionsIn, readPortDocs } from '../src/docs/ports-doc.js';
import { COMMAND_PERMISSIONS, PORT_INTERFACES } from '../src/cli/permissions.js';
import { ERROR_CATALOGUE } from '../src/core/errors.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('generated docs', () => {
  it('match the code (run `npm run docs` when this fails)', () => {
    const stale: string[] = [];
    for (const [path, content] of generateDocs(root)) {
      const file = join(root, path);
      if (!existsSync(file) || readFileSync(file, 'utf8') !== content) stale.push(path);
    }
    expect(
      stale,
      `Stale: ${stale.join(', ')}. Regenerate with \`npm run docs\` and commit the result.`,
    ).toEqual([]);
  });

  it('list every error code with its exit code and hint', () => {
    const errors = readFileSync(join(root, 'docs/generated/errors.md'), 'utf8');
    for (const [code, e] of Object.entries(ERROR_CATALOGUE)) {
      expect(errors).toContain(`| \`${code}\` | ${e.exit} |`);
    }
  });

  it('give every command an Examples section in its --help', () => {
    const { commands, rootHelp } = commandTree();
    expect(rootHelp, '`rootctl --help` needs an Examples section (src/cli/main.ts)').toMatch(/^Examples:/m);
    const missing = commands.filter((c) => !c.hidden && !hasExamples(c)).map((c) => c.path);
    expect(
      missing,
      `add .addHelpText('after', '\\nExamples:\\n  rootctl ...') to: ${missing.join(', ')}`,
    ).toEqual([]);
  });
});

describe('permissions', () => {
  it('reads the IAM actions of a port method from its doc comment', () => {
    expect(
      actionsIn('organizations:ListPolicies + DescribePolicy + ListTargetsForPolicy for every SCP.'),
    ).toEqual([
      'organizations:ListPolicies',
      'organizations:DescribePolicy',
      'organizations:ListTargetsForPolicy',
    ]);
    expect(
      actionsIn('iam:EnableOrganizationsRootCredentialsManagement / iam:EnableOrganizationsRootSessions'),
    ).toEqual(['iam:EnableOrganizationsRootCredentialsManagement', 'iam:EnableOrganizationsRootSessions']);
    expect(actionsIn("sqs:SetQueueAttributes(Policy='')")).toEqual(['sqs:SetQueueAttributes']);
    expect(
      actionsIn('iam:GetAccountSummary -> the four Account* keys (undefined when a key is missing).'),
    ).toEqual(['iam:GetAccountSummary']);
  });

  it('names only port methods that declare an IAM action', () => {
    const ports = readPortDocs(join(root, 'src/core/ports.ts'));
    const without = COMMAND_PERMISSIONS.flatMap((p) => [
      ...p.caller,
      ...(p.rootSession ?? []).flatMap((s) => s.methods),
    ])
      .filter((m) => m !== 'StsEndpointPort.stsEndpoint') // observed on GetCallerIdentity, which whoAmI lists
      .filter((m) => (ports.get(m)?.actions.length ?? 0) === 0);
    expect(without).toEqual([]);
  });

  it('knows every port interface of src/core/ports.ts', () => {
    const declared = new Set(
      [...readPortDocs(join(root, 'src/core/ports.ts')).keys()].map((k) => k.split('.')[0]),
    );
    expect(
      [...declared].sort(),
      'add the interface to Ports and PORT_INTERFACES in src/cli/permissions.ts',
    ).toEqual([...PORT_INTERFACES].sort());
  });
});

describe('docs/library.md', () => {
  it('has TypeScript examples that type-check against the library', async () => {
    const ts = (await import('typescript')).default;
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const md = readFileSync(join(root, 'docs/library.md'), 'utf8');
    const blocks = [...md.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(4);
    const dir = mkdtempSync(join(tmpdir(), 'rootctl-docs-'));
    try {
      const files = blocks.map((code, i) => {
        const file = join(dir, `example-${i}.mts`);
        writeFileSync(file, `${code}\nexport {};\n`);
        return file;
      });
      const program = ts.createProgram(files, {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(root, 'node_modules/@types')],
        paths: {
          rootctl: [join(root, 'src/index.ts')],
          'rootctl/emulator': [join(root, 'src/emulator/index.ts')],
        },
        allowImportingTsExtensions: true,
      });
      const problems = ts
        .getPreEmitDiagnostics(program)
        .filter((d) => d.file && files.includes(d.file.fileName))
        .map(
          (d) =>
            `${d.file!.fileName.replace(dir, 'example')}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
        );
      expect(problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
