/**
 * Writing reports from the CLI: the table's colours, `--out` checked before anything runs, and the
 * rendered text written to the file or stdout. Shared by `audit` and `history` (reports and diffs).
 */
import { accessSync, constants, existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AuditDiff } from '../core/audit/diff.js';
import type { AuditReport } from '../core/audit/model.js';
import { RootctlError } from '../core/errors.js';
import { renderAuditReport, type AuditOutput } from '../core/report/formats.js';
import { renderDiff, type DiffOutput } from '../core/report/diff-formats.js';
import type { Paint } from '../core/report/table.js';
import { VERSION } from '../version.js';
import { paint, type CliIo } from './io.js';

const COLOURS = {
  compliant: 'green',
  non_compliant: 'red',
  error: 'yellow',
  skipped: 'gray',
  bold: 'bold',
  dim: 'gray',
} as const;

export function tablePaint(io: Pick<CliIo, 'color'>): Paint {
  return (status, text) => paint(io, COLOURS[status], text);
}

/**
 * Checks that `--out` can be written before anything else runs (an audit can take minutes): its
 * directory exists and is writable, and it is not itself a directory.
 */
export function checkOutPath(out: string | undefined): void {
  if (out === undefined) return;
  const dir = dirname(resolve(out));
  const fail = (why: string) =>
    new RootctlError('InvalidInput', `--out ${out}: ${why}.`, {
      hint: 'Give a file in an existing, writable directory.',
    });
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw fail(`the directory ${dir} does not exist`);
  }
  if (!isDir) throw fail(`${dir} is not a directory`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw fail(`the directory ${dir} is not writable`);
  }
  if (existsSync(out)) {
    if (statSync(out).isDirectory()) throw fail('it is a directory');
    try {
      accessSync(out, constants.W_OK);
    } catch {
      throw fail('the file exists and is not writable');
    }
  }
}

/** Writes a rendered report to --out or stdout. */
export function emitReport(io: CliIo, text: string, out: string | undefined, what: string): void {
  if (out === undefined) {
    io.out(text);
    return;
  }
  try {
    writeFileSync(out, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o644 });
  } catch (e) {
    throw new RootctlError(
      'InvalidInput',
      `Cannot write ${out}: ${e instanceof Error ? e.message : String(e)}`,
      { hint: 'Check that the directory exists and is writable.' },
    );
  }
  io.err(`rootctl: wrote the ${what} to ${out}`);
}

/** An audit report in `output`, to --out or stdout (the table coloured only on a terminal). */
export function emitAuditReport(io: CliIo, report: AuditReport, output: AuditOutput, out?: string): void {
  const text = renderAuditReport(report, output, out === undefined ? { paint: tablePaint(io) } : {});
  emitReport(io, text, out, `${output} report`);
}

/** A diff in `output`, to --out or stdout (the table coloured only on a terminal). */
export function emitDiff(io: CliIo, diff: AuditDiff, output: DiffOutput, out?: string): void {
  const paint = out === undefined ? tablePaint(io) : undefined;
  const text = renderDiff(diff, output, { paint, rootctlVersion: VERSION });
  emitReport(io, text, out, output === 'table' ? 'diff' : `${output} diff`);
}
