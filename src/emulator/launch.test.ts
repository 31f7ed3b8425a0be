import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  describeKnobs,
  describeScenario,
  launchEmulator,
  launchOptionProblem,
  rateConfig,
} from './launch.js';

const dir = mkdtempSync(join(tmpdir(), 'rootctl-launch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('launchEmulator (what rootctl emulator runs)', () => {
  it('refuses option combinations the emulator cannot honour', () => {
    expect(launchOptionProblem({ rates: [{ operation: 'AssumeRoots', perSecond: 1 }] })).toMatch(
      /^--rate: 'AssumeRoots' is not an operation the emulator serves/,
    );
    expect(launchOptionProblem({ rates: [{ operation: 'default', perSecond: 1 }], throttle: false })).toBe(
      '--rate and --no-throttle cannot be used together.',
    );
    expect(launchOptionProblem({ featureSet: 'consolidated-billing', state: 'configured' })).toMatch(
      /^--state configured needs --feature-set all/,
    );
    expect(launchOptionProblem({ featureSet: 'consolidated-billing', blockingScp: true })).toMatch(
      /^--blocking-scp needs --feature-set all/,
    );
    expect(launchOptionProblem({ region: 'useast1' })).toMatch(/is not a Region code/);
    expect(
      launchOptionProblem({ region: 'us-gov-west-1', rates: [{ operation: 'AssumeRoot', perSecond: 5 }] }),
    ).toBeUndefined();
  });

  it('starts on a generated organization, writes the profiles and says how to connect', async () => {
    const launched = await launchEmulator({ port: 0, accounts: 6, seed: 3, profilesDir: dir, latencyMs: 5 });
    try {
      expect(launched.scenario.accounts).toHaveLength(6);
      expect(launched.profiles).toContain('security');
      expect(launched.exportLines.join('\n')).toContain(`AWS_CONFIG_FILE=${join(dir, 'config')}`);
      expect(readFileSync(join(dir, 'config'), 'utf8')).toContain(launched.emulator.url);
      expect(describeScenario(launched.scenario, { seed: 3 })).toMatch(
        /^organization o-[a-z0-9]+, 6 accounts, \d+ suspended, seed 3, state fresh$/,
      );
      expect(describeKnobs(launched.rates, { latencyMs: 5 })).toBe(
        'AssumeRoot=100/s LookupEvents=2/s default=20/s; latency 5 ms ±20%',
      );
      // A second emulator on the same port: one clear error, not a stack trace.
      const port = Number(new URL(launched.emulator.url).port);
      await expect(launchEmulator({ port, accounts: 4 })).rejects.toMatchObject({
        code: 'PortInUse',
        message: `Port ${port} on 127.0.0.1 is already in use.`,
      });
    } finally {
      await launched.emulator.close();
    }
  });

  it('the rate table: defaults, then each rate; nothing with throttle off', () => {
    expect(rateConfig([{ operation: 'default', perSecond: 7 }])).toEqual({
      operations: { AssumeRoot: 100, LookupEvents: 2 },
      defaultPerSecond: 7,
    });
    expect(rateConfig([], false)).toEqual({ operations: {}, defaultPerSecond: 0 });
  });
});
