/**
 * Shared by the benchmarks (bench-audit.mjs, bench-remediate.mjs): the emulator in a child process
 * (so its CPU is not counted as rootctl's), the real rootctl CLI in another child reporting its own
 * resource usage, organization shapes, and the baseline users have: a loop of AWS CLI calls, one
 * account after another, measured on a small sample in the same run and extrapolated per call.
 *
 * Run as a child: `node bench-common.mjs --emulator-child <json>` or `--cli-child <rootctl args...>`.
 */
import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
const SELF = fileURLToPath(import.meta.url);

/** `--accounts 2000 --shape giant-ou` -> { accounts: 2000, shape: 'giant-ou' } over the defaults. */
export function parseArgs(argv, defaults, usage) {
  const o = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!(key in o)) throw new Error(`unknown option ${argv[i]} (see the header of ${usage})`);
    const v = argv[++i];
    o[key] = typeof defaults[key] === 'string' ? v : Number(v);
  }
  return o;
}

/**
 * `giant-ou`: every account that can move (not the management account, the Security OU, the Legacy
 * OU under a blocking SCP, or suspended ones) goes to Workloads/Prod until it holds 90% of them.
 */
function reshape(scenario, shape) {
  if (shape === 'spread') return;
  if (shape !== 'giant-ou') throw new Error(`--shape ${shape}: use spread or giant-ou`);
  const prod = scenario.ous.find((o) => o.name === 'Prod').id;
  const fixed = new Set(
    scenario.ous.filter((o) => ['Security', 'Legacy', 'Suspended'].includes(o.name)).map((o) => o.id),
  );
  const target = Math.floor(scenario.accounts.length * 0.9);
  let inProd = scenario.accounts.filter((a) => a.parentId === prod).length;
  for (const a of scenario.accounts) {
    if (inProd >= target) break;
    if (a.parentId === prod || fixed.has(a.parentId) || a.id === scenario.organization.managementAccountId)
      continue;
    a.parentId = prod;
    inProd++;
  }
}

async function emulatorChild(opts) {
  const { startEmulator } = await import(join(DIST, 'emulator/index.js'));
  const { generateScenario } = await import(join(DIST, 'emulator/scenario/generate.js'));
  const { writeProfiles } = await import(join(DIST, 'emulator/scenario/profiles.js'));
  const { DEFAULT_RATES } = await import(join(DIST, 'emulator/limits.js'));
  const scenario = generateScenario({
    accounts: opts.accounts,
    seed: opts.seed,
    state: 'configured',
    blockingScp: Boolean(opts.blockingScp),
  });
  reshape(scenario, opts.shape ?? 'spread');
  const emu = await startEmulator(scenario, {
    knobs: {
      latencyMs: opts.latency,
      jitter: opts.jitter,
      seed: opts.seed,
      rates: {
        operations: { ...DEFAULT_RATES.operations, AssumeRoot: opts.assumeRootRate },
        defaultPerSecond: DEFAULT_RATES.defaultPerSecond,
      },
    },
  });
  const files = writeProfiles(scenario, opts.dir, emu.url);
  const mgmt = scenario.organization.managementAccountId;
  const active = scenario.accounts.filter((a) => a.status === 'ACTIVE' && a.id !== mgmt);
  const denyTargets = new Set(
    scenario.policies.filter((p) => p.name === 'DenyRootUser').flatMap((p) => p.targets),
  );
  const parentOf = new Map([...scenario.ous, ...scenario.accounts].map((x) => [x.id, x.parentId]));
  const blocked = (id) => {
    for (let t = id; t !== undefined; t = parentOf.get(t)) if (denyTargets.has(t)) return true;
    return false;
  };
  const sizes = new Map();
  for (const a of scenario.accounts) sizes.set(a.parentId, (sizes.get(a.parentId) ?? 0) + 1);
  const info = {
    url: emu.url,
    files,
    region: scenario.region,
    total: scenario.accounts.length,
    toAudit: active.length,
    blocked: active.filter((a) => blocked(a.id)).length,
    largestOu: Math.max(...sizes.values()),
    sample: active
      .filter((a) => !blocked(a.id))
      .slice(0, opts.sample)
      .map((a) => a.id),
    security: scenario.principals.find((p) => p.profile === 'security'),
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void emu.close().then(() => process.exit(0)));
}

async function cliChild(args) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    process.stderr.write(
      `\nBENCH_RUSAGE ${JSON.stringify({ userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000, maxRssKb: u.maxRSS })}\n`,
    );
  });
  process.argv = [process.argv[0], join(DIST, 'cli/bin.js'), ...args];
  await import(join(DIST, 'cli/bin.js'));
}

