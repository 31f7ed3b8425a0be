/**
 * Exit codes and error codes, from ExitCode and ERROR_CATALOGUE in src/core/errors.ts (the meaning of
 * each exit code is its doc comment there).
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { ERROR_CATALOGUE, ExitCode, type ErrorCode } from '../core/errors.js';
import { GENERATED_NOTE, cell } from './commands-doc.js';

export interface ExitCodeDoc {
  name: string;
  code: number;
  meaning: string;
  errors: ErrorCode[];
}

/** `Ok` has no comment in the source; everything else is read from it. */
const FALLBACK: Record<string, string> = {
  Ok: 'Done: nothing to report (doctor: ready; audit: no failing accounts with --fail-on).',
};

export function exitCodeDocs(errorsFile: string): ExitCodeDoc[] {
  const source = ts.createSourceFile(
    errorsFile,
    readFileSync(errorsFile, 'utf8'),
    ts.ScriptTarget.ES2022,
    true,
  );
  const comments = new Map<string, string>();
  source.forEachChild(function visit(node): void {
    if (ts.isPropertyAssignment(node) && declaredIn(node) === 'ExitCode') {
      const doc = ts
        .getLeadingCommentRanges(source.text, node.getFullStart())
        ?.map((r) =>
          source.text
            .slice(r.pos, r.end)
            .replace(/^\/\*\*?|\*\/$/g, '')
            .replace(/^\s*\*\s?/gm, ''),
        )
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim();
      if (doc) comments.set(node.name.getText(source), doc);
    }
    node.forEachChild(visit);
  });
  return Object.entries(ExitCode).map(([name, code]) => ({
    name,
    code,
    meaning: comments.get(name) ?? FALLBACK[name] ?? '',
    errors: (Object.keys(ERROR_CATALOGUE) as ErrorCode[]).filter((e) => ERROR_CATALOGUE[e].exit === code),
  }));
}

/** The variable an object literal's property belongs to (through `as const` and the like). */
function declaredIn(node: ts.Node): string | undefined {
  for (let n: ts.Node | undefined = node.parent; n !== undefined; n = n.parent) {
    if (ts.isVariableDeclaration(n)) return n.name.getText();
    if (ts.isPropertyAssignment(n)) return undefined;
  }
  return undefined;
}

export function exitCodesTable(docs: ExitCodeDoc[]): string {
  return [
    '| Exit code | Meaning | Error codes |',
    '|---|---|---|',
    ...docs.map(
      (d) => `| ${d.code} | ${cell(d.meaning)} | ${d.errors.map((e) => `\`${e}\``).join(', ') || '—'} |`,
    ),
  ].join('\n');
}

export function troubleshootingTable(): string {
  return [
    '| Error code | Exit | What to do |',
    '|---|---|---|',
    ...(Object.keys(ERROR_CATALOGUE) as ErrorCode[]).map(
      (code) => `| \`${code}\` | ${ERROR_CATALOGUE[code].exit} | ${cell(ERROR_CATALOGUE[code].hint)} |`,
    ),
  ].join('\n');
}

export function errorsMarkdown(docs: ExitCodeDoc[]): string {
  return [
    '# Exit codes and error codes',
    '',
    GENERATED_NOTE,
    '',
    'Every failure prints two lines on stderr, `rootctl: <Code>: <message>` and `  hint: <what to do>`, and',
    'exits with the code of its class. The library throws `RootctlError` with the same `code`, `exitCode`',
    'and `hint` (source: `src/core/errors.ts`).',
    '',
    '## Exit codes',
    '',
    exitCodesTable(docs),
    '',
    '## Error codes',
    '',
    troubleshootingTable(),
    '',
  ].join('\n');
}
