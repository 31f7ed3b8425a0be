#!/usr/bin/env node
/**
 * Audit benchmark (issue 4, "Performance"): `rootctl audit --detail full` of a generated organization
 * on the emulator with per-call latency, jitter and an AssumeRoot limit, compared with
 *   - the lower bound set by the AssumeRoot limit (accounts to audit / rate), target ratio <= 1.25;
 *   - a sequential loop making the same calls, measured on a sample in the same run and scaled,
 *     target speedup >= 50x;
 *   - peak RSS of the rootctl process, target < 300 MB, and its CPU time vs wall time.
 * The emulator runs in its own process so its CPU is not counted as the client's; rootctl runs as the
 * real CLI (`node dist/cli/bin.js audit ...`) in a third process that reports its own resource usage.
 *
 *   npm run build && node scripts/bench-audit.mjs                    # 10,000 accounts (a few minutes)
 *   node scripts/bench-audit.mjs --accounts 1000                     # quick version
 *   options: --accounts N --latency MS --jitter F --assume-root-rate N --sample N --concurrency N --seed N
 *            --blocking-scp 0|1 (default 1: an SCP on the Legacy OU denies its accounts' root sessions,
 *            so the cost of naming it in their diagnoses is measured too)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const SELF = fileURLToPath(import.meta.url);

function parseArgs(argv) {
  const o = {
    accounts: 10_000,
    latency: 100,
    jitter: 0.2,
    assumeRootRate: 100,
    sample: 20,
    concurrency: undefined,
    seed: 1,
    blockingScp: 1,
  };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!(key in o)) throw new Error(`unknown option ${argv[i]} (see the header of ${SELF})`);
    o[key] = Number(argv[++i]);
  }
  return o;
}

// ---- child 1: the emulator -------------------------------------------------------------------
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
  // Accounts under the blocking SCP: AssumeRoot works, their IAM reads are denied.
  const denyTargets = new Set(
    scenario.policies.filter((p) => p.name === 'DenyRootUser').flatMap((p) => p.targets),
  );
  const parentOf = new Map([...scenario.ous, ...scenario.accounts].map((x) => [x.id, x.parentId]));
  const blocked = (id) => {
    for (let t = id; t !== undefined; t = parentOf.get(t)) if (denyTargets.has(t)) return true;
    return false;
  };
  const blockedIds = active.filter((a) => blocked(a.id)).map((a) => a.id);
  const sample = active
    .filter((a) => !blocked(a.id))
    .slice(0, opts.sample)
    .map((a) => a.id);
  const security = scenario.principals.find((p) => p.profile === 'security');
  process.stdout.write(
    `${JSON.stringify({ url: emu.url, files, total: scenario.accounts.length, toAudit: active.length, blocked: blockedIds.length, sample, security })}\n`,
  );
  process.stdin.resume();
  process.stdin.on('end', () => void emu.close().then(() => process.exit(0)));
}

// ---- child 2: the rootctl CLI, reporting its own resource usage ------------------------------
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

// ---- the parent --------------------------------------------------------------------------------
function run(cmd, args, env, onStderrLine) {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    createInterface({ input: child.stderr }).on('line', onStderrLine);
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout }));
  });
}

async function sequentialSample(info, region) {
  const { createAwsContext } = await import(join(DIST, 'aws/clients.js'));
  const { rootSessionOpener } = await import(join(DIST, 'aws/root-session.js'));
  const ctx = createAwsContext({
    region,
    endpoint: info.url,
    credentials: {
      accessKeyId: info.security.accessKeyId,
      secretAccessKey: info.security.secretAccessKey,
      sessionToken: info.security.sessionToken,
    },
  });
  const opener = rootSessionOpener(ctx);
  const t0 = performance.now();
  // The loop a person would write: one account after another, one call after another.
  for (const id of info.sample) {
    const s = await opener.open(id, 'IAMAuditRootUserCredentials');
    await s.accountSummary();
    await s.loginProfile();
    await s.accessKeys(true);
    await s.signingCertificates();
    await s.mfaDevices();
  }
  const perAccountMs = (performance.now() - t0) / info.sample.length;
  ctx.destroy();
  return perAccountMs;
}

async function main() {
  if (process.argv[2] === '--emulator-child') return emulatorChild(JSON.parse(process.argv[3]));
  if (process.argv[2] === '--cli-child') return cliChild(process.argv.slice(3));
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(join(DIST, 'cli/bin.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'rootctl-bench-'));
  const region = 'us-east-1';
  console.log(
    `Benchmark: ${opts.accounts} accounts, ${opts.latency} ms latency (+/-${opts.jitter * 100}%), AssumeRoot ${opts.assumeRootRate}/s, --detail full`,
  );

  const emu = spawn(process.execPath, [SELF, '--emulator-child', JSON.stringify({ ...opts, dir })], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const info = await new Promise((ok, fail) => {
    createInterface({ input: emu.stdout }).once('line', (l) => ok(JSON.parse(l)));
    emu.on('exit', (c) => fail(new Error(`emulator exited with ${c}`)));
  });
  try {
    const perAccountMs = await sequentialSample(info, region);
    await new Promise((r) => setTimeout(r, 1500)); // let the AssumeRoot bucket refill
    const out = join(dir, 'audit.json');
    const env = {
      ...process.env,
      AWS_CONFIG_FILE: info.files.configFile,
      AWS_SHARED_CREDENTIALS_FILE: info.files.credentialsFile,
      AWS_REGION: region,
      NO_COLOR: '1',
    };
    for (const k of [
      'AWS_PROFILE',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_ENDPOINT_URL',
    ])
      delete env[k];
    const args = [
      'audit',
      '--profile',
      'security',
      '--detail',
      'full',
      '-o',
      'json',
      '--out',
      out,
      '--no-history',
      '-q',
      ...(opts.concurrency ? ['--concurrency', String(opts.concurrency)] : []),
    ];
    let rusage;
    const t0 = performance.now();
    // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the rootctl process.
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const r = await run(process.execPath, [...nodeArgs, SELF, '--cli-child', ...args], env, (line) => {
      if (line.startsWith('BENCH_RUSAGE ')) rusage = JSON.parse(line.slice(13));
      else if (line.trim()) console.log(`  ${line}`);
    });
    const wallS = (performance.now() - t0) / 1000;
    if (r.code !== 0) throw new Error(`rootctl audit exited with ${r.code}`);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const stats = await (await fetch(`${info.url}/_emulator/stats`)).json();
    const ids = report.accounts.map((a) => a.accountId);
    const throttledAccounts = report.accounts.filter(
      (a) => a.status === 'error' && /throttl/i.test(a.error?.diagnosis ?? ''),
    ).length;
    const scpDiagnosed = report.accounts.filter((a) =>
      /^blocked by SCP p-\S+ \(DenyRootUser\) attached to /.test(a.error?.diagnosis ?? ''),
    ).length;
    const scpCalls = ['ListPolicies', 'ListTargetsForPolicy', 'ListPoliciesForTarget', 'DescribePolicy']
      .map((op) => [op, stats.calls[`organizations:${op}`] ?? 0])
      .filter(([, n]) => n > 0);
    const lowerS = info.toAudit / opts.assumeRootRate;
    const seqS = (perAccountMs * info.toAudit) / 1000;
    const cpuS = (rusage.userMs + rusage.systemMs) / 1000;
    const rssMb = rusage.maxRssKb / 1024;
    const s = report.summary;
    const checks = [
      [
        'every account reported once',
        ids.length === info.total && new Set(ids).size === info.total,
        `${new Set(ids).size}/${info.total}`,
      ],
      ['no account failed for throttling', throttledAccounts === 0, String(throttledAccounts)],
      [
        'SCP named for every blocked account',
        s.error === info.blocked && scpDiagnosed === info.blocked,
        `${scpDiagnosed}/${info.blocked}`,
      ],
      ['wall time / lower bound <= 1.25', wallS / lowerS <= 1.25, (wallS / lowerS).toFixed(3)],
      ['speedup vs sequential >= 50x', seqS / wallS >= 50, `${(seqS / wallS).toFixed(1)}x`],
      ['peak RSS < 300 MB', rssMb < 300, `${rssMb.toFixed(0)} MB`],
      ['CPU time < wall time', cpuS < wallS, `${(cpuS / wallS).toFixed(2)} of wall`],
    ];
    console.log(`
Accounts                      ${info.total} (${info.toAudit} to audit; ${s.compliant} compliant, ${s.non_compliant} non-compliant, ${s.error} error, ${s.skipped} skipped)
Wall time (rootctl process)   ${wallS.toFixed(1)} s   (audit itself: ${(report.metadata.durationMs / 1000).toFixed(1)} s)
Lower bound (AssumeRoot)      ${lowerS.toFixed(1)} s   (${info.toAudit} / ${opts.assumeRootRate} per s)
Sequential loop               ${perAccountMs.toFixed(0)} ms per account on ${info.sample.length} accounts -> ${seqS.toFixed(0)} s for ${info.toAudit}
CPU time (user + sys)         ${cpuS.toFixed(1)} s   (${(rusage.userMs / 1000).toFixed(1)} + ${(rusage.systemMs / 1000).toFixed(1)})
Peak RSS                      ${rssMb.toFixed(0)} MB
Emulator                      ${stats.throttled} throttled calls, ${stats.calls['sts:AssumeRoot'] ?? 0} AssumeRoot calls
SCP reads                     ${scpCalls.map(([op, n]) => `${n} ${op}`).join(', ') || 'none'} (${info.blocked} accounts blocked)
`);
    for (const [name, ok, value] of checks)
      console.log(`${ok ? 'PASS' : 'FAIL'}  ${name.padEnd(36)} ${value}`);
    process.exitCode = checks.every((c) => c[1]) ? 0 : 1;
  } finally {
    emu.stdin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`bench-audit: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
});
