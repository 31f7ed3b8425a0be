/**
 * vitest setupFiles, run at the start of every test file. The suite runs without a fresh module graph
 * per file (`isolate: false` in vitest.config.ts): each worker imports the AWS SDK, the emulator and
 * the CLI once instead of once per file, which was about a third of the suite's CPU time. What a file
 * changes in the process itself is put back when it ends, so the next file in the same worker starts
 * as it would in a fresh one: the environment (AWS_*, ROOTCTL_*, HOME, ...), the working directory
 * and the exit code.
 */
import { afterAll } from 'vitest';

// The process's own environment object: a file that replaces `process.env` (`process.env = saved`) cuts
// later assignments off from the C environment that os.homedir() and child processes read.
const real = ((globalThis as { rootctlRealEnv?: NodeJS.ProcessEnv }).rootctlRealEnv ??= process.env);
const env = { ...process.env };
const cwd = process.cwd();

afterAll(() => {
  if (process.env !== real) process.env = real;
  for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
  for (const [k, v] of Object.entries(env)) if (process.env[k] !== v) process.env[k] = v;
  if (process.cwd() !== cwd) process.chdir(cwd);
  process.exitCode = undefined;
});
