/**
 * Flag parsers for `rootctl emulator`. Each throws commander's InvalidArgumentError, so a bad value
 * is one line naming the flag (`rootctl: UsageError: option '--faults <p>' argument '2' is invalid. ...`), exit 2.
 */
import { InvalidArgumentError } from 'commander';
import { DEFAULT_RATES, type RateConfig } from '../../emulator/limits.js';
import type { ServiceDefinition } from '../../emulator/services/types.js';

/** Not LocalStack's 4566, so both can run side by side. */
export const DEFAULT_PORT = 4599;
export const DEFAULT_ACCOUNTS = 60;
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

/** The first --rate naming an operation the emulator does not serve (a typo would silently do nothing). */
export function unknownRateOperation(specs: RateSpec[], services: ServiceDefinition[]): string | undefined {
  const known = new Set(services.flatMap((s) => Object.keys(s.operations)));
  return specs.find((r) => r.operation !== 'default' && !known.has(r.operation))?.operation;
}

export interface RateSpec {
  operation: string;
  perSecond: number;
}

/** `AssumeRoot=100/s`, `ListAccounts=600/m`, `default=20/s`; repeatable (commander collects them). */
export function collectRate(value: string, previous: RateSpec[]): RateSpec[] {
  const m = /^([A-Za-z]+)=(\d+(?:\.\d+)?)(?:\/(s|m))?$/.exec(value.trim());
  if (!m)
    throw new InvalidArgumentError('Use Operation=N/s (or N/m), e.g. AssumeRoot=100/s or default=20/s.');
  return [...previous, { operation: m[1]!, perSecond: Number(m[2]) / (m[3] === 'm' ? 60 : 1) }];
}

/** The rate table: AWS-like defaults, then each --rate in order; no throttling at all with --no-throttle. */
export function rateConfig(specs: RateSpec[], throttle: boolean): RateConfig {
  if (!throttle) return { operations: {}, defaultPerSecond: 0 };
  const config: RateConfig = {
    operations: { ...DEFAULT_RATES.operations },
    defaultPerSecond: DEFAULT_RATES.defaultPerSecond,
  };
  for (const { operation, perSecond } of specs) {
    if (operation === 'default') config.defaultPerSecond = perSecond;
    else config.operations[operation] = perSecond;
  }
  return config;
}

/** `AssumeRoot=100/s LookupEvents=2/s default=20/s`, for the start-up summary. */
export function describeRates(config: RateConfig): string {
  if (!(config.defaultPerSecond > 0) && Object.values(config.operations).every((r) => !(r > 0))) return 'off';
  const fmt = (n: number) => (n > 0 ? `${Number(n.toFixed(3))}/s` : 'unlimited');
  return [
    ...Object.entries(config.operations).map(([op, r]) => `${op}=${fmt(r)}`),
    `default=${fmt(config.defaultPerSecond)}`,
  ].join(' ');
}
