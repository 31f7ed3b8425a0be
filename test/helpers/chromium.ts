/**
 * Headless Chromium for browser tests, through playwright-core and the system's Chromium (Debian's
 * package at /usr/bin/chromium; playwright's own browser download is not used). In CI a missing browser
 * is a failure with a clear message; on a developer machine the browser tests are skipped instead.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.ROOTCTL_CHROMIUM ?? '/usr/bin/chromium';

/** The flags this machine needs: no sandbox as root, and no background calls to Google's hosts. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: the browser tests need it in CI. Install it with ` +
        '`apt-get install -y chromium` (or set ROOTCTL_CHROMIUM to its path).',
    );
  }
  return false;
}

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Launches Chromium (playwright gives it a fresh, throw-away profile directory of its own). */
export async function launchChromium(): Promise<LaunchedBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
  return { browser, close: () => browser.close() };
}
