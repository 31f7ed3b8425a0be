/**
 * Ctrl-C and Ctrl-D as a person types them: the built CLI runs in a pseudo-terminal (python3's pty
 * module) against the emulator. At a [y/N] prompt they mean "no": one line, exit 130, nothing changed.
 * During an audit or a plan, the first Ctrl-C stops new work and ends with exit 130 without a complete
 * audit in the history; a second one exits at once. The emulator's latency keeps the work running
 * while the keys are sent; every key is sent after a line on the screen, never after a sleep.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, rootTargets, type Fixture } from './remediate-support.js';
import { plain, ptyAvailable, startInPty } from './helpers/pty.js';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';

function env(fx: Fixture): Record<string, string | undefined> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && k !== 'ROOTCTL_DB'),
  );
  return { ...base, NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...fx.env };
}

/** Every root credential target of the organization, to compare before and after. */
async function credentials(fx: Fixture): Promise<string[]> {
  return (await fx.state()).accounts.flatMap(rootTargets).sort();
}

function count(fx: Fixture, table: string): number {
  try {
    return fx.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`)[0]!.n;
  } catch {
    return 0; // no database or no table yet: nothing was written
  }
}

describe.skipIf(!ptyAvailable())('interrupts in a terminal', () => {
  describe.each([
    ['Ctrl-C', CTRL_C],
    ['Ctrl-D', CTRL_D],
  ])('%s at a [y/N] prompt', (_name, key) => {
    it('remediate: aborted, nothing changed, exit 130', async () => {
      f = await fixture({ accounts: 12 });
      const before = await credentials(f);
      const cli = startInPty(['remediate', '--all'], env(f));
      await cli.waitFor(/\[y\/N\] $/);
      cli.type(key);
      const { code, screen } = await cli.done;
      expect(screen).toContain('rootctl: aborted, nothing changed');
      expect(screen).not.toMatch(/InternalError|This is a bug/);
      expect(code).toBe(130);
      expect(await credentials(f)).toEqual(before);
      expect(count(f, 'journal_runs')).toBe(0);
    });

    it('exception open: aborted, nothing opened, exit 130', async () => {
      f = await fixture({ accounts: 12 });
      const member = (await f.state()).accounts.find(
        (a) => a.status === 'ACTIVE' && a.id !== f!.scenario.organization!.managementAccountId,
      )!;
      const cli = startInPty(
        ['exception', 'open', '--account', member.id, '--task', 'password-recovery', '--reason', 'TICKET-1'],
        env(f),
      );
      await cli.waitFor(/\[y\/N\] $/);
      cli.type(key);
      const { code, screen } = await cli.done;
      expect(screen).toContain('rootctl: aborted, nothing changed');
      expect(screen).not.toMatch(/InternalError|This is a bug/);
      expect(code).toBe(130);
      expect(count(f, 'exceptions')).toBe(0);
    });

    it('setup: aborted, nothing changed, exit 130', async () => {
      f = await fixture({ accounts: 12, state: 'fresh' });
      const security = f.scenario.accounts.find((a) => a.name === 'Security')!;
      const before = await f.state();
      const cli = startInPty(['setup', '--delegated-admin', security.id, '--profile', 'management'], env(f));
      await cli.waitFor(/\[y\/N\] $/);
      cli.type(key);
      const { code, screen } = await cli.done;
      expect(screen).toContain('rootctl: aborted, nothing changed');
      expect(screen).not.toMatch(/InternalError|This is a bug/);
      expect(code).toBe(130);
      expect(await f.state()).toEqual(before);
    });
  });

  it('Ctrl-C during an audit: stops, reports partial, saves nothing to the history, exit 130', async () => {
    f = await fixture({ accounts: 60 });
    await f.config({ latencyMs: 150 });
    const cli = startInPty(['audit', '--concurrency', '2'], env(f));
    await cli.waitFor(/auditing [1-9]\d*\/\d+\+? accounts/);
    cli.type(CTRL_C);
    const { code, screen } = await cli.done;
    expect(screen).toContain('rootctl: interrupted; finishing the calls in flight');
    expect(screen).toMatch(/PARTIAL: the audit was interrupted; \d+ accounts? in scope not audited/);
    expect(screen).toMatch(
      /a partial report \(\d+ account\(s\) audited, [1-9]\d* not\); not saved to the history/,
    );
    expect(code).toBe(130);
    expect(count(f, 'audits')).toBe(0);
  });

  it('Ctrl-C while remediate plans: no plan, nothing changed, exit 130', async () => {
    f = await fixture({ accounts: 60 });
    await f.config({ latencyMs: 150 });
    const before = await credentials(f);
    const cli = startInPty(['remediate', '--all', '--yes', '--concurrency', '2'], env(f));
    await cli.waitFor(/auditing [1-9]\d*\/\d+\+? accounts/);
    cli.type(CTRL_C);
    const { code, screen } = await cli.done;
    expect(screen).toContain('Interrupted while planning; nothing was changed.');
    expect(screen).not.toMatch(/Delete \d+ root credential|starting run/);
    expect(code).toBe(130);
    expect(await credentials(f)).toEqual(before);
    expect(count(f, 'journal_runs')).toBe(0);
  });

  it('a second Ctrl-C exits at once, without waiting for the calls in flight', async () => {
    f = await fixture({ accounts: 60 });
    await f.config({ latencyMs: 150 });
    const cli = startInPty(['audit', '--concurrency', '2'], env(f));
    await cli.waitFor(/auditing [1-9]\d*\/\d+\+? accounts/);
    // Every call now takes a minute: the first Ctrl-C leaves calls in flight that cannot finish soon.
    await f.config({ latencyMs: 60_000 });
    cli.type(CTRL_C);
    await cli.waitFor(/interrupted; finishing the calls in flight/);
    cli.type(CTRL_C);
    const { code, screen } = await cli.done;
    expect(plain(screen)).toContain('stopped at once (second Ctrl-C)');
    expect(code).toBe(130);
    expect(count(f, 'audits')).toBe(0);
  });

  it('apply and verification show a live counter on a terminal', async () => {
    f = await fixture({ accounts: 30 });
    await f.config({ latencyMs: 60 });
    const cli = startInPty(['remediate', '--all', '--yes', '--concurrency', '2'], env(f));
    await cli.waitFor(/applying \d+\/\d+ accounts · \d+ deleted · \d+ failed · [\d.]+\/s · ETA/);
    await cli.waitFor(/verifying \d+\/\d+ accounts · [\d.]+\/s · ETA/);
    const { screen } = await cli.done;
    expect(screen).toMatch(/Run \S+ completed/);
  });
});
