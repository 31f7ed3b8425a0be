/**
 * Plans at scale (issue 15): on a terminal a plan longer than a page (PLAN_PAGE_LINES) is shown as its
 * summary, with a line saying how to see the rest; --show-plan prints every step; a file or a pipe
 * gets every step; --out writes the plan as JSON to a new 0600 file and never over an existing one.
 * The CLI runs in-process (test/support/cli.ts) against the emulator; dry runs change nothing.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlanJson } from '../src/core/plan/schema.js';
import { PLAN_PAGE_LINES, planStepLines } from '../src/core/plan/summary.js';
import type { Plan } from '../src/core/plan/types.js';
import { runCli, type CliTerminal } from './support/cli.js';
import { fixture, type Fixture } from './remediate-support.js';

/** A person at a terminal who answers "no" at the prompt. */
const TERMINAL: CliTerminal = { interactive: true, progress: false, stdoutTerminal: true, answer: false };
const FOOTER = /This is a summary of a plan of (\d+) lines: --show-plan prints every step/;

describe('remediate plans longer than a page', () => {
  let f: Fixture;
  let plan: Plan;
  const run = (args: string[], terminal: CliTerminal = {}) => runCli(args, f.env, terminal);
  beforeAll(async () => {
    f = await fixture({ accounts: 90, seed: 5 });
    const r = await run(['remediate', '--all', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    plan = parsePlanJson(r.stdout);
  });
  afterAll(() => f.close());

  it('the organization plan is over a page (the premise of the tests below)', () => {
    expect(planStepLines(plan)).toBeGreaterThan(PLAN_PAGE_LINES);
    expect(plan.totals.heldBack).toBeGreaterThan(0);
  });

  it('on a terminal: the summary by OU and credential type, held-back keys, and how to see the rest', async () => {
    const before = await f.state();
    const r = await run(['remediate', '--all'], TERMINAL);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('rootctl: not applied; nothing changed.');
    const out = r.stdout;
    expect(out).toContain(
      `Deletes ${plan.totals.deletions} root credentials in ${plan.totals.accountsToChange} accounts`,
    );
    expect(out).toMatch(FOOTER);
    expect(Number(FOOTER.exec(out)![1])).toBe(planStepLines(plan));
    expect(out).toContain('--out plan.json saves the plan as JSON');
    // No step rows: the step table's header and its actions are not printed.
    expect(out).not.toMatch(/^ACCOUNT\s+NAME\s+OU\s+ACTION/m);
    expect(out).not.toMatch(/DeleteLoginProfile|DeleteAccessKey/);
    expect(out.split('\n').length).toBeLessThan(planStepLines(plan));
    // Every OU row agrees with the plan: accounts to change, deletions, held back, not touched.
    const ous = new Map<string, number[]>();
    const row = (p: string) => ous.get(p) ?? (ous.set(p, [0, 0, 0, 0]), ous.get(p)!);
    for (const a of plan.accounts) {
      const n = row(a.ouPath);
      n[0]! += a.deletions.length ? 1 : 0;
      n[1]! += a.deletions.length;
      n[2]! += a.heldBack.length;
    }
    for (const u of plan.untouched) row(u.ouPath)[3]! += 1;
    expect(out).toContain(`By OU (${ous.size}):`);
    const lines = out.split('\n');
    const start = lines.indexOf(`By OU (${ous.size}):`) + 2; // after the title and the header
    const rows = lines.slice(start, lines.indexOf('', start)).filter((l) => !l.includes('... and'));
    expect(rows.length).toBe(Math.min(ous.size, 10));
    for (const l of rows) {
      const [path, ...n] = l.trim().split(/\s{2,}/);
      expect(n.map(Number), path).toEqual(ous.get(path!));
    }
    const accountsHeld = plan.accounts.filter((a) => a.heldBack.length).length;
    expect(out).toContain(
      `Recently used access keys held back: ${plan.totals.heldBack} keys in ${accountsHeld} account`,
    );
    expect(out).toMatch(new RegExp(`password\\s+${plan.totals.byKind.password}\\b`));
    expect((await f.state()).accounts).toEqual(before.accounts);
  });

  it('--show-plan prints every step on a terminal; a pipe gets every step without it', async () => {
    for (const [args, terminal] of [
      [['remediate', '--all', '--show-plan'], TERMINAL],
      [['remediate', '--all'], {}],
    ] as const) {
      const r = await run([...args], terminal);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^ACCOUNT\s+NAME\s+OU\s+ACTION/m);
      expect(r.stdout).not.toMatch(FOOTER);
      for (const a of plan.accounts) expect(r.stdout).toMatch(new RegExp(`^${a.accountId}\\s`, 'm'));
    }
  });

  it('a plan within a page prints every step on a terminal, as before', async () => {
    const small = plan.accounts.slice(0, 2).map((a) => a.accountId);
    const r = await run(['remediate', '--accounts', small.join(',')], TERMINAL);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ACCOUNT\s+NAME\s+OU\s+ACTION/m);
    expect(r.stdout).not.toMatch(FOOTER);
  });

  it('--out writes the plan as JSON to a new 0600 file: the document --output json prints', async () => {
    const file = join(f.dir, 'plan.json');
    const r = await run(['remediate', '--all', '--output', 'json', '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(`${r.stdout.trimEnd()}\n`);
    const written = parsePlanJson(readFileSync(file, 'utf8'));
    expect(written.accounts).toEqual(plan.accounts);
    // On a terminal the summary names the file instead of suggesting one.
    const file2 = join(f.dir, 'plan2.json');
    const t = await run(['remediate', '--all', '--out', file2], TERMINAL);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain(`the whole plan (JSON) is in ${file2}`);
    expect(parsePlanJson(readFileSync(file2, 'utf8')).totals).toEqual(plan.totals);
  });

  it('--out never overwrites: an existing file is refused (exit 2) before anything is audited', async () => {
    const file = join(f.dir, 'existing.json');
    writeFileSync(file, 'keep me');
    const calls = async () =>
      ((await (await fetch(`${f.emu.url}/_emulator/stats`)).json()) as { calls: Record<string, number> })
        .calls['sts:AssumeRoot'] ?? 0;
    const sessions = await calls();
    const r = await run(['remediate', '--all', '--out', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rootctl: OutputExists: --out .*existing\.json already exists/m);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    expect(await calls()).toBe(sessions);
    const missing = join(f.dir, 'no-such-folder', 'plan.json');
    const m = await run(['remediate', '--all', '--out', missing]);
    expect(m.code).toBe(2);
    expect(existsSync(missing)).toBe(false);
  });
});
