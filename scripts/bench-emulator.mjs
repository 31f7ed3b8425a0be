#!/usr/bin/env node
/**
 * Emulator benchmark (not a test): requests per second the emulator serves with no injected latency
 * and throttling off, driven by the real AWS SDK v3 client, next to the same client against a trivial
 * node:http server that answers the very bytes the emulator answered (so the SDK parses the same
 * thing). That trivial server is the client's ceiling on this machine; the ratio is what the
 * emulator's own work costs. Each server runs in its own process, as in real use.
 *
 *   npm run build && node scripts/bench-emulator.mjs [--seconds 5] [--concurrency 48] [--accounts 60]
 *
 * Also prints the time and memory to generate a 10,000-account organization (in a fresh process).
 */
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const SELF = fileURLToPath(import.meta.url);
const ROOT = resolve(SELF, '../..');
const SLICE_SECONDS = 0.5;

async function runBenchmark() {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      concurrency: { type: 'string', default: '48' },
      accounts: { type: 'string', default: '60' },
    },
  });
  const seconds = Number(values.seconds);
  const concurrency = Number(values.concurrency);
  const { NodeHttpHandler } = await import('@smithy/node-http-handler');
  const { STSClient, GetCallerIdentityCommand, AssumeRootCommand } = await import('@aws-sdk/client-sts');
  const { OrganizationsClient, ListAccountsCommand } = await import('@aws-sdk/client-organizations');
  const { IAMClient, GetAccountSummaryCommand } = await import('@aws-sdk/client-iam');

  const dir = mkdtempSync(join(tmpdir(), 'rootctl-bench-'));
  const emulator = await startEmulatorProcess([
    '--port',
    '0',
    '--accounts',
    values.accounts,
    '--seed',
    '1',
    '--state',
    'configured',
    '--no-throttle',
    '--profiles-dir',
    dir,
  ]);
  const ceiling = await startCeilingProcess();
  try {
    const profiles = readCredentials(join(dir, 'credentials'));
    const state = await (await fetch(`${emulator.url}/_emulator/state`)).json();
    const target = state.accounts.find(
      (a) =>
        a.status === 'ACTIVE' &&
        a.name !== 'Security' &&
        a.id !== state.organization.managementAccountId &&
        !/^legacy-/.test(a.name),
    );

    // One client per (operation, server), each with its own keep-alive pool sized to the concurrency.
    const client = (Client, endpoint, credentials) =>
      new Client({
        region: 'us-east-1',
        endpoint,
        credentials,
        maxAttempts: 1,
        requestHandler: new NodeHttpHandler({
          httpAgent: new Agent({ keepAlive: true, maxSockets: concurrency }),
        }),
      });
    const security = profiles.security;
    const session = await client(STSClient, emulator.url, security).send(
      new AssumeRootCommand({
        TargetPrincipal: target.id,
        TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' },
        DurationSeconds: 900,
      }),
    );
    const root = {
      accessKeyId: session.Credentials.AccessKeyId,
      secretAccessKey: session.Credentials.SecretAccessKey,
      sessionToken: session.Credentials.SessionToken,
    };
    const ops = [
      {
        name: 'GetCallerIdentity',
        Client: STSClient,
        credentials: security,
        command: () => new GetCallerIdentityCommand({}),
      },
      {
        name: 'ListAccounts (first page)',
        Client: OrganizationsClient,
        credentials: profiles.management,
        command: () => new ListAccountsCommand({}),
      },
      {
        name: 'GetAccountSummary (root session)',
        Client: IAMClient,
        credentials: root,
        command: () => new GetAccountSummaryCommand({}),
      },
    ];

    // The ceiling server answers each operation with the exact response the emulator gave.
    for (const op of ops) {
      const recorder = new RecordingHandler(new NodeHttpHandler());
      const c = new op.Client({
        region: 'us-east-1',
        endpoint: emulator.url,
        credentials: op.credentials,
        maxAttempts: 1,
        requestHandler: recorder,
      });
      await c.send(op.command());
      op.route = routeKey(recorder.request);
      await fetch(`${ceiling.url}/_set`, {
        method: 'POST',
        body: JSON.stringify({ route: op.route, ...recorder.response }),
      });
    }

    console.log(
      `Node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)}; ` +
        `concurrency ${concurrency}, ${seconds} s per server and operation in alternating ${SLICE_SECONDS} s slices, ${values.accounts}-account org`,
    );
    // Emulator and ceiling are measured in alternating short slices, so a burst of load from
    // anything else on the machine hits both sides alike instead of skewing one measurement.
    const rows = [];
    const pids = { emulator: emulator.child.pid, ceiling: ceiling.child.pid };
    const slices = Math.max(2, Math.round(seconds / SLICE_SECONDS));
    for (const op of ops) {
      const clients = {
        emulator: client(op.Client, emulator.url, op.credentials),
        ceiling: client(op.Client, ceiling.url, op.credentials),
      };
      const totals = {};
      for (const which of ['emulator', 'ceiling']) {
        await drive(clients[which], op.command, concurrency, 0.5); // warm-up: connections, JIT
        totals[which] = { done: 0, errors: 0, seconds: 0, serverCpu: 0, clientCpu: 0 };
      }
      for (let i = 0; i < slices; i++) {
        for (const which of i % 2 ? ['ceiling', 'emulator'] : ['emulator', 'ceiling']) {
          const server0 = cpuSeconds(pids[which]);
          const client0 = process.cpuUsage();
          const r = await drive(clients[which], op.command, concurrency, SLICE_SECONDS);
          const client1 = process.cpuUsage(client0);
          const t = totals[which];
          t.done += r.done;
          t.errors += r.errors;
          t.seconds += r.seconds;
          t.serverCpu += cpuSeconds(pids[which]) - server0;
          t.clientCpu += (client1.user + client1.system) / 1e6;
        }
      }
      const summary = (t) => ({
        perSecond: t.done / t.seconds,
        serverCpuUs: (t.serverCpu * 1e6) / t.done,
        clientCpuUs: (t.clientCpu * 1e6) / t.done,
      });
      rows.push({
        name: op.name,
        emulator: summary(totals.emulator),
        ceiling: summary(totals.ceiling),
        errors: totals.emulator.errors + totals.ceiling.errors,
      });
    }
    printTable(rows);
    const generation = await runChild(['--generate']);
    console.log(`\n10,000-account organization: ${generation}`);
    const t0 = performance.now();
    const big = await startEmulatorProcess(['--port', '0', '--accounts', '10000', '--blocking-scp']);
    const startup = performance.now() - t0;
    const status = readFileSync(`/proc/${big.child.pid}/status`, 'utf8');
    const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
    console.log(
      `rootctl emulator --accounts 10000: serving ${(startup / 1000).toFixed(1)} s after spawn (CLI start included), ` +
        `RSS ${(kb('VmRSS') / 1024).toFixed(0)} MB, peak ${(kb('VmHWM') / 1024).toFixed(0)} MB`,
    );
    big.child.kill('SIGTERM');
  } finally {
    emulator.child.kill('SIGTERM');
    ceiling.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Sends `command()` from `concurrency` loops for `seconds`; counts the completed calls. */
async function drive(client, command, concurrency, seconds) {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  let errors = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        try {
          await client.send(command());
          done++;
        } catch {
          errors++;
        }
      }
    }),
  );
  return { done, errors, seconds: (performance.now() - start) / 1000 };
}

