import { fail, notApplicable, pass, type Check } from '../types.js';
import type { AuditCheckInput } from './input.js';

/** Judged from `overdueException`, which the exceptions store sets when the audit is recorded. */
export const rootTaskExceptionNotOverdue: Check<AuditCheckInput> = {
  id: 'root-task-exception-not-overdue',
  title: 'No root-task exception past its expiry',
  severity: 'high',
  description:
    'No root-task exception (password recovery, S3/SQS unlock) opened with rootctl is still open after its expiry.',
  remediation: 'rootctl exception close --account <id> (or exception enforce).',
  evaluate({ account: a }) {
    if (a.status === 'skipped') return notApplicable(`skipped: ${a.skipReason ?? 'not audited'}`);
    return a.overdueException
      ? fail(
          `the ${a.overdueException.task} exception is past its expiry and still open (see overdueException)`,
        )
      : pass('no open root-task exception is past its expiry');
  },
};
