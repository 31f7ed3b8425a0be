/**
 * `rootctl demo` end to end, as a newcomer runs it: the built CLI in its own process, which must exit
 * by itself with 0 (nothing left running). ROOTCTL_DEMO_STATE makes the demo write its facts and the
 * emulator's final state to a file; the story is checked against that ground truth and against the
 * same organization generated here: the SCP is named, the remediated OU is clean, the HTML report
 * renders in headless Chromium, and every AWS call of every step is in the permissions reference.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateScenario } from '../src/emulator/scenario/generate.js';
import { permissionsFor } from '../src/cli/permissions.js';
import { resolvePermissions } from '../src/docs/permissions-doc.js';
import { readPortDocs } from '../src/docs/ports-doc.js';
import { chromiumAvailable, launchChromium } from './helpers/chromium.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ACCOUNTS = 30;
const SEED = 4;

interface DemoState {
  endpoint: string;
  reportPath: string;
  blockingScp: { id: string; name: string; targets: { id: string; name: string }[] };
  remediatedOu: { id: string; name: string; withCredentials: string[] };
  steps: {
    id: string;
    argv: string[];
    skipped: boolean;
    exitCode: number | null;
    operations: Record<string, number>;
  }[];
  state: {
    ous: { id: string; parentId: string }[];
    accounts: {
      id: string;
      status: string;
      parentId: string;
      root: {
        password: boolean;
        accessKeys: unknown[];
        signingCertificates: unknown[];
        mfaDevices: unknown[];
      };
    }[];
  };
}

/** The test's environment less NO_COLOR/FORCE_COLOR (vitest sets NO_COLOR for every test). */
function withoutColorEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return env;
}

let dir: string;
let stdout = '';
let stderr = '';
let code: number | null = null;
let facts: DemoState;

