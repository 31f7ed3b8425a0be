#!/usr/bin/env node
/**
 * Remediation benchmark: `rootctl remediate --all --yes` (plan from a fresh audit, apply, verify; the
 * real CLI in its own process, a fresh journal database) of a generated organization on the emulator
 * (another process) with per-call latency, jitter and an AssumeRoot limit. Printed as ratios against
 * figures measured in the same run:
 *   - wall time / the bound of the AssumeRoot calls the run needs (one per account to plan, one per
 *     account to change, one per account to verify, divided by the rate): target <= 1.3;
 *   - the AWS CLI loop users write, one account after another: an audit loop (assume-root + five
 *     `aws iam` reads) timed on `--sample` accounts in the same run, extrapolated per `aws` call to
 *     the calls the same work needs (audit every account, assume-root + each delete per account to
 *     change, then audit those again). Printed as a speedup, for information;
 *   - CPU milliseconds per account (user + system of the rootctl process).
 *
 *   npm run build && node scripts/bench-remediate.mjs --accounts 2000
 *   node scripts/bench-remediate.mjs --accounts 10000
 *   options: --accounts N --shape spread|giant-ou --latency MS --jitter F --assume-root-rate N
 *            --sample N (accounts of the AWS CLI loop; 0 skips it) --concurrency N --seed N
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
const TARGET_RATIO = 1.3;

/** When a stderr line matching `re` first arrived (s from the start), if it did. */
const firstAt = (lines, re) => lines.find((l) => re.test(l.line))?.at;

async function main() {
  const opts = parseArgs(
    process.argv.slice(2),
    {
      accounts: 2000,
      shape: 'spread',
      latency: 100,
      jitter: 0.2,
      assumeRootRate: 100,
      sample: 10,
      concurrency: 0,
      seed: 1,
    },
    SELF,
  );
  if (!existsSync(join(DIST, 'cli/bin.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'rootctl-bench-'));
  console.log(
    `Benchmark: remediate --all --yes of ${opts.accounts} accounts (${opts.shape}), ${opts.latency} ms latency (+/-${opts.jitter * 100}%), AssumeRoot ${opts.assumeRootRate}/s`,
  );
  const emu = await startEmulatorChild({ ...opts, blockingScp: 0, dir });
  const { info } = emu;
  try {
    const cli = opts.sample > 0 ? await awsCliLoop(info, info.sample.slice(0, opts.sample)) : undefined;
    await new Promise((r) => setTimeout(r, 1500)); // let the AssumeRoot bucket refill
    // A fresh journal database, created as `rootctl db init` does.
    const db = join(dir, 'rootctl.db');
    const { openDb } = await import(join(DIST, 'store/db.js'));
    await (await openDb(db, { create: true })).close();
    // Recently used keys included: everything planned is deleted, so the run can complete (exit 0).
    const args = [
      'remediate',
      '--all',
      '--include-recently-used',
      '--yes',
      '--profile',
      'security',
      '-o',
      'json',
    ];
    args.push('--db', db, ...(opts.concurrency ? ['--concurrency', String(opts.concurrency)] : []));
    const r = await runRootctl(args, cliEnv(info));
    if (r.code !== 0) {
      for (const l of r.lines.slice(-20)) console.log(`  ${l.line}`);
      throw new Error(`rootctl remediate exited with ${r.code}`);
    }
    const doc = JSON.parse(r.stdout);
    const stats = await (await fetch(`${info.url}/_emulator/stats`)).json();
    const state = await (await fetch(`${info.url}/_emulator/state`)).json();
    const changed = doc.accounts.filter((a) => a.steps.length > 0);
    const deletions = doc.plan.totals.deletions;
    const needed = info.toAudit + 2 * changed.length;
    const boundS = needed / opts.assumeRootRate;
    const ratio = r.wallS / boundS;
    const cpuMs = r.rusage.userMs + r.rusage.systemMs;
    const rssMb = r.rusage.maxRssKb / 1024;
    // The plan holds back recently used access keys; everything else planned must be gone.
    const planned = new Set(
      doc.plan.accounts.flatMap((a) => a.deletions.map((d) => `${a.accountId}|${d.targetId}`)),
    );
    const left = state.accounts.flatMap((a) => [
      ...(a.root.password ? [`${a.id}|login-profile`] : []),
      ...a.root.accessKeys.map((k) => `${a.id}|${k.id}`),
      ...a.root.signingCertificates.map((c) => `${a.id}|${c.id}`),
      ...a.root.mfaDevices.map((m) => `${a.id}|${m.serialNumber}`),
    ]);
    const plannedLeft = left.filter((k) => planned.has(k)).length;
    const verified = changed.filter((a) => a.verified === true).length;
    const applyAt = firstAt(r.lines, /starting run/);
    const verifyAt = firstAt(r.lines, /verifying \d+ account/);
    const cliCalls = info.toAudit * 6 + changed.length * 7 + deletions;
    const cliS = cli && cli.perCallS * cliCalls;
    const checks = [
      ['run completed', doc.status === 'completed', doc.status],
      ['every planned credential gone', plannedLeft === 0, `${planned.size - plannedLeft}/${planned.size}`],
      ['every changed account verified', verified === changed.length, `${verified}/${changed.length}`],
      [`wall time / AssumeRoot bound <= ${TARGET_RATIO}`, ratio <= TARGET_RATIO, ratio.toFixed(3)],
    ];
    const phase = (a, b) => (a === undefined || b === undefined ? '?' : `${(b - a).toFixed(1)} s`);
    const text = `
Accounts                      ${info.total} (${info.toAudit} planned, ${changed.length} changed, ${deletions} deletions)
Wall time (rootctl process)   ${r.wallS.toFixed(1)} s   (plan ${phase(0, applyAt)}, apply ${phase(applyAt, verifyAt)}, verify ${phase(verifyAt, r.wallS)})
AssumeRoot bound              ${boundS.toFixed(1)} s   (${needed} calls: ${info.toAudit} plan + ${changed.length} apply + ${changed.length} verify, / ${opts.assumeRootRate} per s)
AWS CLI loop (baseline)       ${cli ? `${(cli.perCallS * 1000).toFixed(0)} ms per aws call (${cli.accounts}-account audit loop) x ${cliCalls} calls -> ${cliS.toFixed(0)} s; rootctl is ${(cliS / r.wallS).toFixed(0)}x faster` : 'not measured (--sample 0)'}
CPU time (user + sys)         ${(cpuMs / 1000).toFixed(1)} s = ${(cpuMs / info.toAudit).toFixed(2)} ms per account (${(r.rusage.userMs / 1000).toFixed(1)} + ${(r.rusage.systemMs / 1000).toFixed(1)} s)
Peak RSS                      ${rssMb.toFixed(0)} MB
Emulator                      ${stats.throttled} throttled calls, ${stats.calls['sts:AssumeRoot'] ?? 0} AssumeRoot calls, ${(stats.calls['organizations:DescribeAccount'] ?? 0) + (stats.calls['organizations:ListParents'] ?? 0)} DescribeAccount + ListParents

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
  console.error(`bench-remediate: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
});
