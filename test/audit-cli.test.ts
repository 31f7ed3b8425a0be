/**
 * `rootctl audit` and `rootctl history` end to end: the built CLI against the emulator. The JSON and
 * CSV schemas (as docs/audit.md documents them), exit codes, and the diff after root credentials
 * come back. Needs `npm run build` first.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateLoginProfileCommand, DeleteLoginProfileCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CSV_COLUMNS } from '../src/core/report/csv.js';
import { emulatorFixture, runCli, type EmulatorFixture } from './guardrails-activity-support.js';
import { assumeRoot, iamClient } from './helpers/emulator-clients.js';
import {
  emulatorStats,
  expectMatchesTruth,
  ouPathOf,
  truthOf,
  type Truth,
  when,
} from './helpers/audit-emulator.js';
import type { AuditReport } from '../src/core/audit/model.js';
import { initDb } from '../src/store/db.js';
import { parseCsv } from './helpers/csv.js';

const iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'ISO 8601');
const status = z.enum(['compliant', 'non_compliant', 'error', 'skipped']);
/** The documented JSON schema, version 1 (docs/audit.md). Strict: an undocumented field fails. */
const ReportSchema = z.strictObject({
  schemaVersion: z.literal(1),
  organizationId: z.string().regex(/^o-[a-z0-9]{10,32}$/),
  managementAccountId: z.string().regex(/^\d{12}$/),
  generatedAt: iso,
  metadata: z.strictObject({
    callerArn: z.string().startsWith('arn:'),
    callerRole: z.enum(['management', 'delegated-admin', 'other']),
    region: z.string(),
    detail: z.enum(['summary', 'full']),
    scope: z.string(),
    durationMs: z.number().int().nonnegative(),
    rootctlVersion: z.string(),
  }),
  managementRoot: z
    .strictObject({ mfa: z.boolean().optional(), accessKeys: z.boolean().optional() })
    .optional(),
  accounts: z.array(
    z.strictObject({
      accountId: z.string().regex(/^\d{12}$/),
      accountName: z.string(),
      ouPath: z.string().regex(/^Root(\/.+)*$/),
      joinedMethod: z.enum(['INVITED', 'CREATED']).optional(),
      status,
      root: z
        .strictObject({
          detail: z.enum(['summary', 'full']),
          password: z.strictObject({ present: z.boolean(), createDate: iso.optional() }),
          accessKeys: z.array(
            z.strictObject({
              id: z.string(),
              status: z.enum(['Active', 'Inactive']),
              createDate: iso.optional(),
              lastUsed: z.strictObject({ date: iso, service: z.string(), region: z.string() }).optional(),
            }),
          ),
          signingCertificates: z.array(
            z.strictObject({
              id: z.string(),
              status: z.enum(['Active', 'Inactive']),
              uploadDate: iso.optional(),
            }),
          ),
          mfaDevices: z.array(
            z.strictObject({
              serialNumber: z.string(),
              enableDate: iso.optional(),
              type: z.enum(['virtual', 'hardware', 'fido', 'unknown']),
            }),
          ),
          accessKeysPresent: z.boolean(),
          signingCertificatesPresent: z.boolean(),
          mfaPresent: z.boolean(),
        })
        .optional(),
      error: z.strictObject({ code: z.string(), message: z.string(), diagnosis: z.string() }).optional(),
      skipReason: z.string().optional(),
      overdueException: z.strictObject({ task: z.string(), expiresAt: iso }).optional(),
      auditedAt: iso,
      // The checks that did not pass (docs/generated/checks.md).
      checks: z
        .array(z.strictObject({ id: z.string(), status: z.enum(['fail', 'unknown']), reason: z.string() }))
        .optional(),
    }),
  ),
  summary: z.strictObject({
    total: z.number(),
    compliant: z.number(),
    non_compliant: z.number(),
    error: z.number(),
    skipped: z.number(),
  }),
});

