/**
 * Setup against an eventually consistent organization (issue 11, fact 3): the emulator applies
 * trusted-access and delegation changes after `propagationDelayMs` on its own clock, as live AWS
 * does. Setup's verification reads the state back, waiting between reads with progress events, and
 * reports SetupVerificationFailed only when its bounded waits run out. The waits move the emulator's
 * clock instead of sleeping, so the test takes no real time and cannot flake under load.
 */
import { describe, expect, it } from 'vitest';
import { applySetup, planSetup, setupPorts } from '../src/app/doctor.js';
import { createAwsContext } from '../src/aws/clients.js';
import { isRootctlError } from '../src/core/errors.js';
import { parseAccountId } from '../src/core/model/account-id.js';
import type { SetupEvent } from '../src/core/setup/types.js';
import { adminPost, credsOf, startTestEmulator, type TestEmulator } from './helpers/emulator-clients.js';

async function setupWithDelay(t: TestEmulator, propagationDelayMs: number, verifyDelaysMs: number[]) {
  await adminPost(t.url, 'config', { propagationDelayMs });
  const ctx = createAwsContext({
    region: t.scenario.region,
    endpoint: t.url,
    credentials: credsOf(t.scenario, 'management'),
  });
  const events: SetupEvent[] = [];
  try {
    const ports = setupPorts(ctx);
    const security = t.scenario.principals.find((p) => p.profile === 'security')!.accountId;
    const plan = await planSetup(ports, {
      mode: 'setup',
      delegate: true,
      delegatedAdmin: parseAccountId(security),
    });
    const result = await applySetup(ports, plan, {
      verifyDelaysMs,
      // Waiting is the emulator's clock moving on: no real-time sleep.
      wait: async (ms) => void (await adminPost(t.url, 'clock', { advanceSeconds: ms / 1000 })),
      onEvent: (e) => events.push(e),
    }).catch((e: unknown) => e);
    return { plan, result, events };
  } finally {
    ctx.destroy();
  }
}

const waitsFor = (events: SetupEvent[], kind: string) =>
  events.filter((e) => e.kind === 'step-verify-wait' && e.step.kind === kind).length;

describe('setup verification on an eventually consistent organization', () => {
  it('waits, with progress, until trusted access and the delegated administrator read back', async () => {
    const t = await startTestEmulator({ accounts: 8, seed: 4, state: 'fresh' });
    try {
      const { result, events } = await setupWithDelay(t, 20_000, [5000, 5000, 5000, 5000, 5000]);
      expect(isRootctlError(result), String(result)).toBe(false);
      // 20 s of delay: four 5 s waits for each of the two eventually consistent steps.
      expect(waitsFor(events, 'enable-trusted-access')).toBe(4);
      expect(waitsFor(events, 'register-delegated-admin')).toBe(4);
      const first = events.find((e) => e.kind === 'step-verify-wait')!;
      expect(first).toMatchObject({ attempt: 1, attempts: 5, delayMs: 5000 });
      expect(
        events.filter((e) => e.kind === 'step-done').map((e) => e.kind === 'step-done' && e.status),
      ).toEqual(['done', 'done', 'done', 'done']);
    } finally {
      await t.close();
    }
  });

  it('reports SetupVerificationFailed, naming the step, when the change does not read back within its waits', async () => {
    const t = await startTestEmulator({ accounts: 8, seed: 4, state: 'fresh' });
    try {
      const { result, events } = await setupWithDelay(t, 60_000, [5000, 5000]);
      expect(isRootctlError(result) && result.code).toBe('SetupVerificationFailed');
      expect(String((result as Error).message)).toMatch(
        /organizations:EnableAWSServiceAccess succeeded, but reading the state back does not show the change after 10 s of waiting/,
      );
      expect(waitsFor(events, 'enable-trusted-access')).toBe(2);
    } finally {
      await t.close();
    }
  });
});