function printTable(rows) {
  const header = [
    'operation',
    'emulator req/s',
    'ceiling req/s',
    'ratio',
    'emulator CPU/req',
    'ceiling CPU/req',
    'client CPU/req',
    'errors',
  ];
  const us = (v) => (Number.isFinite(v) ? `${v.toFixed(0)} µs` : 'n/a');
  const cells = rows.map((r) => [
    r.name,
    r.emulator.perSecond.toFixed(0),
    r.ceiling.perSecond.toFixed(0),
    (r.emulator.perSecond / r.ceiling.perSecond).toFixed(2),
    us(r.emulator.serverCpuUs),
    us(r.ceiling.serverCpuUs),
    us(r.emulator.clientCpuUs),
    String(r.errors),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) =>
    `| ${c.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const c of cells) console.log(line(c));
  const worst = Math.min(...rows.map((r) => r.emulator.perSecond / r.ceiling.perSecond));
  console.log(`\nlowest ratio ${worst.toFixed(2)} (target >= 0.60): ${worst >= 0.6 ? 'met' : 'NOT met'}`);
  console.log(
    'CPU/req: CPU time of that process per completed call (the client column is the SDK against the emulator).',
  );
}

/** User + system CPU seconds of a process so far (Linux /proc; NaN elsewhere). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100 on Linux)
  } catch {
    return Number.NaN;
  }
}

/** Wraps the SDK's handler to keep the last request and the exact response bytes. */
class RecordingHandler {
  constructor(inner) {
    this.inner = inner;
  }
  async handle(request, options) {
    const sent = request.headers['x-amz-target'] ? '' : String(request.body ?? ''); // query bodies are strings; JSON ones are routed by header
    this.request = { headers: { ...request.headers }, body: sent };
    const out = await this.inner.handle(request, options);
    const chunks = [];
    for await (const chunk of out.response.body) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    this.response = {
      status: out.response.statusCode,
      contentType: out.response.headers['content-type'],
      body: body.toString('utf8'),
    };
    out.response.body = Readable.from([body]);
    return out;
  }
  updateHttpClientConfig() {}
  httpHandlerConfigs() {
    return {};
  }
}

/** How the ceiling server tells operations apart: the JSON target header or the query Action. */
function routeKey(request) {
  const target = request.headers['x-amz-target'];
  if (target) return target;
  return new URLSearchParams(request.body).get('Action');
}

async function startEmulatorProcess(args) {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli/bin.js'), 'emulator', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const url = await new Promise((ok, fail) => {
    let out = '';
    child.on('exit', (code) => fail(new Error(`the emulator exited with ${code}: ${err}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) ok(m[1]);
    });
  });
  return { child, url };
}

