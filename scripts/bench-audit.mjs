#!/usr/bin/env node
/**
 * Audit benchmark: `rootctl audit --detail full` (the real CLI, in its own process) of a generated
 * organization on the emulator (another process) with per-call latency, jitter and an AssumeRoot
 * limit. Printed as ratios against figures measured in the same run:
 *   - wall time / the AssumeRoot bound (accounts to audit / rate): target <= 1.05, whatever the OU
 *     shape (`--shape giant-ou`: one OU holds 90% of the accounts);
 *   - the AWS CLI loop users write (assume-root, then five `aws iam` reads, one account after another),
 *     timed on `--sample` accounts and extrapolated: printed as a speedup, for information (it follows
 *     from the wall time, so it is not a second check of it);
 *   - CPU milliseconds per audited account (user + system of the rootctl process): target <= 12;
 *   - peak RSS of the rootctl process: target < 300 MB.
 *
 *   npm run build && node scripts/bench-audit.mjs                  # 10,000 accounts (a few minutes)
 *   node scripts/bench-audit.mjs --accounts 2000 --shape giant-ou  # one OU with 90% of the accounts
 *   options: --accounts N --shape spread|giant-ou --latency MS --jitter F --assume-root-rate N
 *            --sample N (accounts of the AWS CLI loop; 0 skips it) --concurrency N --seed N
 *            --blocking-scp 0|1 (default 1: an SCP on the Legacy OU denies its accounts' root sessions,
 *            so the cost of naming it in their diagnoses is measured too)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DIST,
  awsCliLoop,
  checkLine,
  cliEnv,
  parseArgs,
  runRootctl,
  saveFigures,
  startEmulatorChild,
} from './bench-common.mjs';

const SELF = fileURLToPath(import.meta.url);
const TARGET_RATIO = 1.05;
const CPU_MS_PER_ACCOUNT = 12;

async function main() {
  const opts = parseArgs(
    process.argv.slice(2),
    {
      accounts: 10_000,
      shape: 'spread',
      latency: 100,
      jitter: 0.2,
      assumeRootRate: 100,
      sample: 10,
      concurrency: 0,
      seed: 1,
      blockingScp: 1,
    },
    SELF,
  );
  if (!existsSync(join(DIST, 'cli/bin.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'rootctl-bench-'));
  console.log(
    `Benchmark: audit of ${opts.accounts} accounts (${opts.shape}), ${opts.latency} ms latency (+/-${opts.jitter * 100}%), AssumeRoot ${opts.assumeRootRate}/s, --detail full`,
  );
  const emu = await startEmulatorChild({ ...opts, dir });
  const { info } = emu;
  try {
    const cli = opts.sample > 0 ? await awsCliLoop(info, info.sample.slice(0, opts.sample)) : undefined;
    await new Promise((r) => setTimeout(r, 1500)); // let the AssumeRoot bucket refill
    const out = join(dir, 'audit.json');
    const args = ['audit', '--profile', 'security', '--detail', 'full', '-o', 'json', '--out', out];
    args.push('--no-history', '-q', ...(opts.concurrency ? ['--concurrency', String(opts.concurrency)] : []));
    const r = await runRootctl(args, cliEnv(info));
    for (const l of r.lines) console.log(`  ${l.line}`);
    if (r.code !== 0) throw new Error(`rootctl audit exited with ${r.code}`);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const stats = await (await fetch(`${info.url}/_emulator/stats`)).json();
    const ids = report.accounts.map((a) => a.accountId);
    const errors = report.accounts.filter((a) => a.status === 'error');
    const scpDiagnosed = errors.filter((a) =>
      /^blocked by SCP p-\S+ \(DenyRootUser\) attached to /.test(a.error?.diagnosis ?? ''),
    ).length;
    const scpCalls = ['ListPolicies', 'ListTargetsForPolicy', 'ListPoliciesForTarget', 'DescribePolicy']
      .map((op) => [op, stats.calls[`organizations:${op}`] ?? 0])
      .filter(([, n]) => n > 0);
    const boundS = info.toAudit / opts.assumeRootRate;
    const ratio = r.wallS / boundS;
    const cpuMs = r.rusage.userMs + r.rusage.systemMs;
    const cpuPerAccount = cpuMs / info.toAudit;
    const rssMb = r.rusage.maxRssKb / 1024;
    const s = report.summary;
    const cliS = cli && cli.perAccountS * info.toAudit;
    const checks = [
      [
        'every account reported once',
        ids.length === info.total && new Set(ids).size === info.total,
        `${new Set(ids).size}/${info.total}`,
      ],
      [
        'errors are the blocked accounts, SCP named',
        errors.length === info.blocked && scpDiagnosed === info.blocked,
        `${scpDiagnosed} named, ${errors.length} errors, ${info.blocked} blocked`,
      ],
      [`wall time / AssumeRoot bound <= ${TARGET_RATIO}`, ratio <= TARGET_RATIO, ratio.toFixed(3)],
      [
        `CPU per audited account <= ${CPU_MS_PER_ACCOUNT} ms`,
        cpuPerAccount <= CPU_MS_PER_ACCOUNT,
        `${cpuPerAccount.toFixed(2)} ms`,
      ],
      ['peak RSS < 300 MB', rssMb < 300, `${rssMb.toFixed(0)} MB`],
    ];
    const text = `
Accounts                      ${info.total} (${info.toAudit} to audit; ${s.compliant} compliant, ${s.non_compliant} non-compliant, ${s.error} error, ${s.skipped} skipped)
Largest OU                    ${info.largestOu} accounts (${opts.shape})
Wall time (rootctl process)   ${r.wallS.toFixed(1)} s   (audit itself: ${(report.metadata.durationMs / 1000).toFixed(1)} s)
AssumeRoot bound              ${boundS.toFixed(1)} s   (${info.toAudit} / ${opts.assumeRootRate} per s)
AWS CLI loop (baseline)       ${cli ? `${(cli.perAccountS * 1000).toFixed(0)} ms per account on ${cli.accounts} accounts (${(cli.perCallS * 1000).toFixed(0)} ms per aws call) -> ${cliS.toFixed(0)} s for ${info.toAudit}; rootctl is ${(cliS / r.wallS).toFixed(0)}x faster` : 'not measured (--sample 0)'}
CPU time (user + sys)         ${(cpuMs / 1000).toFixed(1)} s = ${cpuPerAccount.toFixed(2)} ms per audited account (${(r.rusage.userMs / 1000).toFixed(1)} + ${(r.rusage.systemMs / 1000).toFixed(1)} s)
Peak RSS                      ${rssMb.toFixed(0)} MB
Emulator                      ${stats.throttled} throttled calls, ${stats.calls['sts:AssumeRoot'] ?? 0} AssumeRoot calls
SCP reads                     ${scpCalls.map(([op, n]) => `${n} ${op}`).join(', ') || 'none'} (${info.blocked} accounts blocked)

${checks.map(checkLine).join('\n')}
`;
    console.log(text);
    saveFigures(text);
    process.exitCode = checks.every((c) => c[1]) ? 0 : 1;
  } finally {
    emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`bench-audit: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
});
