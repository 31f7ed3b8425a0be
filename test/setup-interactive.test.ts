/**
 * `rootctl setup` at a terminal: the CLI runs in-process with a scripted terminal (CliIo) that answers
 * the confirmation prompt, against the emulator over real HTTP. A "no" changes nothing; a "yes" applies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import type { CliIo } from '../src/cli/io.js';
import { IAM, expectUnchanged, startOrg, type Org } from './doctor-support.js';

function terminal(answer: boolean): CliIo & { stdout: string[]; stderr: string[]; asked: string[] } {
  const io = {
    stdout: [] as string[],
    stderr: [] as string[],
    asked: [] as string[],
    interactive: true,
    progress: true,
    color: false,
    out: (t: string) => void io.stdout.push(t),
    err: (t: string) => void io.stderr.push(t),
    confirm: async (q: string) => {
      io.asked.push(q);
      return answer;
    },
  };
  return io;
}

describe('setup with an interactive confirmation', () => {
  let org: Org;
  let saved: NodeJS.ProcessEnv;
  beforeAll(async () => {
    org = await startOrg({ seed: 5 });
    saved = { ...process.env };
    Object.assign(process.env, org.env);
  });
  afterAll(async () => {
    process.env = saved;
    await org.close();
  });
  const argv = (...args: string[]) => [
    'node',
    'rootctl',
    'setup',
    ...args,
    '--profile',
    'management',
    '--endpoint-url',
    org.url,
  ];

  it('asks, and changes nothing when the answer is no', async () => {
    const before = await org.state();
    const io = terminal(false);
    const code = await main(argv('--delegated-admin', org.accountId('Security')), io);
    expect(code).toBe(0);
    expect(io.asked).toEqual([`Apply 4 steps to organization ${before.organization!.id}?`]);
    expect(io.stderr).toContain('rootctl: not applied; nothing changed.');
    expectUnchanged(before, await org.state());
  });

  it('applies when the answer is yes, with JSON output holding the plan, the steps and the new doctor report', async () => {
    const io = terminal(true);
    const code = await main(argv('--delegated-admin', org.accountId('Security'), '--output', 'json'), io);
    expect(code).toBe(0);
    expect(io.asked).toHaveLength(1);
    expect(io.stdout).toHaveLength(1); // exactly one JSON document on stdout
    const out = JSON.parse(io.stdout[0]!);
    expect(out).toMatchObject({
      schemaVersion: 1,
      kind: 'rootctl.setup-result',
      mode: 'setup',
      plan: { kind: 'rootctl.setup-plan' },
      doctor: { verdict: 'ready' },
    });
    expect(out.steps).toHaveLength(4);
    const state = await org.state();
    expect(state.delegatedAdministrators).toEqual([
      expect.objectContaining({ accountId: org.accountId('Security'), servicePrincipal: IAM }),
    ]);
  });
});
