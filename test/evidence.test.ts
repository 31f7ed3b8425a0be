/**
 * The evidence bundle of a real remediation against the emulator (rootctl remediate --all --yes, then
 * rootctl evidence, in this process): the verification is journaled and both audits are in the
 * history; every manifest checksum verifies against the files (folder and .zip); evidence.html names
 * every credential the run deleted; the CloudTrail events are the journal's root sessions; bad input
 * is one line and exit 2.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEvidence } from '../src/index.js';
import { runInProcess } from './support/cli.js';
import { fixture, rootTargets, type EmulatorState, type Fixture } from './remediate-support.js';

interface Manifest {
  kind: string;
  subject: { kind: string };
  callerArn: string;
  bundledBy: string | null;
  rootctlVersion: string;
  files: { name: string; sha256: string; bytes: number }[];
}

let f: Fixture;
let before: EmulatorState;
let runId: string;
let deleted: string[];
const saved: Record<string, string | undefined> = {};

const cli = (args: string[]) => runInProcess(args);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The entries of a zip written by src/app/zip.ts (local headers, deflate or stored). */
function unzip(zip: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (let at = 0; zip.readUInt32LE(at) === 0x04034b50;) {
    const method = zip.readUInt16LE(at + 8);
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extra = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const start = at + 30 + nameLength + extra;
    const data = zip.subarray(start, start + size);
    out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at = start + size;
  }
  return out;
}

function checkManifest(files: Map<string, Buffer>): Manifest {
  const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Manifest;
  expect(manifest.kind).toBe('rootctl.evidence-manifest');
  expect(new Set(manifest.files.map((x) => x.name))).toEqual(
    new Set([...files.keys()].filter((n) => n !== 'manifest.json')),
  );
  for (const entry of manifest.files) {
    const bytes = files.get(entry.name)!;
    expect(sha(bytes), entry.name).toBe(entry.sha256);
    expect(bytes.length).toBe(entry.bytes);
  }
  return manifest;
}

beforeAll(async () => {
  f = await fixture({ accounts: 30, seed: 21 });
  for (const k of Object.keys(process.env))
    if (k.startsWith('AWS_') || k === 'ROOTCTL_DB') saved[k] = process.env[k];
  for (const k of Object.keys(saved)) delete process.env[k];
  Object.assign(process.env, f.env, { NO_COLOR: '1' });
  before = await f.state();
  const r = await cli(['remediate', '--all', '--include-recently-used', '--yes', '--output', 'json', '-q']);
  expect(r.code, r.stderr).toBe(0);
  const result = JSON.parse(r.stdout) as {
    runId: string;
    plan: { accounts: { deletions: { targetId: string }[] }[] };
  };
  runId = result.runId;
  deleted = result.plan.accounts.flatMap((a) => a.deletions.map((d) => d.targetId));
}, 120_000);

afterAll(async () => {
  for (const k of Object.keys(f?.env ?? {})) delete process.env[k];
  Object.assign(process.env, saved);
  await f?.close();
});

describe('a remediation leaves its verification in the journal and its audits in the history', () => {
  it('journals one Verify step per changed account and saves the plan and verification audits', () => {
    const changed = new Set(
      f
        .query<{ account_id: string }>(
          "SELECT DISTINCT account_id FROM journal_steps WHERE run_id = ? AND action <> 'AssumeRoot' AND action <> 'Verify'",
          runId,
        )
        .map((r) => r.account_id),
    );
    expect(changed.size).toBeGreaterThan(0);
    const verify = f.query<{ account_id: string; outcome: string; detail: string }>(
      "SELECT account_id, outcome, detail FROM journal_steps WHERE run_id = ? AND action = 'Verify'",
      runId,
    );
    expect(new Set(verify.map((v) => v.account_id))).toEqual(changed);
    expect(verify.every((v) => v.outcome === 'done')).toBe(true);
    const audits = f.query<{ id: number; report_json: string }>('SELECT id, report_json FROM audits');
    const phases = audits
      .map(
        (a) => (JSON.parse(a.report_json) as { remediation?: { runId: string; phase: string } }).remediation,
      )
      .filter((m) => m?.runId === runId)
      .map((m) => m!.phase);
    expect(phases.sort()).toEqual(['plan', 'verification']);
    const historyId = (JSON.parse(verify[0]!.detail) as { historyId: number }).historyId;
    expect(audits.map((a) => Number(a.id))).toContain(historyId);
  });
});

