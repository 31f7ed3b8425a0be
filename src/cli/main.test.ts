import { describe, expect, it } from 'vitest';
import { runCli as runInProcess } from '../../test/support/cli.js';
import { VERSION } from '../version.js';

/** The CLI's exit code and output lines (one per line printed; none for no output). */
async function run(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const r = await runInProcess(args);
  const lines = (text: string) => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));
  return { code: r.code, out: lines(r.stdout), err: lines(r.stderr) };
}

describe('command-line errors', () => {
  it('prints an unknown command as a UsageError with the suggestion on the same line (exit 2)', async () => {
    expect(await run('audti')).toEqual({
      code: 2,
      out: [],
      err: [
        "rootctl: UsageError: unknown command 'audti' (did you mean audit?)",
        '  hint: Run `rootctl --help` for the commands.',
      ],
    });
  });

  it("points the hint at the subcommand's own help", async () => {
    const r = await run('guardrails', 'operator-policy', '--bogus');
    expect(r.code).toBe(2);
    expect(r.err).toEqual([
      "rootctl: UsageError: unknown option '--bogus'",
      '  hint: Run `rootctl guardrails operator-policy --help` for its options and examples.',
    ]);
    const missing = await run('exception', 'open', '--task', 'password-recovery');
    expect(missing.err[0]).toBe("rootctl: UsageError: required option '--account <id>' not specified");
    expect(missing.err[1]).toContain('rootctl exception open --help');
  });

  it('shows the help on stderr with exit 2 when no command is given, and no error line', async () => {
    const r = await run();
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/^Usage: rootctl/);
    expect(r.err.some((l) => l.startsWith('rootctl: '))).toBe(false);
  });

  it('answers --version and --help with exit 0', async () => {
    expect(await run('--version')).toEqual({ code: 0, out: [VERSION], err: [] });
    const help = await run('audit', '--help');
    expect(help.code).toBe(0);
    expect(help.out[0]).toMatch(/^Usage: rootctl audit/);
  });
});
