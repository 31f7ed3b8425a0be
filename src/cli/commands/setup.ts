/**
 * `rootctl setup`: plan, then (with --yes or an interactive yes) apply the steps to centralized root
 * access - IAM trusted access, RootCredentialsManagement, RootSessions, the IAM delegated admin -
 * skipping what is done; `--undo` plans the reverse. After applying, reads the state back and prints
 * what doctor now says (exit 1 if it still finds a gap). Refusals exit 4 (bad delegated-admin ids exit 2)
 * and change nothing.
 */
import type { CommandSpec } from '../main.js';
import type { CliIo } from '../io.js';
import { addAwsOptions, addOutputOption, awsContextFrom, type AwsOptions } from '../options.js';
import { ExitCode, RootctlError } from '../../core/errors.js';
import { parseAccountId } from '../../core/model/account-id.js';
import { renderDoctorTable } from '../../core/doctor/render.js';
import { parseFeatures } from '../../core/setup/features.js';
import type { SetupPlan, SetupRequest, SetupResultDocument } from '../../core/setup/types.js';
import {
  SETUP_OUTPUTS,
  renderPlanJson,
  renderPlanTable,
  renderResultLines,
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

/** Usage checks that need no AWS call, so a typo never reaches the organization. */
export function setupRequest(
  opts: Pick<SetupOpts, 'delegatedAdmin' | 'delegate' | 'undo' | 'features'>,
): SetupRequest {
  if (opts.undo) {
    if (opts.delegatedAdmin !== undefined || !opts.delegate || opts.features !== undefined) {
      throw new RootctlError(
        'UsageError',
        '--undo takes neither --delegated-admin, --no-delegate nor --features: it reverses everything setup does.',
      );
    }
    return { mode: 'undo' };
  }
  const delegatedAdmin = opts.delegatedAdmin === undefined ? undefined : parseAccountId(opts.delegatedAdmin);
  if (opts.delegate && delegatedAdmin === undefined) {
    throw new RootctlError(
      'UsageError',
      'Give the account to register as IAM delegated administrator with --delegated-admin <account-id>, or pass --no-delegate.',
    );
  }
  if (!opts.delegate && delegatedAdmin !== undefined) {
    throw new RootctlError('UsageError', '--delegated-admin and --no-delegate cannot be used together.');
  }
  const features = opts.features === undefined ? undefined : parseFeatures(opts.features);
  return { mode: 'setup', delegatedAdmin, delegate: opts.delegate, ...(features ? { features } : {}) };
}

async function confirmed(io: CliIo, plan: SetupPlan, opts: SetupOpts): Promise<boolean> {
  if (opts.yes) return true;
  if (!io.interactive) {
    io.err('rootctl: plan only, nothing changed: run again with --yes to apply.');
    return false;
  }
  const ok = await io.confirm(
    `Apply ${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'} to organization ${plan.organizationId}?`,
  );
  if (!ok) io.err('rootctl: not applied; nothing changed.');
  return ok;
}

async function run(io: CliIo, opts: SetupOpts, setExit: (code: number) => void): Promise<void> {
  const request = setupRequest(opts);
  const paint = painterFor(io);
  const json = opts.output === 'json';
  const ctx = await awsContextFrom(opts);
  try {
    const { doctor, planSetup, applySetup, setupPorts } = await import('../../app/doctor.js');
    const ports = setupPorts(ctx);
    const progress = readinessProgress(io, opts.quiet);
    const plan = await withProgress(progress, (e) => planSetup(ports, request, { region: ctx.region, ...e }));
    const applying = plan.steps.length > 0 && (opts.yes || io.interactive);
    // JSON: stdout carries exactly one document - the plan, or the result (which contains the plan).
    if (!json) io.out(renderPlanTable(plan, paint));
    else if (!applying) io.out(renderPlanJson(plan));
    else {
      if (!opts.yes) io.err(renderPlanTable(plan, paint));
      for (const w of plan.warnings) io.err(`rootctl: warning: ${w.title}`);
    }
    if (!plan.steps.length || !(await confirmed(io, plan, opts))) return;

    if (!json) io.out(`\n${paint('bold', 'Applying:')}`);
    const result = await applySetup(ports, plan, {
      onEvent: (e) => {
        const line = renderResultLines(e, paint);
        if (line === undefined) return;
        if (json) io.err(line);
        else io.out(line);
      },
    });
    const after = await withProgress(progress, (e) => doctor(ports, { region: ctx.region, ...e }));
    if (json) {
      const doc: SetupResultDocument = { ...result, plan, doctor: after };
      io.out(JSON.stringify(doc, null, 2));
    } else {
      io.out(`\n${paint('bold', 'Verified. What rootctl doctor says now:')}\n`);
      io.out(renderDoctorTable(after, paint));
    }
    // Applied and verified, but doctor still finds a gap setup does not fix (e.g. the global STS
    // endpoint, or a caller that is neither management nor delegated admin): exit 1, as doctor does.
    if (!after.ready && plan.mode === 'setup') {
      io.err(notReadyLine(after).replace('rootctl: not ready:', 'rootctl: applied, but still not ready:'));
      setExit(ExitCode.Findings);
    }
  } finally {
    ctx.destroy();
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
