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
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
      // Command-line errors are printed by main() in the format of every other error (code, hint).
      outputError: () => undefined,
    })
    .exitOverride();
  for (const spec of COMMANDS) spec.register(program, io, setExit);
  program.addHelpText(
    'after',
    [
      '',
      'Examples:',
      '  rootctl demo                                   # the whole flow against the embedded emulator',
      '  rootctl doctor --profile management            # where the organization stands',
      '  rootctl setup --delegated-admin 123456789012 --profile management',
      '  rootctl audit --profile security --output html --out audit.html',
      '  rootctl remediate --all --profile security     # the plan; add --yes to apply',
      '',
      'Every command has --help with examples. Exit codes: 0 ok, 1 findings (not ready, non-compliant,',
      'failed accounts), 2 usage, 3 runtime (credentials, network, AWS), 4 refused (nothing changed).',
    ].join('\n'),
  );
  return program;
}

export function reportError(io: CliIo, e: unknown): number {
  const err = isRootctlError(e) ? e : unexpected(e);
  if (err.code === 'Aborted') {
    // An answer, not a failure: one line, no hint.
    io.err(`rootctl: ${err.message}`);
    return err.exitCode;
  }
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
      if (e.code === 'commander.help' || e.code === 'commander.helpDisplayed') return ExitCode.Usage; // help shown
      return reportError(io, usageError(e, commandPath(program, argv.slice(2))));
    }
    return reportError(io, e);
  }
}

/** A parse error from commander as rootctl's UsageError, on one line, with the help to read. */
function usageError(e: CommanderError, path: string): RootctlError {
  const message = e.message
    .replace(/^error:\s*/, '')
    .replace(/\s*\n\s*/g, ' ')
    .replace('(Did you mean', '(did you mean');
  const hint = path
    ? `Run \`rootctl ${path} --help\` for its options and examples.`
    : 'Run `rootctl --help` for the commands.';
  return new RootctlError('UsageError', message, { hint, cause: e });
}

/** The (sub)command named on the command line, e.g. "guardrails operator-policy"; '' for none. */
export function commandPath(program: Command, args: readonly string[]): string {
  const names: string[] = [];
  let cmd = program;
  for (const arg of args) {
    const sub = cmd.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (!sub) continue;
    names.push(sub.name());
    cmd = sub;
  }
  return names.join(' ');
}
