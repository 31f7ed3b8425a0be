/**
 * The HTML report of a real audit: the built CLI audits the emulator's organization over HTTP and
 * writes the report, headless Chromium opens it with every account expanded, and we read what a reader
 * would. A fixture's tidy timestamps hid that every account audited after the audit began said
 * "(in the future)"; a real run's timestamps do not.
 *
 * The README's picture is made here, from this real run:
 *   npm run build && ROOTCTL_SCREENSHOT=docs/images/audit-report.png npx vitest run test/audit-html-real.test.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, type LaunchedBrowser } from './helpers/chromium.js';
import { fixture, type Fixture } from './remediate-support.js';

describe.skipIf(!chromiumAvailable())('HTML report of a real emulator audit', () => {
  let f: Fixture;
  let chrome: LaunchedBrowser;
  let file: string;

  beforeAll(async () => {
    f = await fixture({ accounts: 40, seed: 5 });
    // A little latency so the accounts finish well after the audit began, as on AWS.
    await f.config({ latencyMs: 20 });
    file = join(f.dir, 'audit.html');
    const r = await f.run(['audit', '--output', 'html', '--out', file, '--concurrency', '4']);
    expect(r.stderr).toContain('wrote the html report');
    chrome = await launchChromium();
  });

  afterAll(async () => {
    await chrome?.close();
    await f?.close();
  });

  it('gives every date an age in the past, never "in the future"', async () => {
    const html = readFileSync(file, 'utf8');
    const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.route(/^(?!file:)/, (route) => route.abort('internetdisconnected'));
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.evaluate(() => {
      document.querySelectorAll('details').forEach((d) => (d.open = true));
    });
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).not.toContain('in the future');
    expect(html).not.toContain('in the future');
    // Not vacuous: the ages are on the page (each account's "Audited" line, and the credential dates).
    expect(text).toMatch(/\(today\)/);
    expect(text).toMatch(/\((\d+ (days?|months?|years?)) ago\)/);

    const out = process.env.ROOTCTL_SCREENSHOT;
    if (out) {
      await page.evaluate(() => {
        document.querySelectorAll<HTMLDetailsElement>('details.a').forEach((d) => (d.open = false));
      });
      await page.setViewportSize({ width: 1280, height: 1250 });
      const row = page.locator('details.a[data-s="non_compliant"]').first();
      await row.locator('summary').click();
      await page.evaluate(
        () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
      );
      await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1280, height: 1250 } });
    }
    await context.close();
  });
});
