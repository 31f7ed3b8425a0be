/**
 * The package as a newcomer gets it: `npm pack`, then `npm install <tarball>` into an empty folder
 * (production and optional dependencies), then `npx rootctl --version`, a short `npx rootctl demo`, and
 * the library and emulator entry points by name. Uses the dist/ that `npm test` built (packing with
 * --ignore-scripts, so nothing is rebuilt).
 *
 * better-sqlite3's install script runs as it does for a newcomer: `prebuild-install || node-gyp
 * rebuild`. A newcomer's prebuild-install downloads the prebuilt binary; this machine reaches no
 * download host, so it would compile SQLite instead (a minute or two of both cores). The test hands
 * prebuild-install the binary this checkout already built, as a local prebuild of the same version,
 * Node ABI and platform (its documented `local-prebuilds` option), so the newcomer's path runs.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const run = promisify(execFile);

/**
 * The repository's own better-sqlite3 binary packed as prebuild-install names a prebuilt one
 * (`<name>-v<version>-node-v<abi>-<platform>-<arch>.tar.gz`), in `dir`; returns the environment that
 * points prebuild-install at it, or {} (it compiles then) when there is none or the libc is not glibc.
 */
async function localPrebuild(dir: string): Promise<NodeJS.ProcessEnv> {
  const mod = join(root, 'node_modules/better-sqlite3');
  const binary = join(mod, 'build/Release/better_sqlite3.node');
  const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
  if (!existsSync(binary) || !report.header?.glibcVersionRuntime) return {};
  const { version } = JSON.parse(readFileSync(join(mod, 'package.json'), 'utf8')) as { version: string };
  const abi = `node-v${process.versions.modules}-${process.platform}-${process.arch}`;
  await run('tar', [
    '-czf',
    join(dir, `better-sqlite3-v${version}-${abi}.tar.gz`),
    '-C',
    mod,
    'build/Release/better_sqlite3.node',
  ]);
  return { npm_config_better_sqlite3_local_prebuilds: dir };
}
const INSTALL_MS = 540_000;

let work: string;
let tarball: string;
let files: string[];

/** Runs a command to the end, whatever its exit code. */
function sh(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

beforeAll(async () => {
  if (!existsSync(join(root, 'dist/cli/bin.js')))
    throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
  work = mkdtempSync(join(tmpdir(), 'rootctl-pack-'));
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  const packed = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, packed[0]!.filename);
  files = packed[0]!.files.map((f) => f.path);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed files', () => {
  it('hold the CLI, the library with its types, the docs and the examples - and no tests or sources', () => {
    for (const f of [
      'dist/cli/bin.js',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/emulator/index.js',
      'README.md',
      'examples/lambda-audit.mjs',
      'docs/generated/commands.md',
    ]) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /\.test\.|^src\/|^test\/|^dist\/docs\//.test(f))).toEqual([]);
  });

  it('import only Node built-ins and production dependencies', () => {
    const bare = new Set<string>();
    for (const f of files.filter((x) => x.startsWith('dist/') && x.endsWith('.js'))) {
      const text = readFileSync(join(root, f), 'utf8');
      for (const m of text.matchAll(/(?:from\s+|import\(\s*)['"]([^'"./][^'"]*)['"]/g)) {
        const spec = m[1]!;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (!spec.startsWith('node:') && !builtinModules.includes(name) && name !== 'rootctl') bare.add(name);
      }
    }
    const undeclared = [...bare].filter((n) => !(n in pkg.dependencies));
    expect(undeclared, 'imported by dist/ but not in "dependencies"').toEqual([]);
  });
});

describe('installed from the tarball into an empty folder', () => {
  let app: string;

  beforeAll(async () => {
    app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'try-rootctl', private: true, type: 'module' }),
    );
    const prebuilds = join(work, 'prebuilds');
    mkdirSync(prebuilds);
    const env = await localPrebuild(prebuilds);
    const r = await sh('npm', ['install', '--no-audit', '--no-fund', '--omit=dev', tarball], app, env);
    if (r.code !== 0) throw new Error(`npm install failed (${r.code}):\n${r.stderr.slice(-4000)}`);
  }, INSTALL_MS);

  it('installs no dev dependency and runs no build step of its own', () => {
    for (const dev of Object.keys(pkg.devDependencies))
      expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    const installed = JSON.parse(readFileSync(join(app, 'node_modules/rootctl/package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    };
    for (const s of ['preinstall', 'install', 'postinstall', 'prepare'])
      expect(installed.scripts?.[s], s).toBeUndefined();
    // The optional SQLite driver is in place (from the prebuild or, failing that, compiled).
    expect(existsSync(join(app, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
  });

  it('npx rootctl --version prints the version', async () => {
    const r = await sh('npx', ['--no', '--', 'rootctl', '--version'], app);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('npx rootctl demo --accounts 12 tells the whole story and exits 0', async () => {
    const r = await sh(
      'npx',
      ['--no', '--', 'rootctl', 'demo', '--accounts', '12', '--dir', join(work, 'demo')],
      app,
    );
    expect(r.stderr.match(/rootctl: \w+: .*/g) ?? [], r.stdout.slice(-3000)).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('$ rootctl doctor --profile management');
    expect(r.stdout).toContain('DenyRootUser');
    expect(r.stdout).not.toContain('(skipped');
    expect(existsSync(join(work, 'demo', 'audit-report.html'))).toBe(true);
  }, 180_000);

  it("imports the library and the emulator by the package's name, and runs the Lambda example", async () => {
    const script = `
      import * as lib from 'rootctl';
      import { startEmulator, generateScenario } from 'rootctl/emulator';
      const missing = ['audit', 'planRemediation', 'applyPlan', 'doctor', 'setup', 'listAudits', 'showAudit', 'diffHistory', 'renderDiff', 'activity', 'buildEvidence', 'listJournalRuns', 'showJournalRun'].filter((n) => typeof lib[n] !== 'function');
      if (missing.length) throw new Error('missing exports: ' + missing);
      const scenario = generateScenario({ accounts: 8, seed: 2, state: 'configured' });
      const emu = await startEmulator(scenario);
      const p = scenario.principals.find((x) => x.profile === 'security');
      Object.assign(process.env, { AWS_ACCESS_KEY_ID: p.accessKeyId, AWS_SECRET_ACCESS_KEY: p.secretAccessKey, AWS_SESSION_TOKEN: p.sessionToken, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: emu.url });
      const { handler } = await import('./node_modules/rootctl/examples/lambda-audit.mjs');
      const out = await handler({});
      await emu.close();
      process.stdout.write(JSON.stringify({ total: out.summary.total, accounts: scenario.accounts.length }));
    `;
    const r = await sh(process.execPath, ['--input-type=module', '-e', script], app);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { total: number; accounts: number };
    expect(out.total).toBe(out.accounts);
  }, 60_000);
});
