/** Options shared by every command that talks to AWS, and their conversion to an AwsContext. */
import { Option, type Command } from 'commander';
import type { AwsContext } from '../aws/clients.js';
import { DEFAULT_CONCURRENCY } from '../core/audit/run.js';
import { RootctlError } from '../core/errors.js';

export interface AwsOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  connectTimeout?: string;
  requestTimeout?: string;
}

export function addAwsOptions(cmd: Command): Command {
  return cmd
    .option('--profile <name>', 'AWS profile (default: the SDK provider chain: env, AWS_PROFILE, SSO, ...)')
    .option(
      '--region <region>',
      "Region for STS (AssumeRoot uses its Regional endpoint) and CloudTrail (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, else us-east-1)",
    )
    .option(
      '--endpoint-url <url>',
      'Send every AWS call to this endpoint (e.g. the rootctl emulator); AWS_ENDPOINT_URL works too',
    )
    .option(
      '--connect-timeout <seconds>',
      'Give up connecting to an endpoint after this long (default 10; ROOTCTL_CONNECT_TIMEOUT)',
    )
    .option(
      '--request-timeout <seconds>',
      'Give up on a request the endpoint has not answered after this long (default 30; ROOTCTL_REQUEST_TIMEOUT)',
    );
}

export function addOutputOption(cmd: Command, formats: readonly string[], defaultFormat = 'table'): Command {
  return cmd.addOption(
    new Option('-o, --output <format>', 'output format').choices([...formats]).default(defaultFormat),
  );
}

/** Refuses an empty --profile and an --endpoint-url that is not an http(s) URL, before any client is built. */
export function checkAwsOptions(opts: AwsOptions): void {
  if (opts.profile !== undefined && opts.profile.trim() === '') {
    throw new RootctlError('UsageError', '--profile is empty: give a profile name, or leave --profile out.');
  }
  if (opts.endpointUrl !== undefined && !/^https?:\/\/[^/\s]+/.test(opts.endpointUrl)) {
    throw new RootctlError('InvalidInput', `--endpoint-url '${opts.endpointUrl}' is not an http(s) URL.`);
  }
  timeoutsFrom(opts);
}

/** --connect-timeout / --request-timeout (seconds) as ms; unset ones fall back to the environment. */
export function timeoutsFrom(opts: AwsOptions): { connectTimeoutMs?: number; requestTimeoutMs?: number } {
  const connect = parseSeconds(opts.connectTimeout, '--connect-timeout');
  const request = parseSeconds(opts.requestTimeout, '--request-timeout');
  return {
    ...(connect === undefined ? {} : { connectTimeoutMs: connect }),
    ...(request === undefined ? {} : { requestTimeoutMs: request }),
  };
}

/**
 * Region, profile, endpoint and timeouts of the options, as AwsContextOptions and the library's
 * AwsConnection take them; bad ones refused first (checkAwsOptions).
 */
export function connectionFrom(opts: AwsOptions) {
  checkAwsOptions(opts);
  return { region: opts.region, profile: opts.profile, endpoint: opts.endpointUrl, ...timeoutsFrom(opts) };
}

// Same rule as src/aws/http.ts parseTimeoutSeconds (kept here: the CLI starts without the SDK).
function parseSeconds(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0.1 || seconds > 3600) {
    throw new RootctlError(
      'InvalidInput',
      `${what} '${value}' must be a number of seconds from 0.1 to 3600.`,
    );
  }
  return Math.round(seconds * 1000);
}

/**
 * The AWS context for a command. The SDK clients are imported here, on first use, not when the CLI
 * starts: `--help`, `--version` and usage errors then answer without loading the SDK.
 */
export async function awsContextFrom(
  opts: AwsOptions,
  extra: { maxAttempts?: number; maxSockets?: number } = {},
): Promise<AwsContext> {
  checkAwsOptions(opts);
  const { createAwsContext } = await import('../aws/clients.js');
  return createAwsContext({ ...connectionFrom(opts), ...extra });
}

/** --concurrency: a whole number from 1 to 1000 (DEFAULT_CONCURRENCY when not given). */
export function parseConcurrency(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CONCURRENCY;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 1000)
    throw new RootctlError('InvalidInput', `--concurrency '${value}' must be a whole number from 1 to 1000.`);
  return n;
}

/** Parses "30m", "4h", "7d", "90s" into milliseconds. */
export function parseDuration(value: string): number {
  const m = /^(\d+)\s*(s|m|h|d|w)$/.exec(value.trim());
  if (!m) throw new RootctlError('InvalidDuration', `'${value}' is not a duration (use e.g. 30m, 4h, 7d).`);
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[
    m[2] as 's' | 'm' | 'h' | 'd' | 'w'
  ];
  return Number(m[1]) * unit;
}
