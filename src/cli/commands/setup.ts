/**
 * `rootctl setup`: the library's `setup()` (src/app/setup.ts: plan, ask, apply, read back with doctor);
 * this file parses, asks and renders. Refusals exit 4 (bad delegated-admin ids exit 2), change nothing.
 */
import type { CommandSpec } from '../main.js';
import type { CliIo } from '../io.js';
import { addAwsOptions, addOutputOption, connectionFrom, type AwsOptions } from '../options.js';
import { ExitCode } from '../../core/errors.js';
import type { Painter } from '../../core/doctor/render.js';
import { setupRequest, type SetupInput } from '../../core/setup/request.js';
import type { SetupPlan } from '../../core/setup/types.js';
import {
  SETUP_OUTPUTS,
  renderPlanJson,
  renderPlanTable,
  renderResultJson,
  renderResultLines,
  renderVerified,
  type SetupOutput,
} from '../../core/setup/render.js';
import { notReadyLine, painterFor } from './doctor.js';
import { readinessProgress, withProgress } from '../progress.js';

interface SetupOpts extends AwsOptions {
  delegatedAdmin?: string;
  delegate: boolean;
  undo?: boolean;
  features?: string;
  yes?: boolean;
  quiet?: boolean;
  output: SetupOutput;
}

async function confirmed(io: CliIo, plan: SetupPlan, opts: SetupOpts, paint: Painter): Promise<boolean> {
  if (!opts.yes && !io.interactive) {
    io.err('rootctl: plan only, nothing changed: run again with --yes to apply.');
    return false;
  }
  const n = plan.steps.length;
  const ok =
    opts.yes ||
    (await io.confirm(`Apply ${n} step${n === 1 ? '' : 's'} to organization ${plan.organizationId}?`));
  if (!ok) io.err('rootctl: not applied; nothing changed.');
  else if (opts.output !== 'json') io.out(`\n${paint('bold', 'Applying:')}`);
  return ok;
}

async function run(io: CliIo, opts: SetupOpts, setExit: (code: number) => void): Promise<void> {
  const { delegatedAdmin, delegate, features } = opts;
  const input: SetupInput = { delegatedAdmin, delegate, features, mode: opts.undo ? 'undo' : 'setup' };
  setupRequest(input); // usage checks before any client is built
  const paint = painterFor(io);
  const json = opts.output === 'json';
  const { setup } = await import('../../app/library.js');
  const progress = readinessProgress(io, opts.quiet);
  const outcome = await withProgress(progress, (reading) =>
    setup({
      ...connectionFrom(opts), // refuses bad --profile / --endpoint-url / timeouts
      ...input,
      apply: true,
      whenNothingToDo: 'skip',
      onReadEvent: reading.onEvent,
      // JSON: stdout carries exactly one document - the plan, or the result (which contains the plan).
      onPlan: (plan) => {
        progress?.clear();
        const applying = plan.steps.length > 0 && (opts.yes || io.interactive);
        if (!json) io.out(renderPlanTable(plan, paint));
        else if (!applying) io.out(renderPlanJson(plan));
        else {
          if (!opts.yes) io.err(renderPlanTable(plan, paint));
          for (const w of plan.warnings) io.err(`rootctl: warning: ${w.title}`);
        }
      },
      confirm: (plan) => confirmed(io, plan, opts, paint),
      onEvent: (e) => {
        const line = renderResultLines(e, paint);
        if (line !== undefined) void (json ? io.err(line) : io.out(line));
      },
    }),
  );
  const { plan, result, doctor: after } = outcome;
  if (!result || !after) return;
  io.out(json ? renderResultJson(result, plan, after) : renderVerified(after, paint));
  // Applied, but doctor still finds a gap setup does not fix (e.g. the global STS endpoint): exit 1.
  if (outcome.stillNotReady) {
    io.err(notReadyLine(after).replace('rootctl: not ready:', 'rootctl: applied, but still not ready:'));
    setExit(ExitCode.Findings);
  }
}

export const setupCommand: CommandSpec = {
  register(program, io, setExit) {
    const cmd = program
      .command('setup')
      .description(
        'Set up centralized root access: IAM trusted access, RootCredentialsManagement, RootSessions, the IAM delegated administrator (plan first; apply with --yes)',
      )
      .option(
        '--delegated-admin <account-id>',
        'member account to register as the IAM delegated administrator (e.g. security tooling)',
      )
      .option('--no-delegate', 'set up the features only; register no delegated administrator')
      .option(
        '--features <list>',
        'features to enable, comma-separated (default both): credentials-management (RootCredentialsManagement: audit, delete, password recovery), root-sessions (RootSessions: S3/SQS unlock); AWS names accepted',
      )
      .option(
        '--undo',
        'plan (and with --yes apply) the reverse: deregister the delegated admin, disable both features and IAM trusted access',
      )
      .option('-y, --yes', 'apply without asking')
      .option('-q, --quiet', 'no progress line on stderr while setup reads the organization');
    cmd.addHelpText(
      'after',
      '\nWithout --yes and without a terminal, setup prints the plan and changes nothing (exit 0).\nApplied: exit 0, or 1 when doctor still finds a gap setup cannot fix (named on stderr).\nRefusals (nothing changed): exit 4; a bad --delegated-admin: exit 2. JSON schema: docs/doctor.md.\n\nExamples:\n  rootctl setup --delegated-admin 123456789012 --profile management\n  rootctl setup --delegated-admin 123456789012 --profile management --yes\n  rootctl setup --no-delegate --features credentials-management --profile management --yes\n  rootctl setup --undo --profile management --yes',
    );
    addOutputOption(cmd, SETUP_OUTPUTS);
    addAwsOptions(cmd).action((opts: SetupOpts) => run(io, opts, setExit));
  },
};
