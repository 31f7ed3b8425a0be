/**
 * The HTML audit report in a real browser: headless Chromium opens the file with every network request
 * refused, and we check what a reader would: no console errors, the counts, the filters and search,
 * and a screenshot that is a real picture (kept under the test's temp dir). The README's picture is
 * made from a real emulator audit instead (test/audit-html-real.test.ts).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountAuditStatus } from '../src/core/audit/model.js';
import { renderHtml } from '../src/core/report/html.js';
import { buildAuditReport } from './helpers/audit-report-fixture.js';
import { chromiumAvailable, launchChromium, type LaunchedBrowser } from './helpers/chromium.js';

const report = buildAuditReport({ accounts: 60, seed: 7 });
const STATUSES: AccountAuditStatus[] = ['compliant', 'non_compliant', 'error', 'skipped'];

describe.skipIf(!chromiumAvailable())('HTML audit report in headless Chromium', () => {
  let dir: string;
  let file: string;
  let chrome: LaunchedBrowser;
  let page: Page;
  const problems: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rootctl-html-'));
    file = join(dir, 'audit.html');
    writeFileSync(file, renderHtml(report));
    chrome = await launchChromium();
    const context = await chrome.browser.newContext({
      viewport: { width: 1280, height: 900 },
      colorScheme: 'light',
    });
    // Refuse the network outright: anything the page asks for beyond its own file would fail here
    // (and be recorded), so the file can only pass by being self-contained.
    await context.route(/^(?!file:)/, (route) => route.abort('internetdisconnected'));
    page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await chrome?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Rows the reader can see: rendered, not hidden by a filter nor inside a hidden or closed container. */
  const visibleRows = (page: Page) =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('.a'))
        .filter((el) => el.checkVisibility())
        .map((el) => ({ id: el.dataset.id!, s: el.dataset.s! })),
    );
  const visibleIds = async (page: Page) => (await visibleRows(page)).map((r) => r.id).sort();

  it('loads with no console errors and no request but its own file', async () => {
    expect(await page.title()).toContain(report.organizationId);
    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
  });

  it('shows the summary counts of the report', async () => {
    for (const s of STATUSES) {
      expect((await page.textContent(`#count-${s}`))?.replace(/,/g, ''), s).toBe(String(report.summary[s]));
    }
    expect(await page.textContent('#shown')).toBe(
      `Showing ${report.accounts.length} of ${report.accounts.length} accounts`,
    );
    const rows = await visibleRows(page);
    expect(rows).toHaveLength(report.accounts.length);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(report.accounts.map((a) => a.accountId)));
  });

  it('takes a screenshot that is a real, non-trivial PNG', async () => {
    const png = join(dir, 'audit.png');
    // A viewport as tall as the page: rows off screen are not painted (content-visibility), and a
    // full-page capture would show them blank.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1280, height });
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    await page.screenshot({ path: png });
    const bytes = readFileSync(png);
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(bytes.readUInt32BE(16)).toBe(1280); // IHDR width
    expect(bytes.readUInt32BE(20)).toBeGreaterThan(900); // full page is taller than the viewport
    expect(statSync(png).size).toBeGreaterThan(30_000);
    // The README's picture comes from a real emulator audit: test/audit-html-real.test.ts.
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('hides compliant rows when the non-compliant filter is clicked', async () => {
    await page.click('.seg [data-f="non_compliant"]');
    const rows = await visibleRows(page);
    const expected = report.accounts.filter((a) => a.status === 'non_compliant');
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.id).sort()).toEqual(expected.map((a) => a.accountId).sort());
    expect(rows.every((r) => r.s === 'non_compliant')).toBe(true);
    expect(await page.textContent('#shown')).toBe(
      `Showing ${expected.length} of ${report.accounts.length} accounts`,
    );
    expect(await page.getAttribute('.card[data-f="non_compliant"]', 'aria-pressed')).toBe('true');
    // OUs with nothing left to show disappear; the others say how many they show.
    const legacyHidden = await page.locator('details.ou[data-path="Root/Legacy"]').isHidden();
    expect(legacyHidden).toBe(
      !report.accounts.some((a) => a.ouPath === 'Root/Legacy' && a.status === 'non_compliant'),
    );
  });

  it('filters by the error card, and back to all when it is clicked again', async () => {
    await page.click('.card[data-f="error"]');
    expect((await visibleRows(page)).every((r) => r.s === 'error')).toBe(true);
    expect(await visibleRows(page)).toHaveLength(report.summary.error);
    await page.click('.card[data-f="error"]');
    expect(await visibleRows(page)).toHaveLength(report.accounts.length);
  });

  it('filters by account id and by name in the search box', async () => {
    const target = report.accounts.find((a) => a.status === 'compliant')!;
    const prefix = target.accountId.slice(0, 9);
    await page.fill('#q', prefix);
    await expect
      .poll(() => visibleIds(page))
      .toEqual(
        report.accounts
          .filter((a) => a.accountId.includes(prefix))
          .map((a) => a.accountId)
          .sort(),
      );
    expect(await visibleIds(page)).toContain(target.accountId);
    await page.fill('#q', 'LEGACY-APP');
    await expect
      .poll(async () => (await visibleRows(page)).length)
      .toBe(report.accounts.filter((a) => a.accountName.includes('legacy-app')).length);
    await page.fill('#q', 'no-such-account-anywhere');
    await expect.poll(() => page.isVisible('#empty')).toBe(true);
    await page.fill('#q', '');
    await expect.poll(async () => (await visibleRows(page)).length).toBe(report.accounts.length);
  });

  it('opens an account to show its credentials, without any console error along the way', async () => {
    const a = report.accounts.find((x) => x.status === 'non_compliant' && x.root!.accessKeys.length > 0)!;
    const row = page.locator(`details.a[data-id="${a.accountId}"]`);
    await row.locator('summary').click();
    await expect.poll(() => row.getAttribute('open')).toBe('');
    expect(await row.locator('.d').innerText()).toContain(a.root!.accessKeys[0]!.id);
    expect(problems).toEqual([]);
  });
});
