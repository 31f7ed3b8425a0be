/**
 * The demo's sandbox: a generated organization served by the embedded emulator on a free loopback
 * port, AWS profile files pointing at it, and a folder for the database, plan and report. The
 * environment of a demo run is set here and put back afterwards, so an AWS_PROFILE or
 * AWS_ENDPOINT_URL of the user's cannot send a demo command anywhere but the emulator.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { generateScenario } from '../emulator/scenario/generate.js';
import { writeProfiles, type ProfileFiles } from '../emulator/scenario/profiles.js';
import type { Scenario } from '../emulator/scenario/schema.js';
import { initDb } from '../store/db.js';

export interface SandboxOptions {
  accounts: number;
  seed: number;
  /** Folder for the files of the run; default a new folder under the OS temp dir. */
  dir?: string | undefined;
  /** SQLite database; default <dir>/rootctl.db. */
  db?: string | undefined;
  port?: number | undefined;
}

export interface Sandbox {
  scenario: Scenario;
  emulator: RunningEmulator;
  dir: string;
  db: string;
  profiles: ProfileFiles;
  /** The variables a demo command runs with (unset ones are listed as undefined). */
  env: Record<string, string | undefined>;
  close(): Promise<void>;
}

/** Variables that would point the AWS SDK or rootctl elsewhere; cleared for the run. */
const CLEARED = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_STS',
  'AWS_ENDPOINT_URL_IAM',
  'AWS_ENDPOINT_URL_ORGANIZATIONS',
  'AWS_ENDPOINT_URL_CLOUDTRAIL',
  'AWS_ENDPOINT_URL_S3',
  'AWS_ENDPOINT_URL_SQS',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_STS_REGIONAL_ENDPOINTS',
];

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const scenario = generateScenario({
    accounts: options.accounts,
    seed: options.seed,
    blockingScp: true,
    state: 'fresh',
  });
  const dir = options.dir === undefined ? mkdtempSync(join(tmpdir(), 'rootctl-demo-')) : resolve(options.dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const emulator = await startEmulator(scenario, options.port === undefined ? {} : { port: options.port });
  const profiles = writeProfiles(scenario, join(dir, 'aws'), emulator.url);
  const db = resolve(options.db ?? join(dir, 'rootctl.db'));
  // The demo's own database: created here (0600), as `rootctl db init` would.
  await (await initDb(db)).close();
  const env: Record<string, string | undefined> = Object.fromEntries(CLEARED.map((k) => [k, undefined]));
  Object.assign(env, {
    AWS_CONFIG_FILE: profiles.configFile,
    AWS_SHARED_CREDENTIALS_FILE: profiles.credentialsFile,
    ROOTCTL_DB: db,
  });
  return { scenario, emulator, dir, db, profiles, env, close: () => emulator.close() };
}

/** Runs `fn` with `env` applied to process.env, and restores every variable afterwards. */
export async function withEnv<T>(env: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.keys(env).map((k) => [k, process.env[k]] as const);
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
