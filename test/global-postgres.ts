/**
 * vitest globalSetup: one real PostgreSQL server (Debian's postgresql package) for the whole run, in a
 * temporary directory, on a free loopback port, with password authentication over TCP. Tests get its
 * URL with `inject('postgresUrl')` and create a database of their own (test/helpers/postgres.ts).
 * As root (CI), initdb refuses to run, so the server runs as the `postgres` user (runuser). Stopped
 * by the PID in postmaster.pid afterwards. Where PostgreSQL is not installed the PostgreSQL tests are
 * skipped with a notice, except under CI=true, where that is a failure (.ci/run installs it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
    postgresPassword: string;
  }
}

const PASSWORD = 'rootctl-test-password';

function findBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(base, versions[0], 'bin');
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** Runs a server binary as the current user, or as `postgres` when we are root. */
function asServerUser(root: boolean, bin: string, args: string[]): void {
  const [cmd, argv] = root ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: tmpdir() });
  if (r.status !== 0)
    throw new Error(`${bin} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
}

let stop: (() => void) | undefined;

export async function setup(project: TestProject): Promise<void> {
  project.provide('postgresPassword', PASSWORD);
  const bin = findBin();
  if (!bin) {
    if (process.env.CI === 'true')
      throw new Error(
        'PostgreSQL is not installed (CI=true must run the PostgreSQL tests; .ci/run installs it).',
      );
    process.stderr.write(
      '\nrootctl tests: PostgreSQL not installed (apt-get install postgresql): PostgreSQL tests SKIPPED.\n',
    );
    project.provide('postgresUrl', null);
    return;
  }
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'rootctl-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  chmodSync(dir, 0o700);
  asServerUser(root, join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    `--pwfile=${pwfile}`,
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  const port = await freePort();
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  asServerUser(root, join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-t',
    '60',
    '-o',
    opts,
    'start',
  ]);
  const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  stop = () => {
    try {
      process.kill(pid, 'SIGQUIT'); // immediate shutdown: the data is thrown away
    } catch {
      /* already gone */
    }
    for (let i = 0; i < 100 && alive(pid); i++) spawnSync('sleep', ['0.05']);
    rmSync(dir, { recursive: true, force: true });
  };
  project.provide('postgresUrl', `postgres://postgres@127.0.0.1:${port}/postgres`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function teardown(): void {
  stop?.();
}
