/**
 * doctor on an organization whose Organizations listing is throttled (a low per-operation rate in the
 * emulator): the listing is paced and retried, and the member accounts are counted, not reported as
 * "unknown (Throttled)".
 */
import { afterEach, expect, it } from 'vitest';
import type { Scenario } from '../src/emulator/scenario/schema.js';
import { fixture, type Fixture } from './remediate-support.js';
import { runCli } from './support/cli.js';

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

// Issue 15: doctor and setup show what they read on a terminal. Only the first line is asserted (it is
// drawn when the first read starts, whatever the timing); how far the line got is never asserted.
it('doctor and setup draw a progress line on a terminal, none with --quiet or without one', async () => {
  f = await fixture({ accounts: 12 });
  const security = f.scenario.accounts.find((a) => a.name.toLowerCase().includes('security'))!.id;
  const first = 'reading caller identity (sts:GetCallerIdentity)';
  const onTerminal = { progress: true };
  const doctor = await runCli(['doctor', '--profile', 'management'], f.env, onTerminal);
  expect(doctor.code, doctor.stderr).toBe(0);
  expect(doctor.stderr).toContain(first);
  // The line is cleared before the command ends, and never reaches stdout.
  expect(doctor.stderr.endsWith('\r\u001b[2K')).toBe(true);
  expect(doctor.stdout).not.toContain('reading ');
  const setup = await runCli(
    ['setup', '--profile', 'management', '--delegated-admin', security],
    f.env,
    onTerminal,
  );
  expect(setup.stderr).toContain(first);
  for (const args of [
    ['doctor', '--profile', 'management', '--quiet'],
    ['setup', '--profile', 'management', '--delegated-admin', security, '--quiet'],
  ]) {
    expect((await runCli(args, f.env, onTerminal)).stderr).not.toContain('reading ');
    expect(
      (
        await runCli(
          args.filter((a) => a !== '--quiet'),
          f.env,
        )
      ).stderr,
    ).not.toContain('reading ');
  }
});