/** Starts the emulator child; resolves with what it reports (see emulatorChild) and a stop(). */
export async function startEmulatorChild(opts) {
  const emu = spawn(process.execPath, [SELF, '--emulator-child', JSON.stringify(opts)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const info = await new Promise((ok, fail) => {
    createInterface({ input: emu.stdout }).once('line', (l) => ok(JSON.parse(l)));
    emu.on('exit', (c) => fail(new Error(`emulator exited with ${c}`)));
  });
  return { info, stop: () => emu.stdin.end() };
}

/** The environment the CLI children run in: the scenario's profiles, nothing from the user's shell. */
export function cliEnv(info, extra = {}) {
  const env = {
    ...process.env,
    AWS_CONFIG_FILE: info.files.configFile,
    AWS_SHARED_CREDENTIALS_FILE: info.files.credentialsFile,
    AWS_REGION: info.region,
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_COLOR: '1',
    ...extra,
  };
  for (const k of [
    'AWS_PROFILE',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_ENDPOINT_URL',
  ])
    if (!(k in extra)) delete env[k];
  return env;
}

/**
 * Runs `rootctl <args>` in a child process. Resolves with its exit code, stdout, wall seconds, resource
 * usage and the time (s from start) each stderr line arrived.
 */
export function runRootctl(args, env) {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const t0 = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...nodeArgs, SELF, '--cli-child', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let rusage;
    const lines = [];
    child.stdout.on('data', (d) => (stdout += d));
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (line.startsWith('BENCH_RUSAGE ')) rusage = JSON.parse(line.slice(13));
      else if (line.trim()) lines.push({ at: (performance.now() - t0) / 1000, line });
    });
    child.on('error', fail);
    child.on('close', (code) =>
      done({ code, stdout, wallS: (performance.now() - t0) / 1000, rusage, lines }),
    );
  });
}

/**
 * The loop users write with the AWS CLI, one account after another: `aws sts assume-root`, the
 * session exported, then the five reads of an audit (`aws iam get-account-summary`,
 * `get-login-profile`, `list-access-keys`, `list-signing-certificates`, `list-mfa-devices`). Returns
 * seconds per account and per `aws` invocation (for extrapolating loops of other calls).
 */
export async function awsCliLoop(info, sampleIds) {
  const env = cliEnv(info, { AWS_PROFILE: 'security' });
  const aws = async (args, extraEnv = {}) => {
    try {
      const merged = Object.fromEntries(
        Object.entries({ ...env, ...extraEnv }).filter(([, v]) => v !== undefined),
      );
      const r = await exec('aws', [...args, '--endpoint-url', info.url, '--output', 'json'], {
        env: merged,
        encoding: 'utf8',
        timeout: 60_000,
      });
      return JSON.parse(r.stdout || '{}');
    } catch (e) {
      // get-login-profile of a root user without a password exits 254 (NoSuchEntity): part of the loop.
      if (/NoSuchEntity/.test(String(e.stderr))) return {};
      throw new Error(`aws ${args.slice(0, 2).join(' ')}: ${String(e.stderr ?? e.message).trim()}`);
    }
  };
  let invocations = 0;
  const t0 = performance.now();
  for (const id of sampleIds) {
    const s = await aws([
      'sts',
      'assume-root',
      '--target-principal',
      id,
      '--task-policy-arn',
      'arn=arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials',
    ]);
    const session = {
      AWS_PROFILE: undefined,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_DEFAULT_REGION: info.region,
      AWS_ACCESS_KEY_ID: s.Credentials.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: s.Credentials.SecretAccessKey,
      AWS_SESSION_TOKEN: s.Credentials.SessionToken,
    };
    for (const op of [
      'get-account-summary',
      'get-login-profile',
      'list-access-keys',
      'list-signing-certificates',
      'list-mfa-devices',
    ])
      await aws(['iam', op], session);
    invocations += 6;
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    perAccountS: seconds / sampleIds.length,
    perCallS: seconds / invocations,
    accounts: sampleIds.length,
  };
}

export function checkLine([name, ok, value]) {
  return `${ok ? 'PASS' : 'FAIL'}  ${name.padEnd(44)} ${value}`;
}

/** Writes a figures file next to the output when BENCH_FIGURES is set (for docs). */
export function saveFigures(text) {
  if (process.env.BENCH_FIGURES) writeFileSync(process.env.BENCH_FIGURES, text);
}

if (process.argv[1] === SELF) {
  if (process.argv[2] === '--emulator-child') await emulatorChild(JSON.parse(process.argv[3]));
  else if (process.argv[2] === '--cli-child') await cliChild(process.argv.slice(3));
}
