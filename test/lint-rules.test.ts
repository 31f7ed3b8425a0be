/**
 * The layer rules of eslint.config.js, each broken on purpose: small in-memory snippets are linted
 * with the project's own config as if they sat at a path in src/, and each violation must be reported
 * by its rule while the corrected snippet passes. (Type-aware rules are turned off for the snippets,
 * which belong to no tsconfig; the layer rules need no types.)
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }],
});

async function rulesBroken(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

const cases: { rule: string; path: string; bad: string; good: string }[] = [
  {
    rule: 'no-restricted-imports',
    path: 'src/core/audit/snippet.ts',
    bad: "import { createAwsContext } from '../../aws/clients.js';\nexport const x = createAwsContext;\n",
    good: "import { summarize } from '../audit/model.js';\nexport const x = summarize;\n",
  },
  {
    rule: 'no-restricted-imports',
    path: 'src/core/snippet.ts',
    bad: "import { openDb } from '../store/db.js';\nexport const x = openDb;\n",
    good: "import { ExitCode } from './errors.js';\nexport const x = ExitCode;\n",
  },
  {
    rule: 'no-restricted-imports',
    path: 'src/core/plan/deep/snippet.ts',
    bad: "import { execFile } from 'node:child_process';\nexport const x = execFile;\n",
    good: "import { z } from 'zod';\nexport const x = z;\n",
  },
  {
    rule: 'no-restricted-globals',
    path: 'src/core/doctor/snippet.ts',
    bad: 'export const region = process.env.AWS_REGION;\n',
    good: "export const region = (env: Record<string, string>) => env['AWS_REGION'];\n",
  },
  {
    rule: 'no-restricted-imports',
    path: 'src/aws/snippet.ts',
    bad: "import type { CliIo } from '../cli/io.js';\nexport type X = CliIo;\n",
    good: "import type { AuditReport } from '../core/audit/model.js';\nexport type X = AuditReport;\n",
  },
  {
    rule: 'no-restricted-imports',
    path: 'src/store/snippet.ts',
    bad: "import { audit } from '../app/library.js';\nexport const x = audit;\n",
    good: "import { RootctlError } from '../core/errors.js';\nexport const x = RootctlError;\n",
  },
  {
    rule: 'no-restricted-imports',
    path: 'src/emulator/services/iam/snippet.ts',
    bad: "import type { AuditReport } from '../../../core/audit/model.js';\nexport type X = AuditReport;\n",
    good: "import { rootUserArn } from '../../../core/model/arn.js';\nexport const x = rootUserArn;\n",
  },
  {
    rule: 'no-restricted-syntax',
    path: 'src/app/snippet.ts',
    bad: "export const arn = 'arn:aws:iam::111111111111:root';\n",
    good: "import { rootUserArn } from '../core/model/arn.js';\nexport const arn = rootUserArn('aws', '111111111111');\n",
  },
  {
    rule: 'no-restricted-syntax',
    path: 'src/core/model/snippet.ts',
    bad: 'export const arn = (id: string) => `arn:aws:sts::${id}:assumed-role/x`;\n',
    good: "export const hint = 'e.g. arn:aws:iam::123456789012:role/RootOps';\n",
  },
  {
    // 81 counted lines; blank lines and comments do not count, so the good one may carry them.
    rule: 'max-lines-per-function',
    path: 'src/core/audit/snippet.ts',
    bad: functionOf(77, ''),
    good: functionOf(76, '\n  // a comment\n'),
  },
  {
    rule: 'max-lines',
    path: 'src/cli/commands/snippet.ts',
    bad: linesOf(121),
    good: linesOf(120),
  },
];

/** A function of `statements` + 4 counted lines, each statement followed by `filler`. */
function functionOf(statements: number, filler: string): string {
  const body = Array.from({ length: statements }, (_, i) => `  total += ${i};${filler}`).join('\n');
  return `export function f(): number {\n  let total = 0;\n${body}\n  return total;\n}\n`;
}

/** A file of exactly `count` lines. */
function linesOf(count: number): string {
  return `${Array.from({ length: count }, (_, i) => `export const v${i} = ${i};`).join('\n')}\n`;
}

describe('eslint.config.js layer and size rules fail on a deliberate violation', () => {
  it.each(cases)('$rule in $path', async ({ rule, path, bad, good }) => {
    expect(await rulesBroken(path, bad)).toContain(rule);
    expect(await rulesBroken(path, good)).toEqual([]);
  });
});