describe('rootctl audit (CLI)', () => {
  let f: EmulatorFixture;
  let dir: string;
  let truth: Truth;
  const audit = (args: string[]) =>
    runCli(['audit', '--profile', 'security', '--db', join(dir, 'h.db'), ...args], f.env);
  beforeAll(async () => {
    f = await emulatorFixture({ accounts: 50, seed: 31, state: 'configured', blockingScp: true });
    dir = mkdtempSync(join(tmpdir(), 'rootctl-audit-'));
    // The history databases these tests name with --db, as an operator creates them (rootctl db init).
    for (const name of ['h.db', 'scoped.db']) await (await initDb(join(dir, name))).close();
    truth = await truthOf(f.emu.url);
  });
  afterAll(() => f.close());

  it('--output json follows the documented schema and matches the ground truth', async () => {
    const r = await audit(['-o', 'json', '--no-history']);
    expect(r.code, r.stderr).toBe(0);
    const report = ReportSchema.parse(JSON.parse(r.stdout)) as unknown as AuditReport;
    expectMatchesTruth(report, truth);
    expect(report.summary.total).toBe(report.accounts.length);
    expect(report.summary.error).toBe(report.accounts.filter((a) => a.status === 'error').length);
    // An account's status is its credential checks' verdict, and its record names the ones that failed.
    const failing = (a: AuditReport['accounts'][number]) =>
      (a.checks ?? []).filter(
        (c) => c.status === 'fail' && c.id.startsWith('root-') && c.id.endsWith('-absent'),
      );
    for (const a of report.accounts.filter((x) => x.status === 'non_compliant'))
      expect(failing(a).length, a.accountId).toBeGreaterThan(0);
    for (const a of report.accounts.filter((x) => x.status === 'compliant')) expect(failing(a)).toEqual([]);
  });

  it('--output csv has the documented columns and one row per account', async () => {
    const out = join(dir, 'a.csv');
    const r = await audit(['-o', 'csv', '--out', out, '--no-history', '--detail', 'summary']);
    expect(r.code, r.stderr).toBe(0);
    const rows = parseCsv(readFileSync(out, 'utf8'));
    expect(rows[0]).toEqual(CSV_COLUMNS.map((c) => c.name));
    const docs = readFileSync(resolve(import.meta.dirname, '../docs/audit.md'), 'utf8');
    for (const c of CSV_COLUMNS)
      expect(docs, `docs/audit.md documents CSV column ${c.name}`).toMatch(
        new RegExp(`\\| \`${c.name}\` +\\|`),
      );
    const body = rows.slice(1);
    expect(body).toHaveLength(truth.accounts.length);
    const col = (name: string) => CSV_COLUMNS.findIndex((c) => c.name === name);
    for (const t of truth.accounts) {
      const row = body.find((x) => x[0] === t.id)!;
      expect(row[col('accountName')]).toBe(t.name);
      if (row[col('status')] === 'compliant' || row[col('status')] === 'non_compliant') {
        expect(row[col('passwordPresent')]).toBe(String(t.root.password));
        expect(row[col('accessKeysPresent')]).toBe(String(t.root.accessKeys.length > 0));
      }
    }
    expect(
      body
        .filter((x) => x[col('status')] === 'error')
        .every((x) => x[col('diagnosis')]!.startsWith('blocked by SCP')),
    ).toBe(true);
  });

  it('--output csv --detail full fills the full-detail columns from the ground truth', async () => {
    const out = join(dir, 'full.csv');
    const r = await audit(['-o', 'csv', '--out', out, '--no-history', '--detail', 'full']);
    expect(r.code, r.stderr).toBe(0);
    const rows = parseCsv(readFileSync(out, 'utf8'));
    const col = (name: string) => CSV_COLUMNS.findIndex((c) => c.name === name);
    const cell = (row: string[], name: string) => row[col(name)]!;
    const split = (v: string) => (v === '' ? [] : v.split('; ').sort());
    let audited = 0;
    let withKeys = 0;
    for (const t of truth.accounts) {
      const row = rows.find((x) => x[0] === t.id)!;
      if (!['compliant', 'non_compliant'].includes(cell(row, 'status'))) continue;
      audited++;
      if (t.root.accessKeys.length) withKeys++;
      expect(cell(row, 'detail')).toBe('full');
      expect(when(cell(row, 'passwordCreateDate') || null), `${t.id} password date`).toBe(
        when(t.root.passwordCreateDate),
      );
      expect(cell(row, 'accessKeyCount')).toBe(String(t.root.accessKeys.length));
      expect(cell(row, 'activeAccessKeyCount')).toBe(
        String(t.root.accessKeys.filter((k) => k.status === 'Active').length),
      );
      expect(split(cell(row, 'accessKeys'))).toEqual(
        t.root.accessKeys
          .map((k) => `${k.id} ${k.status} created ${new Date(k.createDate).toISOString()}`)
          .sort(),
      );
      expect(split(cell(row, 'accessKeysLastUsed'))).toEqual(
        t.root.accessKeys
          .map((k) =>
            k.lastUsed
              ? `${k.id} ${new Date(k.lastUsed.date).toISOString()} ${k.lastUsed.service} ${k.lastUsed.region}`
              : `${k.id} never`,
          )
          .sort(),
      );
      expect(cell(row, 'signingCertificateCount')).toBe(String(t.root.signingCertificates.length));
      expect(split(cell(row, 'mfaDevices')).map((x) => x.split(' ')[0])).toEqual(
        t.root.mfaDevices.map((d) => d.serialNumber).sort(),
      );
    }
    expect(audited).toBeGreaterThan(20);
    expect(withKeys).toBeGreaterThan(0);
  });

  it('exit codes: 1 with --fail-on, 2 for bad input, 3 when the caller may not call AssumeRoot', async () => {
    expect((await audit(['-q', '--no-history', '--fail-on', 'error'])).code).toBe(1);
    expect((await audit(['-q', '--no-history', '--fail-on', 'non-compliant'])).code).toBe(1);
    const bad = await audit(['--accounts', '12345']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('InvalidAccountId');
    const unknown = await audit(['--accounts', '999999999999']);
    expect([unknown.code, unknown.stderr.includes('UnknownAccount')]).toEqual([2, true]);
    expect((await audit(['--ou', 'not-an-ou'])).code).toBe(2);
    expect((await audit(['--concurrency', '0'])).code).toBe(2);
    const readonly = await runCli(
      ['audit', '--profile', 'security-readonly', '--no-history', '-o', 'json'],
      f.env,
    );
    expect(readonly.code).toBe(3);
    expect(readonly.stderr).toContain('no account could be audited');
    expect(JSON.parse(readonly.stdout).summary.error).toBeGreaterThan(0);
  });

  it('refuses bad --out, empty --fail-on, a missing history --db and --from after --to, before any AWS call', async () => {
    const calls = async () =>
      Object.values((await emulatorStats(f.emu.url)).calls).reduce((n, v) => n + v, 0);
    const before = await calls();
    const cases: [string[], number, string][] = [
      [['--out', join(dir, 'no-such-dir', 'a.json')], 2, 'does not exist'],
      [['--out', dir], 2, 'it is a directory'],
      [['--fail-on', ''], 2, '--fail-on needs one of'],
      [['--fail-on', ' , '], 2, '--fail-on needs one of'],
      [['history', '--db', join(dir, 'typo', 'h.db')], 2, 'NoDatabase: There is no database at'],
      [
        ['history', '--db', join(dir, 'h.db'), '--diff', '--from', '5', '--to', '1'],
        2,
        'did you mean --from 1 --to 5',
      ],
    ];
    for (const [args, code, text] of cases) {
      const r = args[0] === 'history' ? await runCli(args, f.env) : await audit(['-q', ...args]);
      expect([r.code, r.stderr], args.join(' ')).toEqual([code, expect.stringContaining(text)]);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(existsSync(join(dir, 'typo'))).toBe(false);
    expect(await calls()).toBe(before);
  });

  it('history and journal on a fresh machine: nothing recorded yet (exit 0), and no database created', async () => {
    const home = mkdtempSync(join(tmpdir(), 'rootctl-fresh-home-'));
    const env = { ...f.env, HOME: home, ROOTCTL_DB: '' };
    const history = await runCli(['history'], env);
    expect([history.code, history.stdout.trim()], history.stderr).toEqual([
      0,
      'No audits in the history yet: run `rootctl audit`.',
    ]);
    const journal = await runCli(['journal'], env);
    expect([journal.code, journal.stdout.trim()], journal.stderr).toEqual([0, 'No runs in the journal yet.']);
    expect(existsSync(join(home, '.rootctl'))).toBe(false);
  });

  it('--diff and history --diff list the account that regained root credentials first', async () => {
    const first = await audit(['-q', '-o', 'json']);
    expect(first.code, first.stderr).toBe(0);
    const before = JSON.parse(first.stdout) as AuditReport;
    const clean = before.accounts.find((a) => a.status === 'compliant')!;
    const passwordOnly = before.accounts.find(
      (a) =>
        a.status === 'non_compliant' &&
        a.root?.password.present &&
        !a.root.accessKeysPresent &&
        !a.root.signingCertificatesPresent &&
        !a.root.mfaPresent,
    )!;
    const caller = f.credentials('security');
    const create = await assumeRoot(f.emu.url, caller, clean.accountId, 'IAMCreateRootUserPassword');
    await iamClient(f.emu.url, create).send(new CreateLoginProfileCommand({}));
    const del = await assumeRoot(f.emu.url, caller, passwordOnly.accountId, 'IAMDeleteRootUserCredentials');
    await iamClient(f.emu.url, del).send(new DeleteLoginProfileCommand({}));

    const second = await audit(['-q', '--diff']);
    expect(second.code, second.stderr).toBe(0);
    const diffText = second.stdout.slice(second.stdout.indexOf('Changes since'));
    expect(diffText).toMatch(
      new RegExp(
        `Regained root credentials \\(1\\)\\n.*\\n${clean.accountId} .*regained root credentials: password`,
      ),
    );
    expect(diffText.indexOf('Regained')).toBeLessThan(diffText.indexOf(`Remediated (1)`));
    expect(diffText).toContain(passwordOnly.accountId);

    const hist = await runCli(['history', '--db', join(dir, 'h.db'), '--diff', '-o', 'json'], f.env);
    expect(hist.code, hist.stderr).toBe(0);
    const diff = JSON.parse(hist.stdout) as {
      schemaVersion: number;
      kind: string;
      changes: { kind: string; accountId: string }[];
    };
    expect(diff).toMatchObject({ schemaVersion: 1, kind: 'rootctl.audit-diff' });
    expect(diff.changes.map((c) => [c.kind, c.accountId])).toEqual([
      ['regained', clean.accountId],
      ['remediated', passwordOnly.accountId],
    ]);
    const list = await runCli(['history', '--db', join(dir, 'h.db')], f.env);
    expect(list.stdout.trim().split('\n')).toHaveLength(3); // header + two audits
    // JSON: a versioned document, not the bare array it was (docs/audit.md).
    const listed = await runCli(['history', '--db', join(dir, 'h.db'), '-o', 'json'], f.env);
    expect(listed.code, listed.stderr).toBe(0);
    const history = JSON.parse(listed.stdout) as {
      schemaVersion: number;
      kind: string;
      audits: { id: number; organizationId: string }[];
    };
    expect(history).toMatchObject({ schemaVersion: 1, kind: 'rootctl.history' });
    expect(history.audits.map((a) => a.organizationId)).toEqual([
      truth.organization.id,
      truth.organization.id,
    ]);
    expect(history.audits[0]!.id).toBeGreaterThan(history.audits[1]!.id); // newest first
  });

  it('--diff compares with an audit of the same scope, else only the accounts both cover', async () => {
    const db = join(dir, 'scoped.db');
    const run = (args: string[]) =>
      runCli(['audit', '--profile', 'security', '--db', db, '-q', ...args], f.env);
    const workloads = truth.ous.find((o) => o.name === 'Workloads')!.id;
    const inWorkloads = truth.accounts.filter((a) =>
      ouPathOf(truth, a.id).startsWith('Root/Workloads'),
    ).length;
    expect((await run([])).code).toBe(0); // audit 1: the organization

    const ou = await run(['--ou', workloads, '--diff']); // audit 2: no earlier audit of this OU
    expect(ou.code, ou.stderr).toBe(0);
    const ouDiff = ou.stdout.slice(ou.stdout.indexOf('Changes since'));
    expect(ouDiff).not.toContain('No longer in the audit');
    expect(ouDiff).toMatch(/^Changes since audit 1 of \S+ \(organization\) to audit 2 of /);
    expect(ouDiff).toContain(`Different scopes: only the ${inWorkloads} account(s) both audits cover`);
    expect(ouDiff).toContain(`No changes (${inWorkloads} accounts unchanged)`);

    const org = await run(['--diff']); // audit 3: against audit 1, not the OU's audit 2
    const orgDiff = org.stdout.slice(org.stdout.indexOf('Changes since'));
    expect(orgDiff).not.toContain('New accounts');
    expect(orgDiff).toMatch(/^Changes since audit 1 of \S+ \(organization\) to audit 3 of /);
    expect(orgDiff).not.toContain('Different scopes');

    expect((await run(['--ou', workloads, '--no-history', '--diff'])).stdout).toMatch(
      new RegExp(`Changes since audit 2 of \\S+ \\(ou:${workloads}\\) to the audit of `),
    );
    const hist = await runCli(['history', '--db', db, '--diff', '-o', 'json'], f.env);
    expect(hist.code, hist.stderr).toBe(0);
    const d = JSON.parse(hist.stdout) as { from: { auditId: number }; to: { auditId: number } };
    expect([d.from.auditId, d.to.auditId]).toEqual([1, 3]);
  });

  it('--output html --out writes one self-contained file', async () => {
    const out = join(dir, 'a.html');
    const r = await audit(['-q', '--no-history', '-o', 'html', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html.toLowerCase()).toContain('<html');
    expect(html).toContain(truth.organization.id);
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']https?:/);
  });
});

// AWS's refusals, as live AWS words them (radkawar/stackd testdata/aws/iam/root_sessions.json): the
// audit's organization-wide stop fires on them, so a missing setting costs a few AssumeRoot calls.
describe('rootctl audit and the organization features', () => {
  const assumeRootCalls = async (f: EmulatorFixture) =>
    (await f.state()).events.filter((e) => e.eventName === 'AssumeRoot').length;

  it('with IAM trusted access off: prints the report, says why nothing could be audited and exits 3', async () => {
    const f = await emulatorFixture({ accounts: 30, seed: 32, state: 'fresh' });
    try {
      const r = await runCli(['audit', '--profile', 'management', '--no-history', '-q'], f.env);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('IAM trusted access is not enabled in AWS Organizations');
      expect(r.stdout).toContain('Accounts that could not be audited');
      expect(await assumeRootCalls(f)).toBeLessThan(20);
      const s = await runCli(['audit', '--profile', 'security', '--no-history', '-q'], f.env);
      expect(s.code).toBe(3);
      expect(s.stderr).toContain('NotManagementOrDelegatedAdmin');
    } finally {
      await f.close();
    }
  });

  it('with RootSessions alone: AWS refuses the audit task; the run stops after a few refusals', async () => {
    const f = await emulatorFixture({ accounts: 60, seed: 32, state: 'configured' }, (s) => {
      s.features = ['RootSessions'];
    });
    try {
      const r = await runCli(
        ['audit', '--profile', 'security', '--no-history', '-q', '--concurrency', '4'],
        f.env,
      );
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toContain('RootCredentialsManagement is not enabled for the organization');
      // Bounded: the threshold plus what was already in flight, not one per member account.
      expect(await assumeRootCalls(f)).toBeLessThanOrEqual(8);
    } finally {
      await f.close();
    }
  });

  it('with RootCredentialsManagement alone: audits every account', async () => {
    const f = await emulatorFixture({ accounts: 20, seed: 32, state: 'configured' }, (s) => {
      s.features = ['RootCredentialsManagement'];
    });
    try {
      const r = await runCli(['audit', '--profile', 'security', '--no-history', '-q', '-o', 'json'], f.env);
      expect([0, 1], r.stderr).toContain(r.code);
      const report = JSON.parse(r.stdout) as { accounts: { status: string }[] };
      expect(report.accounts.filter((a) => a.status === 'error')).toEqual([]);
    } finally {
      await f.close();
    }
  });
});
