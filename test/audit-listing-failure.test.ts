/**
 * The Organizations listing fails for good part-way through an audit (the emulator's fault injection
 * turned on for ListAccountsForParent after some pages): the audit returns what it audited, marked
 * partial with the error; `rootctl audit` prints one line, exits 3 and saves nothing to the history.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOrganization, auditPorts, createAuditContexts } from '../src/app/audit.js';
import type { AuditReport } from '../src/core/audit/model.js';
import { credsOf, startTestEmulator, type TestEmulator } from './helpers/emulator-clients.js';
import { setKnobs } from './helpers/audit-emulator.js';
import { runInProcess } from './helpers/run-in-process.js';

const FAIL_LISTING = { faults: 1, faultKinds: ['internal'], faultOperations: ['ListAccountsForParent'] };
const NO_FAULTS = { faults: 0, faultOperations: [] };

describe('an Organizations listing failure mid-audit', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator({ accounts: 90, seed: 31, state: 'configured' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('returns the accounts audited so far, marked partial with the error (library)', async () => {
    await setKnobs(t.url, NO_FAULTS);
    const contexts = createAuditContexts({
      endpoint: t.url,
      region: 'us-east-1',
      credentials: credsOf(t.scenario, 'security'),
      retryDeadlineMs: 300,
    });
    const ports = auditPorts(contexts);
    const reader = ports.organizations;
    const page = reader.accountsForParentPage!.bind(reader);
    let pages = 0;
    // After two pages have arrived, every further ListAccountsForParent fails (500) for good.
    reader.accountsForParentPage = async (parentId, next) => {
      const r = await page(parentId, next);
      if (++pages === 2) await setKnobs(t.url, FAIL_LISTING);
      return r;
    };
    let report: AuditReport;
    try {
      report = await auditOrganization(ports, {
        partialOnListingFailure: true,
        retryPolicy: { baseDelayMs: 5, maxDelayMs: 20 },
      });
    } finally {
      contexts.destroy();
      await setKnobs(t.url, NO_FAULTS);
    }
    expect(report.partial?.reason).toBe('listing-failed');
    expect(report.partial?.error?.message).toMatch(/ListAccountsForParent/);
    expect(report.accounts.length).toBeGreaterThan(0);
    expect(report.accounts.length).toBeLessThan(t.scenario.accounts.length);
    expect(report.accounts.every((a) => a.status !== 'error')).toBe(true);
  }, 120_000);

  it('without partialOnListingFailure the library throws, as before', async () => {
    await setKnobs(t.url, FAIL_LISTING);
    const contexts = createAuditContexts({
      endpoint: t.url,
      region: 'us-east-1',
      credentials: credsOf(t.scenario, 'security'),
      retryDeadlineMs: 300,
    });
    try {
      await expect(
        auditOrganization(contexts, { retryPolicy: { baseDelayMs: 5, maxDelayMs: 20 } }),
      ).rejects.toThrow(/ListAccountsForParent/);
    } finally {
      contexts.destroy();
      await setKnobs(t.url, NO_FAULTS);
    }
  }, 120_000);

  it('rootctl audit: one line, exit 3, a report marked partial, nothing in the history', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'rootctl-listing-')), 'rootctl.db');
    const creds = credsOf(t.scenario, 'security');
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: creds.accessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
      AWS_REGION: 'us-east-1',
      ROOTCTL_RETRY_DEADLINE: '0.3',
    });
    delete process.env.AWS_PROFILE;
    if (creds.sessionToken === undefined) delete process.env.AWS_SESSION_TOKEN;
    else process.env.AWS_SESSION_TOKEN = creds.sessionToken;
    try {
      await runInProcess(['db', 'init', '--db', db]);
      await setKnobs(t.url, FAIL_LISTING);
      const r = await runInProcess(['audit', '--endpoint-url', t.url, '--db', db, '--output', 'json']);
      await setKnobs(t.url, NO_FAULTS);
      expect(r.code, r.stderr).toBe(3);
      const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^rootctl: \w+: the organization could not be listed in full \(.*ListAccountsForParent.*not saved to the history\.$/,
      );
      const report = JSON.parse(r.stdout) as AuditReport;
      expect(report.partial?.reason).toBe('listing-failed');
      const history = await runInProcess(['history', '--db', db, '--output', 'json']);
      expect(history.code).toBe(0);
      expect((JSON.parse(history.stdout) as { audits: unknown[] }).audits).toEqual([]);
    } finally {
      process.env = saved;
      await setKnobs(t.url, NO_FAULTS);
    }
  }, 120_000);
});