async function startCeilingProcess() {
  const child = fork(SELF, ['--ceiling-server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise((ok) => child.once('message', ok));
  return { child, url };
}

/** The trivial server: reads the request, answers the recorded bytes for its route. Nothing else. */
async function ceilingServer() {
  const routes = new Map();
  let n = 0;
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.url === '/_set') {
        const r = JSON.parse(body);
        routes.set(r.route, { ...r, body: Buffer.from(r.body, 'utf8') });
        res.end('ok');
        return;
      }
      const target = req.headers['x-amz-target'];
      const r = routes.get(target ?? new URLSearchParams(body).get('Action'));
      if (!r) {
        res.writeHead(400).end();
        return;
      }
      res.writeHead(r.status, {
        'content-type': r.contentType,
        'x-amzn-requestid': `ceiling-${++n}`,
        'content-length': r.body.length,
      });
      res.end(r.body);
    });
  });
  server.listen(0, '127.0.0.1', () => process.send(`http://127.0.0.1:${server.address().port}`));
  process.on('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

/** In a fresh process: time and memory to generate 10,000 accounts and build the emulator's World. */
async function generateProbe() {
  const { generateScenario } = await import(join(ROOT, 'dist/emulator/scenario/generate.js'));
  const { World } = await import(join(ROOT, 'dist/emulator/world.js'));
  globalThis.gc?.();
  const before = process.memoryUsage();
  const t0 = performance.now();
  const scenario = generateScenario({ accounts: 10_000, seed: 1, blockingScp: true, state: 'configured' });
  const t1 = performance.now();
  const world = new World(scenario, 1);
  const t2 = performance.now();
  globalThis.gc?.();
  const after = process.memoryUsage();
  const mb = (b) => `${(b / 1e6).toFixed(0)} MB`;
  process.send(
    `generate ${(t1 - t0).toFixed(0)} ms + World ${(t2 - t1).toFixed(0)} ms = ${(t2 - t0).toFixed(0)} ms; ` +
      `heap +${mb(after.heapUsed - before.heapUsed)} (scenario and World both live), RSS +${mb(after.rss - before.rss)}, peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}; ${world.accounts.size} accounts, ${scenario.ous.length} OUs`,
    () => process.disconnect(),
  );
}

function runChild(args) {
  return new Promise((ok, fail) => {
    const child = fork(SELF, args, {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', ok);
    child.once('exit', (code) => code !== 0 && fail(new Error(`${args[0]} exited with ${code}`)));
  });
}

/** The [profile] sections of an AWS credentials file. */
function readCredentials(file) {
  const out = {};
  let current;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const section = /^\[(.+)\]$/.exec(line.trim());
    if (section) out[(current = section[1])] = {};
    const kv = /^(\w+)\s*=\s*(.*)$/.exec(line.trim());
    if (kv && current) {
      const key = {
        aws_access_key_id: 'accessKeyId',
        aws_secret_access_key: 'secretAccessKey',
        aws_session_token: 'sessionToken',
      }[kv[1]];
      if (key) out[current][key] = kv[2];
    }
  }
  return out;
}

// Child roles: `--ceiling-server` (the trivial server) and `--generate` (the 10k generation probe).
const role = process.argv[2];
if (role === '--ceiling-server') await ceilingServer();
else if (role === '--generate') await generateProbe();
else await runBenchmark();
