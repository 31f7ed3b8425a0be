/**
 * Builds the command tree and runs it. The only place that turns errors into exit codes and
 * one-line messages; bin.ts is the only place that exits the process.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode, RootctlError, isRootctlError } from '../core/errors.js';
import { toRootctlError } from '../aws/errors.js';
import { COMMANDS } from './commands/index.js';
import { processIo, type CliIo } from './io.js';
import { VERSION } from '../version.js';

export interface CommandSpec {
  /** Adds the command (and its subcommands) to the program. Actions return an exit code. */
  register(program: Command, io: CliIo, setExit: (code: number) => void): void;
}

export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('rootctl')
    .description('Take an AWS Organization to centralized root access and keep it there.')
    .version(VERSION, '-v, --version')
    .showSuggestionAfterError()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();
  for (const spec of COMMANDS) spec.register(program, io, setExit);
  return program;
}

export function reportError(io: CliIo, e: unknown): number {
  const err = isRootctlError(e) ? e : unexpected(e);
  io.err(`rootctl: ${err.code}: ${err.message}`);
  io.err(`  hint: ${err.hint}`);
  if (process.env.ROOTCTL_DEBUG && e instanceof Error && e.stack) io.err(e.stack);
  return err.exitCode;
}

function unexpected(e: unknown): RootctlError {
  // SDK and network errors get their own codes; anything else is a bug, reported without a stack trace.
  const mapped = toRootctlError(e, 'the command');
  if (mapped.code !== 'AwsError') return mapped;
  const looksAws = typeof e === 'object' && e !== null && '$metadata' in e;
  return looksAws
    ? mapped
    : new RootctlError('InternalError', e instanceof Error ? e.message : String(e), { cause: e });
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exit: number = ExitCode.Ok;
  const program = buildProgram(io, (code) => (exit = code));
  try {
    await program.parseAsync(argv);
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return ExitCode.Ok; // --help, --version
      return ExitCode.Usage; // commander has already printed one line
    }
    return reportError(io, e);
  }
}
