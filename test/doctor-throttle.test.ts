/**
 * doctor on an organization whose Organizations listing is throttled (a low per-operation rate in the
 * emulator): the listing is paced and retried, and the member accounts are counted, not reported as
 * "unknown (Throttled)".
 */
import { afterEach, expect, it } from 'vitest';
import { fixture, type Fixture } from './remediate-support.js';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

it('doctor counts the member accounts through Organizations throttling', async () => {
  f = await fixture({
    accounts: 120,
    rates: {
      operations: { ListAccountsForParent: 1, ListOrganizationalUnitsForParent: 1, AssumeRoot: 100 },
      defaultPerSecond: 0,
    },
  });
  const r = await f.run(['doctor', '--output', 'json', '--profile', 'management']);
  const report = JSON.parse(r.stdout) as { accounts: { status: string; value?: { total?: number } } };
  expect(report.accounts.status, r.stdout.slice(0, 2000)).toBe('known');
  const stats = (await (await fetch(`${f.emu.url}/_emulator/stats`)).json()) as { throttled: number };
  // Not vacuous: the listing was throttled on the way.
  expect(stats.throttled).toBeGreaterThan(0);
});
