/**
 * Runs the story: for each step, a few lines of narrative, the command line as typed, then the command
 * itself through the CLI's own entry point (in this process, against the sandbox). A step whose
 * command this build does not have yet is skipped with a line saying so. An exit code outside the
 * story's is a bug in rootctl and ends the demo.
 */
import type { Command } from 'commander';
import { RootctlError } from '../core/errors.js';
import type { CliIo } from '../cli/io.js';
import { paint, SILENT_IO } from '../cli/io.js';
import { buildProgram, main } from '../cli/main.js';
import { withEnv } from './sandbox.js';
import type { DemoStep, StoryContext } from './story.js';

export interface StepRecord {
  id: string;
  argv: string[];
  skipped: boolean;
  exitCode: number | null;
  /** AWS operations the step made, as `service:Operation` -> calls (from the emulator's counters). */
  operations: Record<string, number>;
}

/** Placeholders of commands still being built say so in their description. */
export function availableCommands(): Set<string> {
  const program: Command = buildProgram(SILENT_IO, () => undefined);
  return new Set(
    program.commands.filter((c) => c.description() !== '(not yet available)').map((c) => c.name()),
  );
}

/** Quotes an argument the way a POSIX shell needs it, only when it must. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export async function runStory(
  steps: readonly DemoStep[],
  ctx: StoryContext,
  io: CliIo,
  isStopped: () => boolean,
): Promise<StepRecord[]> {
  const available = availableCommands();
  const records: StepRecord[] = [];
  const stats = ctx.sandbox.emulator.core.stats;
  for (const [i, step] of steps.entries()) {
    if (isStopped())
      throw new RootctlError('Interrupted', 'The demo was interrupted.', {
        hint: 'Run `rootctl demo` again; each run starts from a fresh sandbox.',
      });
    io.out('');
    io.out(paint(io, 'bold', `${i + 1}/${steps.length} ${step.id}`));
    if (!available.has(step.command)) {
      io.out(paint(io, 'yellow', `(skipped: \`rootctl ${step.command}\` is not in this build yet)`));
      records.push({ id: step.id, argv: [], skipped: true, exitCode: null, operations: {} });
      continue;
    }
    await step.prepare?.(ctx);
    const reason = step.skipReason?.(ctx);
    if (reason !== undefined) {
      io.out(paint(io, 'yellow', `(skipped: ${reason})`));
      records.push({ id: step.id, argv: [], skipped: true, exitCode: null, operations: {} });
      continue;
    }
    for (const line of step.intro(ctx)) io.out(paint(io, 'gray', line));
    const argv = step.argv(ctx);
    io.out(paint(io, 'cyan', `$ rootctl ${argv.map(shellQuote).join(' ')}`));
    const before = { ...stats.calls };
    const stepIo: CliIo = step.nonInteractive
      ? { ...io, interactive: false, progress: false, confirm: async () => false }
      : io;
    const code = await withEnv(ctx.sandbox.env, () => main(['node', 'rootctl', ...argv], stepIo));
    const operations: Record<string, number> = {};
    for (const [op, n] of Object.entries(stats.calls))
      if (n !== (before[op] ?? 0)) operations[op] = n - (before[op] ?? 0);
    records.push({ id: step.id, argv, skipped: false, exitCode: code, operations });
    if (!step.expect.includes(code)) {
      throw new RootctlError(
        'InternalError',
        `The demo step '${step.id}' ended with exit code ${code}; the story expects ${step.expect.join(' or ')}.`,
      );
    }
    if (code !== 0) io.out(paint(io, 'gray', `(exit code ${code}, as expected at this point)`));
    for (const line of step.outro?.(ctx, code) ?? []) io.out(line);
  }
  return records;
}