describe('MFA type in the audit detail', () => {
  it('names each root MFA device virtual, hardware or FIDO as its serial says, as the emulator made it', () => {
    const [row] = f.query<{ report_json: string }>(
      'SELECT report_json FROM audits WHERE report_json LIKE \'%"phase":"plan"%\'',
    );
    const report = JSON.parse(row!.report_json) as {
      accounts: { accountId: string; root?: { mfaDevices: { serialNumber: string; type: string }[] } }[];
    };
    const devices = report.accounts.flatMap((a) => a.root?.mfaDevices ?? []);
    const emulated = new Map(
      before.accounts.flatMap((a) =>
        (a.root.mfaDevices as { serialNumber: string; virtual?: boolean }[]).map((d) => [d.serialNumber, d]),
      ),
    );
    for (const d of devices) {
      const kind = d.serialNumber.startsWith('arn:')
        ? d.serialNumber.includes(':u2f/')
          ? 'fido'
          : 'virtual'
        : 'hardware';
      expect(d.type, d.serialNumber).toBe(kind);
      expect(emulated.get(d.serialNumber)?.virtual ?? true, d.serialNumber).toBe(kind === 'virtual');
    }
    expect(new Set(devices.map((d) => d.type))).toEqual(new Set(['virtual', 'hardware', 'fido']));
  });
});

