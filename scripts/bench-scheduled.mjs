// The scheduled audit's duration against the emulator at 100 ms per call (the Lambda cost basis in
// docs/continuous.md): `node scripts/bench-scheduled.mjs [accounts] [concurrency]` after npm run build.
// Prints the wall time of one handler run (audit, S3 reports, Security Hub) and the AssumeRoot bound.
import { generateScenario, startEmulator } from '../dist/emulator/index.js';
import { createHandler } from '../dist/app/lambda-handler.js';

const accounts = Number(process.argv[2] ?? 1000);
const concurrency = Number(process.argv[3] ?? 20);
const scenario = generateScenario({ accounts, seed: 11, state: 'configured' });
const p = scenario.principals.find((x) => x.profile === 'security');
p.allow = [...p.allow, 'securityhub:*', 's3:PutObject', 's3:GetObject', 's3:ListBucket', 'sns:Publish'];
const bucket = `bench-${p.accountId}`;
scenario.accounts.find((a) => a.id === p.accountId).buckets = [{ name: bucket }];
const emu = await startEmulator(scenario, { knobs: { latencyMs: 100 } });
const handler = createHandler({
  AWS_REGION: 'us-east-1',
  AWS_ENDPOINT_URL: emu.url,
  AWS_ACCESS_KEY_ID: p.accessKeyId,
  AWS_SECRET_ACCESS_KEY: p.secretAccessKey,
  AWS_SESSION_TOKEN: p.sessionToken ?? '',
  ROOTCTL_REPORT_BUCKET: bucket,
  ROOTCTL_SECURITY_HUB: 'true',
  ROOTCTL_CONCURRENCY: String(concurrency),
});
const started = performance.now();
const cpuStart = process.cpuUsage();
const out = await handler();
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStart);
// What paced the run: the emulator's throttling per operation, and the audit's limiter.
const stats = await (await fetch(`${emu.url}/_emulator/stats`)).json();
const bound = accounts / 100; // AssumeRoot at 100/s: the fastest any run can be
console.log(
  JSON.stringify({
    accounts,
    concurrency,
    seconds: +seconds.toFixed(1),
    assumeRootBoundSeconds: bound,
    ratioToBound: +(seconds / bound).toFixed(2),
    summary: out.summary,
    securityHub: out.securityHub && { active: out.securityHub.active, batches: out.securityHub.batches },
    processCpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1),
    throttled: stats.throttled,
    throttledCalls: stats.throttledCalls,
    calls: stats.calls ?? stats.requests,
    auditStats: out.stats ?? out.audit?.stats,
  }),
);
await emu.close();
