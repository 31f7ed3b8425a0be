/**
 * `rootctl doctor`: where the organization stands on centralized root access, read-only.
 * Exit 0 ready (warnings included), 1 not ready, 2 usage, 3 runtime (credentials, network, access).
 */
import type { CommandSpec } from '../main.js';
import { paint, type CliIo } from '../io.js';
import { addAwsOptions, addOutputOption, awsContextFrom, type AwsOptions } from '../options.js';
import { ExitCode } from '../../core/errors.js';
import { readinessProgress, withProgress } from '../progress.js';
import { DOCTOR_OUTPUTS, renderDoctor, type DoctorOutput, type Painter } from '../../core/doctor/index.js';
import type { DoctorReport } from '../../core/doctor/types.js';

interface DoctorOpts extends AwsOptions {
  output: DoctorOutput;
  quiet?: boolean;
}

export function painterFor(io: CliIo): Painter {
  return (colour, text) => paint(io, colour, text);
}

/** One line on stderr under a not-ready report, so scripts and humans see why the exit code is 1. */
export function notReadyLine(report: DoctorReport): string {
  return `rootctl: not ready: ${report.gaps.map((g) => g.id).join(', ')} (next steps above).`;
}

async function run(io: CliIo, opts: DoctorOpts, setExit: (code: number) => void): Promise<void> {
  const ctx = await awsContextFrom(opts);
  try {
    const { doctor } = await import('../../app/doctor.js');
    const progress = readinessProgress(io, opts.quiet);
    const report = await withProgress(progress, (events) => doctor(ctx, events));
    io.out(renderDoctor(report, opts.output, painterFor(io)));
    if (!report.ready) {
      io.err(notReadyLine(report));
      setExit(ExitCode.Findings);
    }
  } finally {
    ctx.destroy();
  }
}

export const doctorCommand: CommandSpec = {
  register(program, io, setExit) {
    const cmd = program
      .command('doctor')
      .description(
        'Check whether the organization is ready for centralized root access, and what to do next (read-only)',
      )
      .addHelpText(
        'after',
        '\nExit codes: 0 ready (warnings included), 1 not ready, 2 usage error, 3 runtime error.\nJSON schema: docs/doctor.md.\n\nExamples:\n  rootctl doctor --profile management\n  rootctl doctor --profile security --output json',
      );
    addOutputOption(cmd, DOCTOR_OUTPUTS);
    cmd.option('-q, --quiet', 'no progress line on stderr while doctor reads the organization');
    addAwsOptions(cmd).action((opts: DoctorOpts) => run(io, opts, setExit));
  },
};