describe('rootctl evidence --run', () => {
  it('writes a folder whose manifest checksums verify and whose page names every deletion', async () => {
    const out = join(f.dir, 'bundle');
    const r = await cli(['evidence', '--run', runId, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const files = new Map(readdirSync(out).map((n) => [n, readFileSync(join(out, n))]));
    const manifest = checkManifest(files);
    expect(manifest.subject.kind).toBe('run');
    expect(manifest.callerArn).toMatch(/^arn:aws:sts::\d{12}:assumed-role\//);
    expect(manifest.bundledBy).toMatch(/^arn:aws:/);
    for (const name of [
      'plan.json',
      'journal.json',
      'audit-before.json',
      'audit-after.json',
      'diff.json',
      'cloudtrail.json',
      'evidence.html',
    ])
      expect(files.has(name), name).toBe(true);
    // Every credential the emulator had before and the plan deleted is named on the page.
    const html = files.get('evidence.html')!.toString('utf8');
    // The deletions table itself (the journal's step list further down names the targets too).
    const table = html.slice(html.indexOf('<h2>Deletions'), html.indexOf('<h2>Held back'));
    const rows = table.split('<tr>').slice(2);
    const had = new Set(before.accounts.flatMap(rootTargets));
    expect(deleted.length).toBeGreaterThan(0);
    for (const id of deleted) {
      if (id !== 'login-profile') expect(had.has(id), id).toBe(true);
      const row = rows.find((x) => x.includes(`<code>${id}</code>`));
      expect(row, id).toMatch(/class="good">done</);
    }
    // Each journaled root session's AssumeRoot event is there, by its session key.
    const trail = JSON.parse(files.get('cloudtrail.json')!.toString('utf8')) as {
      lookedUp: boolean;
      events: { eventId: string; sessionAccessKeyId: string }[];
    };
    const sessions = f.query<{ k: string }>(
      "SELECT DISTINCT session_access_key_id AS k FROM journal_steps WHERE run_id = ? AND action = 'AssumeRoot'",
      runId,
    );
    expect(trail.lookedUp).toBe(true);
    expect(new Set(trail.events.map((e) => e.sessionAccessKeyId))).toEqual(new Set(sessions.map((s) => s.k)));
    // Every journaled call carries AWS's request id: the one CloudTrail recorded for that very call.
    const journal = JSON.parse(files.get('journal.json')!.toString('utf8')) as {
      steps: { action: string; accountId: string; detail: { requestId?: string } | null }[];
    };
    const events = (await f.state()).events as unknown as {
      requestID: string;
      eventName: string;
      recipientAccountId: string;
    }[];
    const calls = journal.steps.filter((st) => st.action !== 'Verify');
    expect(calls.length).toBeGreaterThan(deleted.length);
    for (const st of calls) {
      const e = events.find((x) => x.requestID === st.detail?.requestId);
      expect(e, `${st.action} ${st.accountId}: request id`).toMatchObject({ eventName: st.action });
    }
    // The diff of the before and after audits shows every changed account remediated.
    const diff = JSON.parse(files.get('diff.json')!.toString('utf8')) as {
      changes: { kind: string; accountId: string; joinedMethod?: string }[];
    };
    expect(diff.changes.length).toBeGreaterThan(0);
    // Each change names how its account joined (invited accounts kept their old root credentials).
    const joined = new Map(f.scenario.accounts.map((a) => [a.id, a.joinedMethod]));
    for (const c of diff.changes) expect(c.joinedMethod, c.accountId).toBe(joined.get(c.accountId));
  });

  it('writes the same bundle as a .zip whose checksums verify', async () => {
    const out = join(f.dir, 'bundle.zip');
    const r = await cli(['evidence', '--run', runId, '--out', out, '--no-cloudtrail', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { format: string }).format).toBe('zip');
    const files = unzip(readFileSync(out));
    checkManifest(files);
    const trail = JSON.parse(files.get('cloudtrail.json')!.toString('utf8')) as { lookedUp: boolean };
    expect(trail.lookedUp).toBe(false);
  });

  it('bundles a saved audit with --audit', async () => {
    const id = f.query<{ id: number }>('SELECT MAX(id) AS id FROM audits')[0]!.id;
    const out = join(f.dir, 'audit-bundle');
    const r = await cli(['evidence', '--audit', String(id), '--out', out, '--no-cloudtrail']);
    expect(r.code, r.stderr).toBe(0);
    const files = new Map(readdirSync(out).map((n) => [n, readFileSync(join(out, n))]));
    expect(checkManifest(files).subject.kind).toBe('audit');
    expect(files.has('audit.json')).toBe(true);
  });

  it("the library's buildEvidence (from the package's entry point) writes the bundle the CLI writes", async () => {
    const id = f.query<{ id: number }>('SELECT MAX(id) AS id FROM audits')[0]!.id;
    const [cliOut, libOut] = [join(f.dir, 'cli-bundle'), join(f.dir, 'lib-bundle')];
    expect((await cli(['evidence', '--audit', String(id), '--out', cliOut, '--no-cloudtrail'])).code).toBe(0);
    const result = await buildEvidence({
      db: f.env.ROOTCTL_DB,
      auditId: id,
      out: libOut,
      cloudtrail: false,
    });
    expect(result).toMatchObject({ kind: 'rootctl.evidence', format: 'folder', out: libOut });
    const read = (dir: string) => new Map(readdirSync(dir).map((n) => [n, readFileSync(join(dir, n))]));
    const [fromCli, fromLib] = [read(cliOut), read(libOut)];
    expect(checkManifest(fromLib).subject).toEqual({ kind: 'audit', auditId: id });
    expect([...fromLib.keys()].sort()).toEqual([...fromCli.keys()].sort());
    // The same data; only the page and manifest carry the time they were made.
    for (const name of ['audit.json', 'diff.json'])
      expect(fromLib.get(name)?.equals(fromCli.get(name)!), name).toBe(true);
    await expect(buildEvidence({ auditId: id, runId, out: join(f.dir, 'z') })).rejects.toMatchObject({
      code: 'UsageError',
    });
  });

  it('refuses an unknown run, an unknown audit and an existing --out with one line and exit 2', async () => {
    const unknownRun = await cli([
      'evidence',
      '--run',
      'run-20000101-000000-abcdef',
      '--out',
      join(f.dir, 'x'),
    ]);
    expect(unknownRun.code).toBe(2);
    expect(unknownRun.stderr).toMatch(/UnknownRun/);
    const unknownAudit = await cli([
      'evidence',
      '--audit',
      '999',
      '--out',
      join(f.dir, 'y'),
      '--no-cloudtrail',
    ]);
    expect(unknownAudit.code).toBe(2);
    expect(unknownAudit.stderr).toMatch(/UnknownAudit/);
    const full = join(f.dir, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'keep.txt'), 'x');
    const exists = await cli(['evidence', '--run', runId, '--out', full]);
    expect(exists.code).toBe(2);
    expect(exists.stderr).toMatch(/OutputExists/);
    expect(readdirSync(full)).toEqual(['keep.txt']);
    for (const r of [unknownRun, unknownAudit, exists]) expect(r.stderr).not.toMatch(/\n\s+at /);
    // Nothing half-written was left next to the refused outputs.
    expect(readdirSync(f.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
