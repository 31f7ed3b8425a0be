/**
 * doctor on an organization whose Organizations listing is throttled (a low per-operation rate in the
 * emulator): the listing is paced and retried, and the member accounts are counted, not reported as
 * "unknown (Throttled)".
 */
import { afterEach, expect, it } from 'vitest';
import type { Scenario } from '../src/emulator/scenario/schema.js';
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

interface Stats {
  calls: Record<string, number>;
  throttled: number;
  throttledCalls: Record<string, number>;
}

/** The emulator's Organizations calls and throttled Organizations calls since it started. */
async function organizationsStats(url: string): Promise<{ calls: number; throttled: number }> {
  const stats = (await (await fetch(`${url}/_emulator/stats`)).json()) as Stats;
  const sum = (m: Record<string, number>) =>
    Object.entries(m)
      .filter(([k]) => k.startsWith('organizations:'))
      .reduce((n, [, v]) => n + v, 0);
  return { calls: sum(stats.calls), throttled: sum(stats.throttledCalls) };
}

/** 24 more customer SCPs on the root: doctor reads each one, far more calls than one second's bucket. */
function manyScps(s: Scenario): void {
  const rootId = s.organization!.rootId;
  for (let i = 0; i < 24; i++)
    s.policies.push({
      id: `p-extra${String(i).padStart(4, '0')}`,
      name: `Extra${i}`,
      description: 'padding',
      type: 'SERVICE_CONTROL_POLICY',
      awsManaged: false,
      content: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
      }),
      targets: [rootId],
    });
}

// The emulator's Organizations bucket is AWS's assumed 20 calls/s with one second's burst
// (docs/emulator.md); doctor's opening reads are more calls than that. rootctl paces itself
// (src/aws/pacer.ts), so none of them is throttled. Counts calls; no timing.
it('doctor stays under the Organizations rate: no throttled call', async () => {
  f = await fixture({ accounts: 40, mutate: manyScps });
  const doctor = await f.run(['doctor', '--output', 'json', '--profile', 'management']);
  expect(doctor.code, doctor.stderr).toBe(0);
  const afterDoctor = await organizationsStats(f.emu.url);
  // Not vacuous: more Organizations calls than the emulator's bucket holds.
  expect(afterDoctor.calls).toBeGreaterThan(40);
  expect(afterDoctor.throttled).toBe(0);
});
