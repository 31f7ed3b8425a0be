/**
 * Flag parsers for `rootctl emulator`. Each throws commander's InvalidArgumentError, so a bad value
 * is one line naming the flag (`rootctl: UsageError: option '--faults <p>' argument '2' is invalid. ...`), exit 2.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { RateSpec } from '../../emulator/launch.js';

/** Not LocalStack's 4566, so both can run side by side. */
export const DEFAULT_PORT = 4599;
export { DEFAULT_ACCOUNTS } from '../../emulator/scenario/defaults.js';
export const MAX_ACCOUNTS = 100_000;

function integer(value: string, min: number, max: number, what: string): number {
  if (!/^\d+$/.test(value.trim()))
    throw new InvalidArgumentError(`${what} must be a whole number from ${min} to ${max}.`);
  const n = Number(value);
  if (n < min || n > max) throw new InvalidArgumentError(`${what} must be from ${min} to ${max}.`);
  return n;
}

export const parsePort = (v: string): number => integer(v, 0, 65_535, 'The port (0 picks a free one)');
export const parseAccounts = (v: string): number =>
  integer(
    v,
    4,
    MAX_ACCOUNTS,
    'The account count (management, security, log archive and at least one workload)',
  );
export const parseSeed = (v: string): number => integer(v, 0, 4_294_967_295, 'The seed');
export const parseLatency = (v: string): number => integer(v, 0, 60_000, 'The latency in milliseconds');

/** A probability or fraction from 0 to 1 (`0.01`, `1e-3`). */
export function parseFraction(v: string): number {
  const n = Number(v.trim());
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError('Give a number from 0 to 1, e.g. 0.01.');
  return n;
}

/** `AssumeRoot=100/s`, `ListAccounts=600/m`, `default=20/s`; repeatable (commander collects them). */
export function collectRate(value: string, previous: RateSpec[]): RateSpec[] {
  const m = /^([A-Za-z]+)=(\d+(?:\.\d+)?)(?:\/(s|m))?$/.exec(value.trim());
  if (!m)
    throw new InvalidArgumentError('Use Operation=N/s (or N/m), e.g. AssumeRoot=100/s or default=20/s.');
  return [...previous, { operation: m[1]!, perSecond: Number(m[2]) / (m[3] === 'm' ? 60 : 1) }];
}

/** The knobs: latency, rate limits and injected faults (the last options of `rootctl emulator`). */
export function addKnobOptions(cmd: Command): Command {
  return cmd
    .option('--latency-ms <ms>', 'added to every AWS call', parseLatency, 0)
    .option('--jitter <fraction>', 'latency jitter, plus or minus this fraction', parseFraction, 0.2)
    .option(
      '--rate <Op=N/s>',
      'token-bucket limit per calling account, repeatable; default=N/s for the rest (defaults: AssumeRoot=100/s LookupEvents=2/s default=20/s)',
      collectRate,
      [],
    )
    .option('--no-throttle', 'turn every rate limit off')
    .option(
      '--faults <p>',
      'probability per call of an injected HTTP 500/503 or dropped connection (seeded by --seed)',
      parseFraction,
      0,
    );
}