beforeAll(async () => {
  if (!existsSync(join(root, 'dist/cli/bin.js')))
    throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
  dir = mkdtempSync(join(tmpdir(), 'rootctl-demo-test-'));
  const child = spawn(
    process.execPath,
    [
      join(root, 'dist/cli/bin.js'),
      'demo',
      '--accounts',
      String(ACCOUNTS),
      '--seed',
      String(SEED),
      '--dir',
      join(dir, 'run'),
    ],
    {
      // No NO_COLOR here: output to a pipe must be plain on its own.
      env: { ...withoutColorEnv(), ROOTCTL_DEMO_STATE: join(dir, 'state.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // The process must end by itself: a socket, timer or server left open would keep it alive.
  const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
  code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  facts = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as DemoState;
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What one step printed: from its command line to the next step's. */
function stepOutput(id: string): string {
  const i = facts.steps.findIndex((s) => s.id === id);
  const line = (k: number) => `$ rootctl ${facts.steps[k]!.argv.join(' ')}`;
  const start = stdout.indexOf(line(i));
  const end = i + 1 < facts.steps.length ? stdout.indexOf(line(i + 1), start) : stdout.length;
  expect(start, id).toBeGreaterThanOrEqual(0);
  return stdout.slice(start, end);
}

describe('rootctl demo', () => {
  it('runs every step for real and exits 0 by itself', () => {
    expect(stderr.match(/^rootctl: [A-Z]\w+: .*$/gm) ?? []).toEqual([]);
    expect(code).toBe(0);
    expect(facts.steps.map((s) => s.id)).toEqual([
      'doctor-before',
      'setup-plan',
      'setup-apply',
      'doctor-after',
      'audit',
      'report',
      'remediate-plan',
      'remediate-apply',
      're-audit',
      'activity',
    ]);
    expect(facts.steps.filter((s) => s.skipped)).toEqual([]);
    expect(facts.steps.find((s) => s.id === 'doctor-before')?.exitCode).toBe(1);
  });

  it('writes plain text, no colour codes, when its output is not a terminal', () => {
    expect(stdout.includes('\u001b[')).toBe(false);
    expect(stderr.includes('\u001b[')).toBe(false);
  });

  it('prints each command line before its output', () => {
    let at = 0;
    for (const s of facts.steps) {
      const line = `$ rootctl ${s.argv.join(' ')}`;
      const i = stdout.indexOf(line, at);
      expect(i, line).toBeGreaterThanOrEqual(at);
      at = i + line.length;
    }
    expect(stdout).toContain('$ rootctl doctor --profile management');
  });

  it('names the blocking SCP: doctor, and the audit for each account it blocks', () => {
    const scp = generateScenario({ accounts: ACCOUNTS, seed: SEED, blockingScp: true }).policies.find(
      (p) => p.name === 'DenyRootUser',
    )!;
    expect(facts.blockingScp.id).toBe(scp.id);
    expect(stdout).toContain(`SCP ${scp.name} (${scp.id}) denies root sessions`);
    expect(stdout).toContain(`blocked by SCP ${scp.id} (${scp.name})`);
    // After setup, doctor (from the delegated admin) is ready and still names the SCP as a warning.
    const after = stepOutput('doctor-after');
    expect(facts.steps.find((s) => s.id === 'doctor-after')?.exitCode).toBe(0);
    expect(after).toContain('Verdict: READY');
    expect(after).toContain(`SCP ${scp.name} (${scp.id}) denies root sessions`);
  });

  it('shows the change in the re-audit: the remediated OU\'s accounts under "Remediated"', () => {
    const diff = stepOutput('re-audit');
    const n = facts.remediatedOu.withCredentials.length;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(diff).toContain(`Remediated (${n})`);
    for (const id of facts.remediatedOu.withCredentials) expect(diff).toContain(id);
    expect(diff).not.toContain('Regained root credentials');
  });

  it("leaves the remediated OU clean in the emulator's state, and only that OU changed", () => {
    const before = generateScenario({ accounts: ACCOUNTS, seed: SEED, blockingScp: true });
    const ou = facts.remediatedOu;
    const under = new Set([ou.id]);
    for (let grew = true; grew;) {
      grew = false;
      for (const o of facts.state.ous) {
        if (under.has(o.parentId) && !under.has(o.id)) {
          under.add(o.id);
          grew = true;
        }
      }
    }
    const inOu = facts.state.accounts.filter((a) => under.has(a.parentId) && a.status === 'ACTIVE');
    const has = (r: DemoState['state']['accounts'][number]['root']) =>
      r.password || r.accessKeys.length + r.signingCertificates.length + r.mfaDevices.length > 0;
    const hadBefore = (id: string) => {
      const r = before.accounts.find((a) => a.id === id)!.root;
      return (
        r.password !== null || r.accessKeys.length + r.signingCertificates.length + r.mfaDevices.length > 0
      );
    };
    expect(inOu.filter((a) => hadBefore(a.id)).length).toBeGreaterThanOrEqual(2);
    expect(inOu.filter((a) => has(a.root)).map((a) => a.id)).toEqual([]);
    const changedElsewhere = facts.state.accounts.filter(
      (a) => !under.has(a.parentId) && hadBefore(a.id) !== has(a.root),
    );
    expect(changedElsewhere.map((a) => a.id)).toEqual([]);
  });

  it('makes only AWS calls the permissions reference lists for each command', () => {
    const ports = readPortDocs(join(root, 'src/core/ports.ts'));
    for (const s of facts.steps) {
      const p = resolvePermissions(permissionsFor(s.argv[0]!)!, ports);
      const allowed = new Set([...p.caller, ...p.rootSession.flatMap((r) => r.actions)]);
      const unlisted = Object.keys(s.operations).filter((op) => !allowed.has(op));
      expect(unlisted, `rootctl ${s.argv.join(' ')}: add to src/cli/permissions.ts`).toEqual([]);
    }
  });

  it.skipIf(!chromiumAvailable())('writes an HTML report that renders in headless Chromium', async () => {
    expect(stdout).toContain(`HTML report: ${facts.reportPath}`);
    const chrome = await launchChromium();
    try {
      const page = await chrome.browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
      await page.goto(pathToFileURL(facts.reportPath).href, { waitUntil: 'load' });
      const rows = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('.a')).map((el) => ({
          id: el.dataset.id!,
          s: el.dataset.s!,
        })),
      );
      expect(problems).toEqual([]);
      expect(rows.map((r) => r.id).sort()).toEqual(facts.state.accounts.map((a) => a.id).sort());
      // The report is of the first audit: the OU's accounts still had credentials then; the SCP's were errors.
      const status = new Map(rows.map((r) => [r.id, r.s]));
      for (const id of facts.remediatedOu.withCredentials) expect(status.get(id), id).toBe('non_compliant');
      const legacy = facts.blockingScp.targets[0]!.id;
      for (const a of facts.state.accounts.filter((x) => x.parentId === legacy && x.status === 'ACTIVE'))
        expect(status.get(a.id), a.id).toBe('error');
    } finally {
      await chrome.close();
    }
  });
});

describe('rootctl demo --keep-running', () => {
  it('leaves the emulator up with the lines to use it, until Ctrl-C', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'rootctl-demo-keep-'));
    const child = spawn(
      process.execPath,
      [join(root, 'dist/cli/bin.js'), 'demo', '--accounts', '10', '--dir', runDir, '--keep-running'],
      {
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no "Press Ctrl-C" line:\n${out.slice(-2000)}`)),
        120_000,
      );
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Press Ctrl-C')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    try {
      const url = /keeps running at (http:\/\/\S+)\./.exec(out)?.[1];
      expect(url).toBeDefined();
      expect(out).toContain(`export AWS_CONFIG_FILE=${join(runDir, 'aws/config')}`);
      expect(out).toContain(`export AWS_SHARED_CREDENTIALS_FILE=${join(runDir, 'aws/credentials')}`);
      expect(out).toContain('export AWS_PROFILE=security');
      // Still serving after the story, and the printed lines work as printed: rootctl with them.
      const health = (await (await fetch(`${url!}/_emulator/health`)).json()) as { ok: boolean };
      expect(health.ok).toBe(true);
      const exported = Object.fromEntries(
        [...out.matchAll(/^ {2}export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!.replace(/^'(.*)'$/, '$1')]),
      );
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
      const doctor = spawnSync(process.execPath, [join(root, 'dist/cli/bin.js'), 'doctor', '-o', 'json'], {
        env: { ...env, ...exported, NO_COLOR: '1' },
        encoding: 'utf8',
      });
      expect(doctor.status, doctor.stderr).toBe(0);
      expect((JSON.parse(doctor.stdout) as { caller: { role: string } }).caller.role).toBe('delegated-admin');
    } finally {
      child.kill('SIGINT');
    }
    // Ctrl-C is the way to stop it here, not an interruption: exit 0, no "interrupted" line.
    expect(await closed).toBe(0);
    expect(out).toContain('Stopping the emulator.');
    expect(err).not.toContain('interrupted');
    rmSync(runDir, { recursive: true, force: true });
  }, 150_000);
});
