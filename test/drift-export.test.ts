/**
 * Drift exports and invited accounts, through the in-process CLI against the emulator:
 * `history --diff` and `audit --diff` as JSON, CSV (RFC 4180, formula guard) and self-contained HTML
 * (every value escaped), and accounts that joined by invitation (Organizations `JoinedMethod`)
 * flagged in the audit's table, JSON, CSV and HTML and in the diff.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateLoginProfileCommand, DeleteLoginProfileCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditDiff } from '../src/core/audit/diff.js';
import type { AuditReport } from '../src/core/audit/model.js';
import { CSV_COLUMNS } from '../src/core/report/csv.js';
import { DIFF_CSV_COLUMNS } from '../src/core/report/diff-csv.js';
import { initDb } from '../src/store/db.js';
import { emulatorFixture, runCli, type EmulatorFixture } from './guardrails-activity-support.js';
import { parseCsv } from './helpers/csv.js';
import { assumeRoot, iamClient, members } from './helpers/emulator-clients.js';

/** A name an organization could hold: a spreadsheet formula and markup (AWS allows printable ASCII). */
const EVIL = '=HYPERLINK("http://x.example","a")<img src=x onerror=alert(1)>';

const byName = (rows: string[][], names: readonly { name: string }[]) =>
  rows.slice(1).map((r) => Object.fromEntries(names.map((c, i) => [c.name, r[i]])));

