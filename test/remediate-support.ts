/**
 * Shared by the remediate, journal and exception end-to-end tests: an emulator on a generated
 * organization, the scenario's profiles in a temporary AWS config, a temporary database (ROOTCTL_DB),
 * and the CLI run against them in-process (or, where the process is the point, spawned from dist/). The emulator's own state is the
 * ground truth the tests compare with.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { generateScenario, type GenerateOptions } from '../src/emulator/scenario/generate.js';
import { writeProfiles } from '../src/emulator/scenario/profiles.js';
import { initDb } from '../src/store/db.js';
import { openSqlite, type SqlValue } from '../src/store/sqlite.js';
import type { Scenario } from '../src/emulator/scenario/schema.js';
import { runCli, spawnCli, type CliResult } from './support/cli.js';

export type { CliResult } from './support/cli.js';

export interface RootView {
  password: boolean;
  accessKeys: { id: string; lastUsed?: { date: string } }[];
  signingCertificates: { id: string }[];
  mfaDevices: { serialNumber: string }[];
}

export interface StateAccount {
  id: string;
  name: string;
  status: string;
  parentId: string;
  root: RootView;
  buckets: { name: string; policy?: string }[];
  queues: { name: string; policy?: string }[];
}

export interface TrailEvent {
  eventName: string;
  eventSource: string;
  errorCode?: string;
  recipientAccountId: string;
  requestParameters: Record<string, unknown> | null;
  userIdentity: { type: string; arn: string; accessKeyId?: string };
}

export interface EmulatorState {
  organization: { id: string; managementAccountId: string; rootId: string };
  ous: { id: string; name: string; parentId: string }[];
  accounts: StateAccount[];
  events: TrailEvent[];
}

export interface Fixture {
  emu: RunningEmulator;
  scenario: Scenario;
  dir: string;
  dbFile: string;
  env: Record<string, string>;
  /** Runs the CLI in-process (test/support/cli.ts). */
  run(args: string[]): Promise<CliResult>;
  /** Starts the built CLI as a process without waiting (for kill -9 / SIGSTOP / SIGINT tests). */
  start(args: string[]): { child: ChildProcess; done: Promise<CliResult> };
  state(): Promise<EmulatorState>;
  config(body: Record<string, unknown>): Promise<void>;
  /** Reads the journal database directly (read-only), as an auditor would. */
  query<T>(sql: string, ...params: SqlValue[]): T[];
  /** Changes the database directly (a test's way to make time pass for rows the CLI wrote). */
  exec(sql: string): void;
  close(): Promise<void>;
}

export async function fixture(
  options: Partial<GenerateOptions> & {
    rates?: { operations: Record<string, number>; defaultPerSecond: number };
    /** Changes the generated scenario before the emulator starts. */
    mutate?: (s: Scenario) => void;
  } = {},
): Promise<Fixture> {
  const { rates, mutate, ...gen } = options;
  const scenario = generateScenario({ accounts: 40, seed: 5, state: 'configured', ...gen });
  mutate?.(scenario);
  const emu = await startEmulator(scenario, rates ? { knobs: { rates } } : {});
  const dir = mkdtempSync(join(tmpdir(), 'rootctl-remediate-'));
  const files = writeProfiles(scenario, dir, emu.url);
  const dbFile = join(dir, 'rootctl.db');
  // The database the operator would create with `rootctl db init` (ROOTCTL_DB must exist).
  await (await initDb(dbFile)).close();
  const env = {
    AWS_CONFIG_FILE: files.configFile,
    AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile,
    AWS_PROFILE: 'security',
    ROOTCTL_DB: dbFile,
  };
  const start = (args: string[]) => spawnCli(args, env);
  return {
    emu,
    scenario,
    dir,
    dbFile,
    env,
    start,
    run: (args) => runCli(args, env),
    async state() {
      return (await (await fetch(`${emu.url}/_emulator/state`)).json()) as EmulatorState;
    },
    async config(body) {
      const r = await fetch(`${emu.url}/_emulator/config`, { method: 'POST', body: JSON.stringify(body) });
      if (!r.ok) throw new Error(`emulator config failed: ${r.status}`);
    },
    query<T>(sql: string, ...params: SqlValue[]): T[] {
      // The file itself, read-only and synchronously, as an auditor would read it with sqlite3.
      const db = openSqlite(dbFile, { readonly: true });
      try {
        return db.prepare(sql).all(...params) as T[];
      } finally {
        db.close();
      }
    },
    exec(sql: string) {
      const db = openSqlite(dbFile);
      try {
        db.exec('PRAGMA busy_timeout = 5000');
        db.exec(sql);
      } finally {
        db.close();
      }
    },
    async close() {
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every root credential of an account, as target ids the way plans and the journal name them. */
export function rootTargets(a: StateAccount): string[] {
  return [
    ...a.root.mfaDevices.map((d) => d.serialNumber),
    ...a.root.accessKeys.map((k) => k.id),
    ...a.root.signingCertificates.map((c) => c.id),
    ...(a.root.password ? ['login-profile'] : []),
  ];
}

/** The OU ids under (and including) `ouId`. */
export function ousUnder(state: EmulatorState, ouId: string): Set<string> {
  const out = new Set([ouId]);
  for (let grew = true; grew;) {
    grew = false;
    for (const ou of state.ous) {
      if (out.has(ou.parentId) && !out.has(ou.id)) {
        out.add(ou.id);
        grew = true;
      }
    }
  }
  return out;
}

/** The credential a delete event targets: `key:<id>`, `cert:<id>`, `mfa:<serial>`, `login-profile:<account>`. */
function deleteTarget(e: TrailEvent): string | undefined {
  const p = e.requestParameters ?? {};
  switch (e.eventName) {
    case 'DeleteAccessKey':
      return `key:${String(p.accessKeyId)}`;
    case 'DeleteLoginProfile':
      return `login-profile:${e.recipientAccountId}`;
    case 'DeleteSigningCertificate':
      return `cert:${String(p.certificateId)}`;
    case 'DeactivateMFADevice':
      return `mfa:${String(p.serialNumber)}`;
    default:
      return undefined;
  }
}

/** Successful deletions per target: DeleteAccessKey by key id, DeleteLoginProfile by account, etc. */
export function successfulDeletes(state: EmulatorState): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [target, events] of deleteEvents(state)) {
    const ok = events.filter((e) => e.errorCode === undefined).length;
    if (ok) counts.set(target, ok);
  }
  return counts;
}

/** Every delete call per target that reached the service, failed ones included (e.g. NoSuchEntity). */
export function deleteEvents(state: EmulatorState): Map<string, TrailEvent[]> {
  const out = new Map<string, TrailEvent[]>();
  for (const e of state.events) {
    const target = deleteTarget(e);
    if (target) out.set(target, [...(out.get(target) ?? []), e]);
  }
  return out;
}

/** A journal step's credential, named the way deleteEvents names it. */
export function journalTarget(step: { account_id: string; action: string; target_id: string }): string {
  switch (step.action) {
    case 'DeleteAccessKey':
      return `key:${step.target_id}`;
    case 'DeleteSigningCertificate':
      return `cert:${step.target_id}`;
    case 'DeactivateMFADevice':
      return `mfa:${step.target_id}`;
    default:
      return `login-profile:${step.account_id}`;
  }
}

/** Polls until `check` returns a value (or the timeout passes). */
export async function waitFor<T>(check: () => T | undefined, timeoutMs = 60_000, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
