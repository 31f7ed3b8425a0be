/** `rootctl deploy scheduled-audit`'s flags, checked before anything is written (exit 2). */
import { RootctlError } from '../core/errors.js';
import { parseConcurrency } from './options.js';
import { parseOrgId, parsePartition } from '../core/guardrails/inputs.js';
import type { ScheduledAuditStackOptions } from '../core/deploy/scheduled-audit.js';

export interface StackOpts {
  format: 'cloudformation' | 'terraform';
  orgId?: string;
  partition: string;
  schedule: string;
  functionName: string;
  securityHub?: boolean;
  enforceExceptions?: boolean;
  fanOut?: boolean;
  concurrency: string;
  prefix: string;
  out?: string;
}

/** EventBridge Scheduler: rate(value unit), cron(6 fields) or at(yyyy-mm-ddThh:mm:ss) (CreateSchedule, ScheduleExpression). */
const SCHEDULE =
  /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(\S+( \S+){5}\)|at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\))$/;

export function stackOptions(o: StackOpts): ScheduledAuditStackOptions {
  if (!SCHEDULE.test(o.schedule))
    throw new RootctlError('InvalidInput', `--schedule '${o.schedule}' is not a Scheduler expression.`, {
      hint: 'Use rate(1 day), rate(12 hours) or cron(0 6 * * ? *).',
    });
  const concurrency = parseConcurrency(o.concurrency);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(o.functionName))
    throw new RootctlError(
      'InvalidInput',
      `--function-name '${o.functionName}' must be 1-64 letters, digits, - or _.`,
    );
  if (!/^[A-Za-z0-9!_.*'()/-]*$/.test(o.prefix) || (o.prefix !== '' && !o.prefix.endsWith('/')))
    throw new RootctlError('InvalidInput', `--prefix '${o.prefix}' must be an S3 key prefix ending in /.`);
  return {
    partition: parsePartition(o.partition),
    orgId: o.orgId === undefined ? undefined : parseOrgId(o.orgId),
    functionName: o.functionName,
    schedule: o.schedule,
    securityHub: o.securityHub === true,
    enforceExceptions: o.enforceExceptions === true,
    concurrency,
    prefix: o.prefix,
    fanOut: o.fanOut === true,
  };
}
