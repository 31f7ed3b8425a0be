/**
 * The built CLI in a pseudo-terminal (python3's pty module, via pty-run.py): what a person at a
 * terminal sees and types. `waitFor` waits for text on the screen (never a fixed sleep), `type` sends
 * keys: '\x03' is Ctrl-C (the terminal turns it into SIGINT, or readline reads it in raw mode), '\x04'
 * is Ctrl-D.
 */
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../dist/cli/bin.js');
const RUNNER = resolve(import.meta.dirname, 'pty-run.py');

export interface PtySession {
  type(keys: string): void;
  /** Resolves with the screen so far once `pattern` appears on it. */
  waitFor(pattern: RegExp): Promise<string>;
  readonly screen: string;
  done: Promise<{ code: number; screen: string }>;
}

export function ptyAvailable(): boolean {
  return spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status === 0;
}

/** Strips terminal escapes (progress redraws) and carriage returns. */
export function plain(screen: string): string {
  // eslint-disable-next-line no-control-regex
  return screen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}

export function startInPty(args: string[], env: Record<string, string | undefined>): PtySession {
  const child = spawn('python3', [RUNNER, process.execPath, BIN, ...args], {
    env: { ...env, TERM: 'xterm', COLUMNS: '200' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let screen = '';
  const waiters: { pattern: RegExp; resolve: (s: string) => void }[] = [];
  const check = () => {
    const text = plain(screen);
    for (const w of [...waiters])
      if (w.pattern.test(text)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(text);
      }
  };
  child.stdout.on('data', (d: Buffer) => {
    screen += d.toString();
    check();
  });
  const done = new Promise<{ code: number; screen: string }>((ok, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      const text = plain(screen);
      for (const w of waiters) w.resolve(`(exited before ${w.pattern} appeared)\n${text}`);
      ok({ code: code ?? -1, screen: text });
    });
  });
  return {
    type: (keys) => void child.stdin.write(keys),
    waitFor: (pattern) =>
      new Promise((ok) => {
        waiters.push({ pattern, resolve: ok });
        check();
      }),
    get screen() {
      return plain(screen);
    },
    done,
  };
}
