import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

/**
 * Runs the CLI in this process (for checks that need no server and no new Node process), with a
 * non-interactive terminal that answers "no"; stdout and stderr are collected a line per output call.
 */
export async function runInProcess(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (t) => void (stdout += `${t}\n`),
    err: (t) => void (stderr += `${t}\n`),
    interactive: false,
    progress: false,
    color: false,
    confirm: () => Promise.resolve(false),
  };
  const code = await main(['node', 'rootctl', ...args], io);
  return { code, stdout, stderr };
}
