/**
 * `rootctl activity`: AssumeRoot calls from the CloudTrail event history of the calling account in
 * one Region (who, when, from where, into which account, with which task policy), the calls made in
 * each root session where the history has them, and a CI gate on unexpected callers. The activity
 * use case (src/app/activity.ts) does the work; this file parses, calls it and renders.
 */
import type { CommandSpec } from '../main.js';
import type { CliIo } from '../io.js';
import {
  addAwsOptions,
  addOutputOption,
  awsContextFrom,
  parseDuration,
  type AwsOptions,
} from '../options.js';
import { ExitCode, RootctlError } from '../../core/errors.js';
import { parseAccountId } from '../../core/model/account-id.js';
import { parsePrincipalArnList } from '../../core/guardrails/inputs.js';
import { ACTIVITY_OUTPUTS, renderActivity, type ActivityOutput } from '../../core/activity/render.js';

interface ActivityOpts extends AwsOptions {
  since: string;
  account?: string;
  allowedPrincipals?: string;
  output: ActivityOutput;
  sessionCalls: boolean;
}

/** `7d`, `12h`, or an ISO date/time (`2025-01-31`, `2025-01-31T12:00:00Z`). */
export function parseSince(value: string, now: Date): Date {
  if (/^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
    const t = Date.parse(value.trim());
    if (Number.isNaN(t))
      throw new RootctlError('InvalidDuration', `--since '${value}' is not a valid date.`, {
        hint: 'Give a duration such as 7d or 12h, or a date such as 2025-01-31.',
      });
    if (t > now.getTime()) throw new RootctlError('InvalidDuration', `--since '${value}' is in the future.`);
    return new Date(t);
  }
  const ms = parseDuration(value);
  if (ms <= 0) throw new RootctlError('InvalidDuration', `--since '${value}' must be longer than zero.`);
  return new Date(now.getTime() - ms);
}

async function run(io: CliIo, opts: ActivityOpts, setExit: (code: number) => void): Promise<void> {
  const until = new Date();
  const since = parseSince(opts.since, until);
  const account = opts.account === undefined ? undefined : parseAccountId(opts.account);
  const allowedPrincipals =
    opts.allowedPrincipals === undefined ? undefined : parsePrincipalArnList(opts.allowedPrincipals);
  const ctx = await awsContextFrom(opts);
  try {
    const { activityPorts, activityReport } = await import('../../app/activity.js');
    const report = await activityReport(await activityPorts(ctx), {
      ...{ since, until, account, allowedPrincipals, sessionCalls: opts.sessionCalls },
      onWarning: (text) => io.err(`rootctl: note: ${text}`),
    });
    io.out(renderActivity(report, opts.output));
    if (report.summary.flagged > 0) {
      io.err(
        `rootctl: ${report.summary.flagged} AssumeRoot call${report.summary.flagged === 1 ? '' : 's'} by principals not in --allowed-principals.`,
      );
      setExit(ExitCode.Findings);
    }
  } finally {
    ctx.destroy();
  }
}

export const activityCommand: CommandSpec = {
  register(program, io, setExit) {
    const cmd = program
      .command('activity')
      .description(
        'AssumeRoot calls from the CloudTrail event history of the calling account (one Region; see --region)',
      )
      .option(
        '--since <when>',
        'how far back: a duration (30m, 12h, 7d) or a date (2025-01-31); at most 90 days',
        '7d',
      )
      .option('--account <id>', 'only calls into this target member account')
      .option(
        '--allowed-principals <arns>',
        'role/user/session ARNs allowed to call AssumeRoot (wildcards ok); anyone else is flagged and the exit code is 1',
      )
      .option(
        '--no-session-calls',
        'do not look up the calls made in root sessions (only sessions into the calling account itself can have them in its event history)',
      )
      .addHelpText(
        'after',
        '\nExamples:\n  rootctl activity --profile security --since 24h\n  rootctl activity --account 123456789012 --since 2025-01-31 --output json\n  rootctl activity --allowed-principals "arn:aws:sts::123456789012:assumed-role/RootOps/*" --since 1d   # CI gate: exit 1 on anyone else',
      );
    addOutputOption(cmd, ACTIVITY_OUTPUTS);
    addAwsOptions(cmd).action((opts: ActivityOpts) => run(io, opts, setExit));
  },
};