describe('drift exports and invited accounts', () => {
  let f: EmulatorFixture;
  let dir: string;
  let invited: string; // clean, INVITED, regains a password between the audits
  let created: string; // password, CREATED, remediated between the audits
  const db = () => join(dir, 'h.db');
  const history = (args: string[]) => runCli(['history', '--db', db(), ...args], f.env);
  let auditTwo: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    f = await emulatorFixture({ accounts: 10, seed: 15, state: 'configured' }, (s) => {
      const [a, b] = members(s);
      for (const x of s.accounts) x.joinedMethod = 'CREATED';
      Object.assign(a!, { joinedMethod: 'INVITED', name: EVIL });
      a!.root = { password: null, accessKeys: [], signingCertificates: [], mfaDevices: [] };
      b!.root = {
        password: { createDate: '2024-02-01T00:00:00Z' },
        accessKeys: [],
        signingCertificates: [],
        mfaDevices: [],
      };
    });
    [invited, created] = members(f.scenario).map((a) => a.id) as [string, string];
    dir = mkdtempSync(join(tmpdir(), 'rootctl-drift-'));
    await (await initDb(db())).close();
    const audit = (args: string[]) =>
      runCli(['audit', '--profile', 'security', '--db', db(), '-q', ...args], f.env);
    const first = await audit([]);
    expect(first.code, first.stderr).toBe(0);
    const caller = f.credentials('security');
    const make = await assumeRoot(f.emu.url, caller, invited, 'IAMCreateRootUserPassword');
    await iamClient(f.emu.url, make).send(new CreateLoginProfileCommand({}));
    const del = await assumeRoot(f.emu.url, caller, created, 'IAMDeleteRootUserCredentials');
    await iamClient(f.emu.url, del).send(new DeleteLoginProfileCommand({}));
    // The report to --out, and the diff on stdout in the same format.
    auditTwo = await audit(['--diff', '-o', 'csv', '--out', join(dir, 'audit.csv')]);
  });
  afterAll(() => f?.close());

  it('audit --diff -o csv --out: the report in the file, the diff as CSV on stdout', () => {
    expect(auditTwo.code, auditTwo.stderr).toBe(0);
    const rows = parseCsv(auditTwo.stdout);
    expect(rows[0]).toEqual(DIFF_CSV_COLUMNS.map((c) => c.name));
    const changes = byName(rows, DIFF_CSV_COLUMNS);
    expect(changes.map((c) => [c.change, c.accountId, c.joinedMethod])).toEqual([
      ['regained', invited, 'INVITED'],
      ['remediated', created, 'CREATED'],
    ]);
    // The formula guard: the name is data, not something a spreadsheet runs.
    expect(changes[0]!.accountName).toBe(`'${EVIL}`);
    expect(changes[0]).toMatchObject({
      fromAuditId: '1',
      toAuditId: '2',
      added: 'password',
      before: 'compliant',
    });
    const report = byName(parseCsv(readFileSync(join(dir, 'audit.csv'), 'utf8')), CSV_COLUMNS);
    expect(report.find((a) => a.accountId === invited)).toMatchObject({ joinedMethod: 'INVITED' });
    expect(report.find((a) => a.accountId === created)).toMatchObject({ joinedMethod: 'CREATED' });
  });

  it('history --diff -o json names the join method of every change', async () => {
    const r = await history(['--diff', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const diff = JSON.parse(r.stdout) as AuditDiff;
    expect(diff.changes.map((c) => [c.kind, c.accountId, c.joinedMethod])).toEqual([
      ['regained', invited, 'INVITED'],
      ['remediated', created, 'CREATED'],
    ]);
    expect(diff.changes[0]!.detail).toContain('joined by invitation');
    expect(diff.changes[1]!.detail).not.toContain('invitation');
  });

  it('history --diff -o html --out: one self-contained page, every value escaped', async () => {
    const out = join(dir, 'drift.html');
    const r = await history(['--diff', '--from', '1', '--to', '2', '-o', 'html', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`wrote the html diff to ${out}`);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-`,
    );
    expect(html).not.toMatch(/<(script|link|img|iframe|object)\b|href=/i);
    expect(html).toContain(
      '=HYPERLINK(&quot;http://x.example&quot;,&quot;a&quot;)&lt;img src=x onerror=alert(1)&gt;',
    );
    const regained = html.slice(html.indexOf('id="regained"'), html.indexOf('id="remediated"'));
    expect(regained).toContain(invited);
    expect(regained).toContain('joined by invitation');
    expect(html.slice(html.indexOf('id="remediated"'))).toContain(created);
  });

  it('history --diff refuses the findings formats with one line (exit 2)', async () => {
    const r = await history(['--diff', '-o', 'ocsf']);
    expect([r.code, r.stdout, r.stderr.trim()]).toEqual([
      2,
      '',
      expect.stringMatching(/^rootctl: InvalidInput: --diff prints table, json, csv, html, not ocsf\./),
    ]);
  });

  it('the audit flags the invited account in its JSON, table and HTML', async () => {
    const json = await history(['--show', '2', '-o', 'json']);
    const report = JSON.parse(json.stdout) as AuditReport;
    const joined = new Map(report.accounts.map((a) => [a.accountId as string, a.joinedMethod]));
    for (const a of f.scenario.accounts.filter((x) => joined.has(x.id)))
      expect(joined.get(a.id), a.id).toBe(a.joinedMethod);
    const table = (await history(['--show', '2'])).stdout;
    const line = table.split('\n').find((l) => l.startsWith(invited))!;
    expect(line).toMatch(/password.*joined by invitation/i);
    expect(table.split('\n').filter((l) => /invitation/.test(l))).toHaveLength(1);
    const html = (await history(['--show', '2', '-o', 'html'])).stdout;
    const row = html.slice(
      html.indexOf(`data-id="${invited}"`),
      html.indexOf('</details>', html.indexOf(`data-id="${invited}"`)),
    );
    expect(row).toContain('Joined by invitation');
    expect(row).toContain('<dt>Joined</dt>');
    expect(html).not.toContain('<img src=x');
  });
});

describe('docs/audit.md', () => {
  it('lists every diff CSV column and the audit CSV joinedMethod column as the code defines them', () => {
    const md = readFileSync(join(import.meta.dirname, '../docs/audit.md'), 'utf8');
    const row = (c: { name: string; doc: string }) => `| \`${c.name}\` | ${c.doc.replace(/\|/g, '\\|')} |`;
    for (const c of DIFF_CSV_COLUMNS) expect(md).toContain(row(c));
    expect(md).toContain(row(CSV_COLUMNS.find((c) => c.name === 'joinedMethod')!));
  });
});
