/**
 * The terminal sink: results to stdout, progress and errors to stderr. Commands never touch
 * process.stdout directly, so tests can capture output and NO_COLOR / non-TTY are honoured in one place.
 */
import { RootctlError } from '../core/errors.js';
import { askYesNo } from './interrupt.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stdin and stderr are terminals: prompts are allowed (a person can answer them). */
  readonly interactive: boolean;
  /** True when stderr is a terminal: progress lines are allowed (stdin does not matter). */
  readonly progress: boolean;
  /** True when stdout is a terminal (not a file or a pipe): a long plan is shown as its summary. */
  readonly stdoutTerminal?: boolean;
  readonly color: boolean;
  /**
   * Asks yes/no on the terminal; throws ConfirmationRequired when there is none to ask, and Aborted
   * (exit 130) on Ctrl-C, Ctrl-D or end of input at the prompt.
   */
  confirm(question: string): Promise<boolean>;
  /** Writes a progress line to stderr as is (no newline added; it is redrawn in place). */
  draw?(text: string): void;
}

/** An io that prints nothing and asks no one ("no" to every question): for building the command tree. */
export const SILENT_IO: CliIo = {
  out: () => undefined,
  err: () => undefined,
  interactive: false,
  progress: false,
  color: false,
  confirm: async () => false,
};

export function processIo(): CliIo {
  const progress = Boolean(process.stderr.isTTY);
  const interactive = progress && Boolean(process.stdin.isTTY);
  const color =
    Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb';
  return {
    out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    draw: (text) => void process.stderr.write(text),
    interactive,
    progress,
    stdoutTerminal: Boolean(process.stdout.isTTY),
    color,
    async confirm(question) {
      if (!process.stdin.isTTY) {
        throw new RootctlError(
          'ConfirmationRequired',
          'This change needs confirmation and no terminal is attached.',
        );
      }
      const answer = await askYesNo(question);
      if (answer === 'aborted') throw abortedAtPrompt();
      return answer === 'yes';
    },
  };
}

/** Ctrl-C / Ctrl-D / end of input at a prompt: the answer "no", said firmly. */
export function abortedAtPrompt(): RootctlError {
  return new RootctlError('Aborted', 'aborted, nothing changed');
}

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1 } as const;
export type Colour = keyof typeof CODES;

export function paint(io: Pick<CliIo, 'color'>, colour: Colour, text: string): string {
  return io.color ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text;
}
