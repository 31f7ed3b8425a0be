/**
 * The audit under injected faults (500s, 503s, dropped connections before and after the call) and
 * under throttling: every account is still reported exactly once, with the status the ground truth
 * says it has.
 */
import { describe, expect, it } from 'vitest';
import { startTestEmulator } from './helpers/emulator-clients.js';
import type { AuditEvent } from '../src/core/audit/types.js';
import {
  auditAs,
  emulatorStats,
  expectMatchesTruth,
  setKnobs,
  throttledIn,
  truthOf,
} from './helpers/audit-emulator.js';

describe('audit under faults and throttling', () => {
  it('5% injected faults: every account once, with the right status', async () => {
    const t = await startTestEmulator({ accounts: 70, seed: 21, state: 'configured', blockingScp: true });
    try {
      const truth = await truthOf(t.url);
      await setKnobs(t.url, { faults: 0.05, seed: 5 });
      const report = await auditAs(t.url, t.scenario, 'security', {
        retryPolicy: { baseDelayMs: 20, maxDelayMs: 200 },
      });
      const stats = await emulatorStats(t.url);
      expect(stats.faults).toBeGreaterThan(10);
      expectMatchesTruth(report, truth);
    } finally {
      await t.close();
    }
  });

  it('3% and 10% injected faults over several seeds, and a bad patch of one operation: no account in error', async () => {
    // No blocking SCP: every error would be a transient fault turned into a finding.
    const t = await startTestEmulator({ accounts: 40, seed: 23, state: 'configured' });
    try {
      const truth = await truthOf(t.url);
      // Last, a bad patch of one operation: half the GetAccountSummary calls fail, so some of them
      // outlast their four attempts in every run (the audit retried them no further before).
      for (const [faults, seed, faultOperations] of [
        [0.03, 1, []],
        [0.1, 2, []],
        [0.1, 3, []],
        [0.5, 5, ['GetAccountSummary']],
        [0.5, 6, ['GetAccountSummary']],
      ] as const) {
        await setKnobs(t.url, { faults, seed, faultOperations });
        const report = await auditAs(t.url, t.scenario, 'security', {
          retryPolicy: { baseDelayMs: 10, maxDelayMs: 100 },
        });
        const errors = report.accounts.filter((a) => a.status === 'error');
        expect(
          errors.map((a) => `${a.accountId}: ${a.error?.message}`),
          `faults ${faults}, seed ${seed}`,
        ).toEqual([]);
        expectMatchesTruth(report, truth);
      }
      expect((await emulatorStats(t.url)).faults).toBeGreaterThan(30);
    } finally {
      await t.close();
    }
    // Five audits in a row: room for a loaded machine (no time is asserted).
  }, 300_000);

  it('throttling on AssumeRoot, IAM and Organizations: backs off and retries until every account is audited', async () => {
    const t = await startTestEmulator({ accounts: 45, seed: 22, state: 'configured' }, undefined, true);
    try {
      const truth = await truthOf(t.url);
      // Low limits and a little latency, so many calls are in flight when the buckets run dry.
      // The listing calls get 2/s each, so Organizations throttles every run, not just by chance.
      await setKnobs(t.url, {
        latencyMs: 5,
        rates: { AssumeRoot: 10, ListOrganizationalUnitsForParent: 2, ListAccountsForParent: 2 },
        defaultRate: 8,
      });
      const throttledEvents: string[] = [];
      const report = await auditAs(t.url, t.scenario, 'security', {
        retryPolicy: { baseDelayMs: 50, maxDelayMs: 1000 },
        onEvent: (e) => {
          if (e.kind === 'throttled') throttledEvents.push(e.operation);
        },
      });
      const stats = await emulatorStats(t.url);
      // Both protocols' throttling errors were met and survived: Organizations (JSON,
      // TooManyRequestsException) and STS/IAM (query, Throttling).
      expect(throttledIn(stats, 'organizations'), 'Organizations throttled').toBeGreaterThan(0);
      expect(throttledIn(stats, 'sts') + throttledIn(stats, 'iam'), 'STS/IAM throttled').toBeGreaterThan(0);
      expect(throttledEvents.length).toBeGreaterThan(0);
      expectMatchesTruth(report, truth);
    } finally {
      await t.close();
    }
  });

  it('throttling inside member accounts is retried per account and leaves the shared concurrency alone', async () => {
    const t = await startTestEmulator({ accounts: 40, seed: 24, state: 'configured' }, undefined, true);
    try {
      const truth = await truthOf(t.url);
      // AssumeRoot (the caller's limit) has room for every account; each member account allows 4
      // IAM calls per second, fewer than its 5-6 parallel reads: its own throttling, nobody else's.
      await setKnobs(t.url, { latencyMs: 20, rates: { AssumeRoot: 100 }, defaultRate: 4 });
      const events: AuditEvent[] = [];
      const report = await auditAs(t.url, t.scenario, 'security', { onEvent: (e) => events.push(e) });
      expectMatchesTruth(report, truth);
      const stats = await emulatorStats(t.url);
      expect(throttledIn(stats, 'iam')).toBeGreaterThan(10);
      expect(stats.throttledCalls['sts:AssumeRoot'] ?? 0).toBe(0);
      const member = events.filter((e) => e.kind === 'throttled' && e.against === 'member');
      expect(member.length).toBeGreaterThan(10);
      // The limit never went below where it started (8): no member throttle cut it.
      const limits = events.flatMap((e) => (e.kind === 'account-done' ? [e.limit] : []));
      expect(Math.min(...limits)).toBeGreaterThanOrEqual(8);
      const finished = events.find((e) => e.kind === 'finished');
      expect(finished?.kind === 'finished' && finished.stats.finalConcurrency).toBeGreaterThanOrEqual(8);
    } finally {
      await t.close();
    }
  });

  it('faults that outlast the retries: errors say so, and still no account is missing or doubled', async () => {
    const t = await startTestEmulator({ accounts: 40, seed: 23, state: 'configured' });
    try {
      const truth = await truthOf(t.url);
      await setKnobs(t.url, { faults: 0.5, seed: 9 });
      const report = await auditAs(t.url, t.scenario, 'security', {
        retryPolicy: { baseDelayMs: 1, maxDelayMs: 5, transientAttempts: 2 },
      }).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      // Listing may itself fail at this fault rate (a runtime error, exit 3); when it does not, the report must be whole.
      if (report instanceof Error) {
        expect(report).toMatchObject({ name: 'RootctlError' });
        return;
      }
      const ids = report.accounts.map((a) => a.accountId);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(truth.accounts.map((a) => a.id).sort());
      const errors = report.accounts.filter((a) => a.status === 'error');
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) expect(e.error?.diagnosis).toMatch(/after \d+ retr|throttled/);
      for (const a of report.accounts.filter((x) => x.status !== 'error')) {
        const want = truth.accounts.find((x) => x.id === a.accountId)!;
        const has =
          want.root.password ||
          want.root.accessKeys.length > 0 ||
          want.root.signingCertificates.length > 0 ||
          want.root.mfaDevices.length > 0;
        if (a.status !== 'skipped') expect(a.status).toBe(has ? 'non_compliant' : 'compliant');
      }
    } finally {
      await t.close();
    }
  });
});
