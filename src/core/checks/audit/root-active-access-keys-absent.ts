import { fail, pass, unknown, type Check } from '../types.js';
import { isOutcome, memberRoot, type AuditCheckInput } from './input.js';

/** An active key is usable today; an inactive one only after someone turns it on again. */
export const rootActiveAccessKeysAbsent: Check<AuditCheckInput> = {
  id: 'root-active-access-keys-absent',
  title: 'Member account root user has no active access keys',
  severity: 'critical',
  description: 'The root user of a member account has no access key in the Active state.',
  remediation: 'rootctl remediate --accounts <id> --only access-keys.',
  evaluate(input) {
    const root = memberRoot(input);
    if (isOutcome(root)) return root;
    if (!root.accessKeysPresent) return pass('the root user has no access keys');
    if (root.detail === 'summary')
      return unknown('the root user has access keys; --detail summary does not read their status');
    const active = root.accessKeys.filter((k) => k.status === 'Active');
    return active.length
      ? fail(`active root access keys: ${active.map((k) => k.id).join(', ')}`)
      : pass('every root access key is inactive');
  },
};
