import { fail, pass, type Check } from '../types.js';
import { isOutcome, memberRoot, type AuditCheckInput } from './input.js';

export const rootPasswordAbsent: Check<AuditCheckInput> = {
  id: 'root-password-absent',
  title: 'Member account root user has no password',
  severity: 'high',
  description: 'The root user of a member account has no console password (login profile).',
  remediation:
    'rootctl remediate --accounts <id> --only password (deletes the login profile through AssumeRoot).',
  evaluate(input) {
    const root = memberRoot(input);
    if (isOutcome(root)) return root;
    return root.password.present
      ? fail(
          `the root user has a console password${root.password.createDate ? ` (created ${root.password.createDate})` : ''}`,
        )
      : pass('the root user has no console password');
  },
};
