/**
 * `rootctl remediate` at a terminal: the plan's fresh audit shows the audit command's progress line
 * (redrawn in place on stderr, cleared before the plan is printed); --quiet and a non-terminal show
 * none. The CLI runs in-process with a scripted terminal, against the emulator over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import type { CliIo } from '../src/cli/io.js';
import { fixture, type Fixture } from './remediate-support.js';

function terminal(interactive: boolean) {
  const io = {
    stdout: [] as string[],
    stderr: [] as string[],
    drawn: [] as string[],
    interactive,
    progress: interactive,
    color: false,
    out: (t: string) => void io.stdout.push(t),
    err: (t: string) => void io.stderr.push(t),
    draw: (t: string) => void io.drawn.push(t),
    confirm: async () => false, // "no": nothing is applied
  } satisfies CliIo & Record<string, unknown>;
  return io;
}

describe('remediate planning progress', () => {
  let f: Fixture;
  let saved: NodeJS.ProcessEnv;
  beforeAll(async () => {
    f = await fixture({ accounts: 12, seed: 5 });
    saved = { ...process.env };
    Object.assign(process.env, f.env);
  });
  afterAll(async () => {
    process.env = saved;
    await f.close();
  });
  const plan = (io: CliIo, ...extra: string[]) =>
    main(['node', 'rootctl', 'remediate', '--all', '--concurrency', '2', ...extra], io);

  it('draws the audit progress line on a terminal and clears it before the plan', async () => {
    const io = terminal(true);
    expect(await plan(io)).toBe(0);
    const lines = io.drawn.filter((t) => t.includes('auditing'));
    expect(lines.length).toBeGreaterThan(0);
    // The line is redrawn at most a few times a second, so the last one drawn may predate the end of
    // the organization listing, when the total still carries a '+' (more accounts may follow).
    expect(lines.at(-1)).toMatch(/auditing \d+\/\d+\+? accounts · \d+ errors? · /);
    expect(io.drawn.at(-1)).toBe('\r\u001b[2K'); // cleared
    expect(io.stdout.join('\n')).toContain('Remediation plan for --all');
    expect(io.stderr).toContain('rootctl: not applied; nothing changed.');
  });

  it('is silent with --quiet and when stderr is not a terminal', async () => {
    const quiet = terminal(true);
    expect(await plan(quiet, '--quiet')).toBe(0);
    const piped = terminal(false);
    expect(await plan(piped)).toBe(0);
    for (const io of [quiet, piped]) {
      expect(io.drawn).toEqual([]);
      expect(io.stdout.join('\n')).toContain('Remediation plan for --all');
    }
  });
});
