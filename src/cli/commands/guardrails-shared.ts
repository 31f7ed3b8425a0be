/** Helpers shared by the guardrails subcommands. */
import { writeFileSync } from 'node:fs';
import { Option } from 'commander';
import type { CliIo } from '../io.js';
import { RootctlError } from '../../core/errors.js';
import type { GuardrailArtifact } from '../../core/guardrails/artifacts.js';
import { PARTITIONS } from '../../core/guardrails/inputs.js';

/** Prints a generated artifact to stdout, or writes it to --out (the only time anything touches disk). */
export function emitArtifact(io: CliIo, text: string, out: string | undefined): void {
  if (out === undefined) return io.out(text.endsWith('\n') ? text.slice(0, -1) : text);
  try {
    writeFileSync(out, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o644 });
  } catch (e) {
    throw new RootctlError(
      'InvalidInput',
      `Cannot write --out '${out}': ${e instanceof Error ? e.message : String(e)}`,
      { hint: 'Check that the directory exists and is writable.' },
    );
  }
  io.err(`rootctl: wrote ${out}`);
}

export const partitionOption = () =>
  new Option('--partition <partition>', 'AWS partition of the ARNs').choices([...PARTITIONS]).default('aws');

/** Indents every line after the first, for multi-line notes on stderr. */
export function note(lines: string[]): string {
  return lines.map((l, i) => (i === 0 ? l : `  ${l}`)).join('\n');
}

/** An artifact with what is said about it: warnings and notes first, then the text, then what it is. */
export function printArtifact(io: CliIo, a: GuardrailArtifact, out: string | undefined): void {
  for (const w of a.warnings) io.err(`rootctl: warning: ${w}`);
  for (const n of a.notes) io.err(`rootctl: note: ${n}`);
  emitArtifact(io, a.text, out);
  if (a.about.length) io.err(note(a.about.map((l, i) => (i === 0 ? `rootctl: ${l}` : l))));
  for (const n of a.leftOut) io.err(`rootctl: note: ${n}`);
}
