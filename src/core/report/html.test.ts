import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildAuditReport } from '../../../test/helpers/audit-report-fixture.js';
import { AUDIT_SCHEMA_VERSION, summarize, type AccountAudit, type AuditReport } from '../audit/model.js';
import type { AccountId } from '../model/account-id.js';
import { renderHtml } from './html.js';

const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

/** The markup of one account's row, from its opening tag to the next row or container. */
function rowOf(html: string, accountId: string): string {
  const start = html.indexOf(`data-id="${accountId}"`);
  expect(start, `row for ${accountId}`).toBeGreaterThan(0);
  const open = html.lastIndexOf('<', start);
  const next = html.slice(start).search(/<(details|div) class="a"|<\/div><\/div>|<details class="ou"/);
  return html.slice(open, next === -1 ? undefined : start + next);
}

function withAccounts(base: AuditReport, accounts: AccountAudit[]): AuditReport {
  return { ...base, accounts, summary: summarize(accounts) };
}

describe('renderHtml', () => {
  const report = buildAuditReport({ accounts: 60, seed: 3 });
  const html = renderHtml(report);

  it('renders every account exactly once, under its OU path', () => {
    expect(count(html, 'class="a"')).toBe(report.accounts.length);
    for (const a of report.accounts) {
      expect(count(html, `data-id="${a.accountId}"`), a.accountId).toBe(1);
      const row = rowOf(html, a.accountId);
      expect(row).toContain(`data-s="${a.status}"`);
      // The row sits inside the <details> of its own OU, the last one opened before it.
      const before = html.slice(0, html.indexOf(`data-id="${a.accountId}"`));
      const ou = [...before.matchAll(/<details class="ou" open data-path="([^"]*)"/g)].at(-1)?.[1];
      expect(ou).toBe(a.ouPath);
    }
  });

  it('shows the summary counts and per-OU totals that match the accounts', () => {
    for (const k of ['compliant', 'non_compliant', 'error', 'skipped'] as const) {
      expect(html).toContain(`<span class="v" id="count-${k}">${report.summary[k]}</span>`);
    }
    const ous = [...html.matchAll(/data-path="([^"]*)" data-total="(\d+)"/g)];
    expect(ous.map((m) => m[1])).toEqual(
      expect.arrayContaining(['Root', 'Root/Workloads', 'Root/Workloads/Prod', 'Root/Workloads/NonProd/Dev']),
    );
    for (const [, path, total] of ous) {
      const expected = report.accounts.filter(
        (a) => a.ouPath === path || a.ouPath.startsWith(`${path}/`),
      ).length;
      expect(Number(total), path).toBe(expected);
    }
  });

  it("includes the audit's metadata", () => {
    const m = report.metadata;
    for (const v of [
      report.organizationId,
      report.managementAccountId,
      m.callerArn,
      m.region,
      m.scope,
      m.rootctlVersion,
    ]) {
      expect(html).toContain(v);
    }
    expect(html).toContain('2025-06-02 09:30 UTC');
    expect(html).toContain('management account');
    expect(html).toMatch(/Duration<\/dt><dd>\d+ s</);
    expect(html).toContain('id="mgmt-root"');
  });

  it('details each credential of a non-compliant account in full detail', () => {
    const a = report.accounts.find(
      (x) => x.status === 'non_compliant' && x.root!.accessKeys.some((k) => k.lastUsed),
    )!;
    const row = rowOf(html, a.accountId);
    const key = a.root!.accessKeys.find((k) => k.lastUsed)!;
    expect(row).toContain('<span class="b">Non-compliant</span>');
    expect(row).toContain(key.id);
    expect(row).toContain(`>${key.status}<`);
    expect(row).toContain(
      `<td><time datetime="${key.lastUsed!.date}">${key.lastUsed!.date.slice(0, 10)}</time> <span class="mu">(`,
    );
    expect(row).toContain(
      `<code>${key.lastUsed!.service}</code> &middot; <code>${key.lastUsed!.region}</code></td>`,
    );
    if (a.root!.password.present)
      expect(row).toContain(`Present, created <time datetime="${a.root!.password.createDate}">`);
    for (const m of a.root!.mfaDevices) expect(row).toContain(m.serialNumber);
  });

  it('shows error code, message and diagnosis, and skip reasons', () => {
    const err = report.accounts.find((x) => x.status === 'error')!;
    const row = rowOf(html, err.accountId);
    expect(row).toContain('<span class="b">Error</span>');
    expect(row).toContain(`<code>${err.error!.code}</code>`);
    expect(row).toContain(`<dt>Diagnosis</dt><dd>${err.error!.diagnosis}</dd>`);
    expect(row).toContain('<dt>Message</dt>');
    const skipped = report.accounts.find(
      (x) => x.status === 'skipped' && x.skipReason?.startsWith('Suspended'),
    )!;
    expect(rowOf(html, skipped.accountId)).toContain(
      `<dt>Skipped because</dt><dd>${skipped.skipReason}</dd>`,
    );
  });

  it('flags an overdue exception in the row and in the filters', () => {
    const a = report.accounts.find((x) => x.overdueException)!;
    const row = rowOf(html, a.accountId);
    expect(row).toContain('data-x="1"');
    expect(row).toContain('Exception overdue');
    expect(row).toContain(a.overdueException!.task);
    expect(html).toContain('Only overdue exceptions (1)');
  });

  it('says "present" without inventing details when the audit ran with --detail summary', () => {
    const summary = buildAuditReport({ accounts: 40, seed: 3, detail: 'summary' });
    const out = renderHtml(summary);
    const a = summary.accounts.find((x) => x.status === 'non_compliant' && x.root!.accessKeysPresent)!;
    const row = rowOf(out, a.accountId);
    expect(row).toContain('run with <code>--detail full</code> for details');
    expect(row).not.toContain('AKIA');
  });

  it('ages dates from when the audit ended: an account audited after it began is "today", not "in the future"', () => {
    const base = buildAuditReport({ accounts: 10 });
    const later = new Date(new Date(base.generatedAt).getTime() + 90_000).toISOString();
    const accounts = base.accounts.map((a) => ({ ...a, auditedAt: later }));
    const out = renderHtml(
      withAccounts({ ...base, metadata: { ...base.metadata, durationMs: 1000 } }, accounts),
    );
    expect(out).not.toContain('in the future');
    const audited = [...out.matchAll(/<dt>Audited<\/dt><dd>(.*?)<\/dd>/g)].map((m) => m[1]!);
    expect(audited.length).toBeGreaterThan(0);
    for (const dd of audited) expect(dd).toContain('(today)');
  });

  it('escapes account names, OU names and messages: no markup from the organization runs', () => {
    const evil = `</span><script>alert("x")</script><img src=x onerror='alert(1)'> "quoted" & 'single'`;
    const base = buildAuditReport({ accounts: 10 });
    const accounts: AccountAudit[] = [
      { ...base.accounts[1]!, accountName: evil, ouPath: `Root/<b>ou</b>"x"` },
      {
        accountId: '999988887777' as AccountId,
        accountName: 'plain',
        ouPath: 'Root',
        status: 'error',
        error: { code: '<Code>', message: `msg ${evil}`, diagnosis: `diag ${evil}` },
        auditedAt: base.generatedAt,
      },
    ];
    const out = renderHtml(withAccounts({ ...base, organizationId: `o-"><script>` }, accounts));
    expect(count(out, '<script')).toBe(1);
    expect(count(out, '<img')).toBe(0);
    expect(out).not.toContain('<b>ou</b>');
    expect(out).toContain('&lt;/span&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(out).toContain('&#39;single&#39;');
    expect(out).toContain('data-path="Root/&lt;b&gt;ou&lt;/b&gt;&quot;x&quot;"');
    expect(out).toContain('<code>&lt;Code&gt;</code>');
    expect(out).not.toMatch(/onerror='/);
  });

  it('is self-contained: no network URL in any src, href or url(), and a CSP that allows nothing else', () => {
    expect(html).not.toMatch(/\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/<(?:link|script|img|iframe)[^>]*\s(?:src|href)=["'](?!data:)/i);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(csp).toMatch(/^default-src 'none';/);
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
    const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
    const style = /<style>([\s\S]*)<\/style>/.exec(html)![1]!;
    expect(csp).toContain(`script-src ${hash(script)};`);
    expect(csp).toContain(`style-src ${hash(style)};`);
    // Inline style attributes would be refused by that CSP: there must be none.
    expect(html).not.toMatch(/\sstyle=/);
  });

  it('is deterministic and marks the page as English UTF-8 with a viewport', () => {
    expect(renderHtml(report)).toBe(html);
    expect(html.startsWith('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">')).toBe(true);
    expect(html).toContain('name="viewport"');
  });

  it('says so when the audit covered no accounts', () => {
    const out = renderHtml(withAccounts(report, []));
    expect(out).toContain('This audit covered no accounts.');
    expect(out).toContain('No audited account holds root credentials');
  });

  it('renders 10,000 accounts to a reasonably small file', () => {
    const big = buildAuditReport({ accounts: 10_000, seed: 11 });
    const out = renderHtml(big);
    expect(count(out, 'class="a"')).toBe(10_000);
    expect(Buffer.byteLength(out, 'utf8')).toBeLessThan(15 * 1024 * 1024);
    expect(out).toContain(
      `<span class="v" id="count-compliant">${big.summary.compliant.toLocaleString('en-US')}</span>`,
    );
  });

  it('uses the report schema version', () => {
    expect(html).toContain(`report schema v${AUDIT_SCHEMA_VERSION}`);
  });
});
