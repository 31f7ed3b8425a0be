/**
 * `rootctl emulator` end to end: spawn the built CLI (npm run build first), read its first line,
 * talk to it with the real SDK through the profile files it wrote, stop it with a signal. Also bad
 * flags (exit 2, one line), a busy port (exit 3), scenario files and --dump-scenario.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  ListAccountsCommand,
  OrganizationsClient,
  paginateListAccounts,
  DescribeOrganizationCommand,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as runInProcess } from './support/cli.js';
import { runCli } from './guardrails-activity-support.js';

const BIN = resolve(import.meta.dirname, '../dist/cli/bin.js');
const EXAMPLE = resolve(import.meta.dirname, '../examples/scenario-small.json');

interface Running {
  child: ChildProcess;
  url: string;
  stdoutLines: string[];
  stderr(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts `rootctl emulator ...args` and waits for its URL line. */
function startCli(args: string[]): Promise<Running> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const child = spawn(process.execPath, [BIN, 'emulator', ...args], { env: { ...env, NO_COLOR: '1' } });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`no URL line within 30 s; stderr: ${err}`)), 30_000);
    void exited.then((code) => fail(new Error(`exited with ${code} before serving: ${err}`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^rootctl emulator listening on (http:\/\/\S+) /.exec(out);
      // The URL line and the export lines are written together; wait until the last one is in.
      if (!m || !/export AWS_(PROFILE|SECRET_ACCESS_KEY|SESSION_TOKEN)=.*\n$/.test(out)) return;
      clearTimeout(timer);
      ready({
        child,
        url: m[1]!,
        stdoutLines: out.trim().split('\n'),
        stderr: () => err,
        stop: (signal) => {
          child.kill(signal);
          return exited;
        },
      });
    });
  });
}

/** Points the SDK's shared-config loading at the written files, as a user's `export` lines do. */
function useProfileFiles(lines: string[]): () => void {
  const saved = { ...process.env };
  for (const line of lines) {
    const m = /^export (AWS_[A-Z_]+)=(.*)$/.exec(line);
    if (m) process.env[m[1]!] = m[2]!;
  }
  return () => {
    for (const k of Object.keys(process.env))
      if (k.startsWith('AWS_') && !(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  };
}

async function state(url: string): Promise<{
  organization: { id: string; managementAccountId: string };
  accounts: { id: string; name: string; status: string }[];
}> {
  return (await (await fetch(`${url}/_emulator/state`)).json()) as never;
}

describe('rootctl emulator (generated organization)', () => {
  let dir: string;
  let emu: Running;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rootctl-emu-cli-'));
    emu = await startCli([
      '--port',
      '0',
      '--accounts',
      '30',
      '--seed',
      '5',
      '--state',
      'configured',
      '--no-throttle',
      '--profiles-dir',
      dir,
    ]);
  });
  afterAll(() => {
    if (emu?.child.exitCode === null) emu.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the URL line, then export lines for the profile files it wrote', () => {
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.stdoutLines[0]).toMatch(/30 accounts, \d+ suspended, seed 5, state configured\)$/);
    expect(emu.stdoutLines.slice(1)).toEqual([
      `export AWS_CONFIG_FILE=${join(dir, 'config')}`,
      `export AWS_SHARED_CREDENTIALS_FILE=${join(dir, 'credentials')}`,
      'export AWS_PROFILE=security',
    ]);
    const config = readFileSync(join(dir, 'config'), 'utf8');
    for (const profile of ['management', 'security', 'security-readonly', 'member', 'management-root']) {
      expect(config).toContain(`[profile ${profile}]\nregion = us-east-1\nendpoint_url = ${emu.url}\n`);
    }
  });

  it('serves the SDK through the written profiles unchanged (region and endpoint from the config file)', async () => {
    const restore = useProfileFiles(emu.stdoutLines);
    try {
      const truth = await state(emu.url);
      const security = truth.accounts.find((a) => a.name === 'Security')!;
      const who = await new STSClient({}).send(new GetCallerIdentityCommand({}));
      expect(who.Account).toBe(security.id);
      expect(who.Arn).toBe(`arn:aws:sts::${security.id}:assumed-role/RootOps/rootctl`);

      const org = new OrganizationsClient({ profile: 'management' });
      const ids: string[] = [];
      for await (const page of paginateListAccounts({ client: org }, {}))
        ids.push(...(page.Accounts ?? []).map((a) => a.Id!));
      expect(ids.sort()).toEqual(truth.accounts.map((a) => a.id).sort());
      expect((await org.send(new DescribeOrganizationCommand({}))).Organization?.Id).toBe(
        truth.organization.id,
      );
    } finally {
      restore();
    }
  });

  it('runs with throttling off under --no-throttle', async () => {
    expect((await knobs(emu.url)).rates).toEqual({ operations: {}, defaultPerSecond: 0 });
  });

  it('stops cleanly on SIGTERM with exit 0', async () => {
    expect(await emu.stop('SIGTERM')).toBe(0);
    expect(emu.stderr()).toContain('SIGTERM, stopping');
    await expect(fetch(`${emu.url}/_emulator/health`)).rejects.toThrow();
  });
});

