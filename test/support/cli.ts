/**
 * The one way tests run the rootctl CLI.
 *
 * `runCli` runs it in this process: `main(argv, io)` from src/cli/main.ts with the environment a
 * spawned `rootctl` would get (every AWS_* variable and ROOTCTL_DB cleared, then the given ones), stdin
 * not a terminal (a confirmation throws ConfirmationRequired, as in a pipe), and stdout / stderr
 * collected exactly as the process writes them - console output and direct stream writes made during
 * the call included, so a stray warning is still seen. No Node start-up, no dist/ needed.
 *
 * `spawnCli` starts `node dist/cli/bin.js` for the tests where a process boundary is the point (kill -9,
 * SIGSTOP, SIGINT, EPIPE, start-up time); vitest's global setup keeps dist/ fresh (test/support/dist-guard.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { format } from 'node:util';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { RootctlError } from '../../src/core/errors.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const BIN = resolve(import.meta.dirname, '../../dist/cli/bin.js');

/** The environment of a CLI run: this process's, less AWS_* and ROOTCTL_DB, plus `env`. */
export function cliEnv(env: Record<string, string> = {}): Record<string, string> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith('AWS_') && k !== 'ROOTCTL_DB') base[k] = v;
  return { ...base, NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env };
}

/** Starts `node dist/cli/bin.js ...args` without waiting; stdin is closed, stdout and stderr collected. */
export function spawnCli(
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: cliEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((ok, fail) => {
    child.on('error', fail);
    child.on('close', (code, signal) =>
      ok({ code: code ?? (signal === 'SIGKILL' ? 137 : -1), stdout, stderr }),
    );
  });
  return { child, done };
}

/** Runs the built CLI in a new Node process to its end. */
export function runCliProcess(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return spawnCli(args, env).done;
}

/** What is swapped in while in-process runs are under way (they share process.env and the console). */
interface Session {
  active: number;
  envKey: string;
  savedEnv: NodeJS.ProcessEnv;
  restore: () => void;
  sinks: Set<{ out: (t: string) => void; err: (t: string) => void }>;
}
let session: Session | undefined;

/** Routes console.* and direct process.stdout/stderr writes to the active runs' collectors. */
/* eslint-disable no-console -- swapping the console for the duration of a run is the point here */
function captureOutput(sinks: Session['sinks']): () => void {
  const toAll = (stream: 'out' | 'err') => (text: string) => {
    for (const s of sinks) s[stream](text);
  };
  const out = toAll('out');
  const err = toAll('err');
  const line =
    (write: (t: string) => void) =>
    (...parts: unknown[]) =>
      write(`${format(...parts)}\n`);
  const saved = {
    log: console.log,
    info: console.info,
    warn: console.warn,
    error: console.error,
    debug: console.debug,
    stdout: process.stdout.write,
    stderr: process.stderr.write,
  };
  console.log = console.info = line(out);
  console.warn = console.error = console.debug = line(err);
  const text = (chunk: string | Uint8Array) =>
    typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  process.stdout.write = (chunk: string | Uint8Array) => (out(text(chunk)), true);
  process.stderr.write = (chunk: string | Uint8Array) => (err(text(chunk)), true);
  return () => {
    Object.assign(console, {
      log: saved.log,
      info: saved.info,
      warn: saved.warn,
      error: saved.error,
      debug: saved.debug,
    });
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
  };
}
/* eslint-enable no-console */

/**
 * Makes process.env hold exactly `env`, changing the real object in place: a new object would not
 * reach the C environment that os.homedir() and child processes read.
 */
function replaceEnv(env: NodeJS.ProcessEnv): void {
  for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
  for (const [k, v] of Object.entries(env)) if (v !== undefined) process.env[k] = v;
}

function enter(env: Record<string, string>, sink: Session['sinks'] extends Set<infer S> ? S : never): void {
  const full = cliEnv(env);
  const envKey = JSON.stringify(full);
  if (session) {
    // Two runs at once share process.env: they may overlap only with the same environment.
    if (session.envKey !== envKey)
      throw new Error('runCli: concurrent in-process runs need the same environment (use spawnCli)');
    session.active++;
    session.sinks.add(sink);
    return;
  }
  const sinks = new Set([sink]);
  const savedEnv = { ...process.env };
  replaceEnv(full);
  session = { active: 1, envKey, savedEnv, sinks, restore: captureOutput(sinks) };
}

function leave(sink: Session['sinks'] extends Set<infer S> ? S : never): void {
  const s = session!;
  s.sinks.delete(sink);
  if (--s.active > 0) return;
  s.restore();
  replaceEnv(s.savedEnv);
  session = undefined;
}

/**
 * A terminal for an in-process run (default: none, as in a pipe): which streams are terminals, and
 * the answer typed at a prompt (without one a prompt throws ConfirmationRequired).
 */
export interface CliTerminal {
  interactive?: boolean;
  progress?: boolean;
  stdoutTerminal?: boolean;
  answer?: boolean;
}

/** Runs `rootctl ...args` in this process with the environment a spawned one would get (see above). */
export async function runCli(
  args: string[],
  env: Record<string, string> = {},
  terminal: CliTerminal = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const sink = { out: (t: string) => void (stdout += t), err: (t: string) => void (stderr += t) };
  const io: CliIo = {
    // As processIo writes: a newline is added unless the text ends with one.
    out: (t) => sink.out(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => sink.err(t.endsWith('\n') ? t : `${t}\n`),
    interactive: terminal.interactive ?? false,
    progress: terminal.progress ?? false,
    stdoutTerminal: terminal.stdoutTerminal ?? false,
    color: false,
    confirm: () =>
      terminal.answer !== undefined
        ? Promise.resolve(terminal.answer)
        : Promise.reject(
            new RootctlError(
              'ConfirmationRequired',
              'This change needs confirmation and no terminal is attached.',
            ),
          ),
  };
  enter(env, sink);
  try {
    const code = await main(['node', 'rootctl', ...args], io);
    return { code, stdout, stderr };
  } finally {
    leave(sink);
  }
}

/** Runs `rootctl ...args` in this process with this process's environment as it is (AWS_* included). */
export function runInProcess(args: string[]): Promise<CliResult> {
  const ambient: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && (k.startsWith('AWS_') || k === 'ROOTCTL_DB')) ambient[k] = v;
  return runCli(args, ambient);
}
