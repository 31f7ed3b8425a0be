/**
 * The one interrupt path of every command (Ctrl-C, SIGTERM, Ctrl-D / end of input at a prompt).
 *
 * - Work under way (audit, plan, apply): the first Ctrl-C fires `interruptSignal()`; the library stops
 *   starting new work, lets what is in flight finish (the audit bounds that wait), journals it, and the
 *   command ends with exit 130. A second Ctrl-C exits at once.
 * - At a prompt: Ctrl-C, Ctrl-D or end of input is the answer "no" (`askYesNo` returns 'aborted'; the
 *   caller throws the Aborted error: "aborted, nothing changed", exit 130).
 * - A server or `demo --keep-running` waiting for Ctrl-C as its normal stop (`untilStopped`): no
 *   "interrupted" notice, exit 0.
 *
 * bin.ts installs it once; in-process callers (tests, the library) that never install it get a signal
 * that never fires.
 */
import { createInterface } from 'node:readline';

export interface InterruptHooks {
  /** Where the notice goes (stderr). */
  write(text: string): void;
  /** Exits the process at once (the second Ctrl-C). */
  exit(code: number): never;
}

let controller = new AbortController();
let count = 0;
let stopWaiter: ((signal: NodeJS.Signals) => void) | undefined;

/** Fires on the first Ctrl-C (or SIGTERM) of work under way. */
export function interruptSignal(): AbortSignal {
  return controller.signal;
}

/** Whether the command was interrupted (bin.ts then exits 130 whatever the command returned). */
export function wasInterrupted(): boolean {
  return controller.signal.aborted;
}

/** What a SIGINT or SIGTERM does; exported for tests. */
export function onInterrupt(hooks: InterruptHooks, signal: NodeJS.Signals = 'SIGINT'): void {
  if (stopWaiter) {
    const stop = stopWaiter;
    stopWaiter = undefined;
    stop(signal);
    return;
  }
  count++;
  if (count > 1) {
    hooks.write('\nrootctl: stopped at once (second Ctrl-C); the journal has what finished\n');
    hooks.exit(130);
  }
  hooks.write('\nrootctl: interrupted; finishing the calls in flight (Ctrl-C again to stop now)\n');
  controller.abort(new Error('interrupted'));
}

/** Installs the handlers once (bin.ts). */
export function installInterrupts(hooks: InterruptHooks): void {
  process.on('SIGINT', () => onInterrupt(hooks, 'SIGINT'));
  process.on('SIGTERM', () => onInterrupt(hooks, 'SIGTERM'));
}

/**
 * Resolves on the next Ctrl-C or SIGTERM, which is then the normal way to stop (a server, demo
 * --keep-running): no notice, no exit 130.
 */
export function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => (stopWaiter = resolve));
}

/** Resets the module's state (tests only). */
export function resetInterruptsForTests(): void {
  controller = new AbortController();
  count = 0;
  stopWaiter = undefined;
}

export type Answer = 'yes' | 'no' | 'aborted';

/**
 * Asks `question [y/N]` on a terminal. Ctrl-C at the prompt (which readline turns into its own
 * SIGINT event rather than a process signal), Ctrl-D, end of input, or an interrupt that came from
 * elsewhere (kill -INT) are all 'aborted'.
 */
export function askYesNo(
  question: string,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
  signal: AbortSignal = interruptSignal(),
): Promise<Answer> {
  if (signal.aborted) return Promise.resolve('aborted');
  const rl = createInterface({ input, output, terminal: (input as { isTTY?: boolean }).isTTY === true });
  return new Promise<Answer>((resolve) => {
    let settled = false;
    const settle = (a: Answer) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (a === 'aborted') output.write('\n');
      rl.close();
      resolve(a);
    };
    const onAbort = () => settle('aborted');
    signal.addEventListener('abort', onAbort);
    rl.on('SIGINT', () => settle('aborted'));
    rl.on('close', () => settle('aborted'));
    rl.question(`${question} [y/N] `, (answer) => settle(/^y(es)?$/i.test(answer.trim()) ? 'yes' : 'no'));
  });
}