/** The emulator's current latency, jitter, fault rate and rate limits (an empty config change echoes them). */
async function knobs(url: string): Promise<{
  latencyMs: number;
  jitter: number;
  faults: number;
  rates: unknown;
  propagationDelayMs: number;
}> {
  return (await (await fetch(`${url}/_emulator/config`, { method: 'POST', body: '{}' })).json()) as never;
}

describe('rootctl emulator realism knobs', () => {
  it('passes --latency-ms, --jitter, --faults and every --rate to the running emulator', async () => {
    const emu = await startCli([
      '--port',
      '0',
      '--accounts',
      '8',
      '--latency-ms',
      '5',
      '--jitter',
      '0.1',
      '--faults',
      '0.25',
      '--seed',
      '9',
      '--rate',
      'AssumeRoot=7/s',
      '--rate',
      'ListAccounts=120/m',
      '--rate',
      'default=3/s',
    ]);
    try {
      expect(await knobs(emu.url)).toEqual({
        latencyMs: 5,
        jitter: 0.1,
        faults: 0.25,
        rates: { operations: { AssumeRoot: 7, LookupEvents: 2, ListAccounts: 2 }, defaultPerSecond: 3 },
        propagationDelayMs: 0,
      });
      expect(emu.stderr()).toContain(
        'throttling AssumeRoot=7/s LookupEvents=2/s ListAccounts=2/s default=3/s; latency 5 ms ±10%; faults 0.25',
      );
    } finally {
      expect(await emu.stop('SIGTERM')).toBe(0);
    }
  });
});

describe('rootctl emulator --scenario', () => {
  it('loads the example scenario, serves exactly its accounts, and stops on SIGINT with exit 0', async () => {
    const emu = await startCli(['--port', '0', '--scenario', EXAMPLE]);
    try {
      const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as {
        organization: { id: string };
        accounts: { id: string }[];
        principals: {
          profile: string;
          accessKeyId: string;
          secretAccessKey: string;
          sessionToken?: string;
        }[];
      };
      // Without --profiles-dir the export lines carry the endpoint and the security principal's keys.
      const security = example.principals.find((p) => p.profile === 'security')!;
      expect(emu.stdoutLines).toContain(`export AWS_ENDPOINT_URL=${emu.url}`);
      expect(emu.stdoutLines).toContain(`export AWS_ACCESS_KEY_ID=${security.accessKeyId}`);
      const mgmt = example.principals.find((p) => p.profile === 'management')!;
      const org = new OrganizationsClient({
        region: 'us-east-1',
        endpoint: emu.url,
        credentials: {
          accessKeyId: mgmt.accessKeyId,
          secretAccessKey: mgmt.secretAccessKey,
          sessionToken: mgmt.sessionToken!,
        },
      });
      const listed = await org.send(new ListAccountsCommand({}));
      expect(listed.Accounts!.map((a) => a.Id).sort()).toEqual(example.accounts.map((a) => a.id).sort());
      expect((await state(emu.url)).organization.id).toBe(example.organization.id);
    } finally {
      expect(await emu.stop('SIGINT')).toBe(0);
    }
  });

  it('rejects an invalid scenario with one line naming the field (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rootctl-emu-bad-'));
    try {
      const bad = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { accounts: { parentId: string }[] };
      bad.accounts[2]!.parentId = 'ou-ex12-nothere1';
      const file = join(dir, 'bad.json');
      writeFileSync(file, JSON.stringify(bad));
      const r = await runCli(['emulator', '--port', '0', '--scenario', file]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      const [first, ...rest] = r.stderr.trim().split('\n');
      expect(first).toBe(
        `rootctl: InvalidScenario: ${file}: accounts[2].parentId: ou-ex12-nothere1 is neither the root (r-ex12) nor an OU id`,
      );
      expect(rest).toEqual([expect.stringMatching(/^ {2}hint: .*docs\/scenario\.md/)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('round-trips --dump-scenario through --scenario, and the same seed dumps the same organization', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rootctl-emu-dump-'));
    try {
      const [a, b] = [join(dir, 'a.json'), join(dir, 'b.json')];
      expect(
        (
          await runCli([
            'emulator',
            '--accounts',
            '25',
            '--seed',
            '3',
            '--blocking-scp',
            '--dump-scenario',
            a,
          ])
        ).code,
      ).toBe(0);
      // The rest in-process: same code path, no new Node process each time.
      const again = await runInProcess([
        'emulator',
        '--accounts',
        '25',
        '--seed',
        '3',
        '--blocking-scp',
        '--dump-scenario',
        '-',
      ]);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toEqual(JSON.parse(readFileSync(a, 'utf8')));
      expect((await runInProcess(['emulator', '--scenario', a, '--dump-scenario', b])).code).toBe(0);
      expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
      const other = await runInProcess([
        'emulator',
        '--accounts',
        '25',
        '--seed',
        '4',
        '--dump-scenario',
        '-',
      ]);
      expect(JSON.parse(other.stdout).organization.id).not.toBe(JSON.parse(again.stdout).organization.id);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('rootctl emulator flags', () => {
  const bad: [string[], RegExp][] = [
    [
      ['--rate', 'garbage'],
      /^rootctl: UsageError: option '--rate <Op=N\/s>' argument 'garbage' is invalid\./,
    ],
    [['--rate', 'AssumeRoots=5/s'], /^rootctl: UsageError: --rate: 'AssumeRoots' is not an operation/],
    [['--faults', '2'], /^rootctl: UsageError: option '--faults <p>' argument '2' is invalid\./],
    [['--accounts', '0'], /^rootctl: UsageError: option '--accounts <n>' argument '0' is invalid\./],
    [['--port', 'http'], /^rootctl: UsageError: option '--port <port>' argument 'http' is invalid\./],
    [['--state', 'done'], /^rootctl: UsageError: option '--state <state>' argument 'done' is invalid\./],
    [
      ['--state', 'configured', '--feature-set', 'consolidated-billing'],
      /^rootctl: UsageError: --state configured needs --feature-set all/,
    ],
    [
      ['--scenario', EXAMPLE, '--accounts', '10'],
      /^rootctl: UsageError: option '--scenario <file>' cannot be used with option '--accounts <n>'/,
    ],
    [
      ['--no-throttle', '--rate', 'AssumeRoot=1/s'],
      /^rootctl: UsageError: --rate and --no-throttle cannot be used together/,
    ],
  ];
  it.each(bad)('refuses %j with one UsageError line, its hint, and exit 2', async (args, expected) => {
    const r = await runInProcess(['emulator', '--port', '0', ...args]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(expected),
      '  hint: Run `rootctl emulator --help` for its options and examples.',
    ]);
  });

  it('reports a port in use with exit 3', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runInProcess(['emulator', '--port', String(port)]);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr.split('\n')[0]).toBe(
        `rootctl: PortInUse: Port ${port} on 127.0.0.1 is already in use.`,
      );
    } finally {
      blocker.close();
    }
  });
});
