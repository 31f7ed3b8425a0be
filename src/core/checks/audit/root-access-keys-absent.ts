import { CIS_NO_ROOT_ACCESS_KEY } from '../cis.js';
import { fail, pass, type Check } from '../types.js';
import { isOutcome, memberRoot, plural, type AuditCheckInput } from './input.js';

export const rootAccessKeysAbsent: Check<AuditCheckInput> = {
  id: 'root-access-keys-absent',
  title: 'Member account root user has no access keys',
  severity: 'critical',
  description: 'The root user of a member account has no access keys.',
  remediation: 'rootctl remediate --accounts <id> --only access-keys.',
  cis: CIS_NO_ROOT_ACCESS_KEY,
  evaluate(input) {
    const root = memberRoot(input);
    if (isOutcome(root)) return root;
    if (!root.accessKeysPresent) return pass('the root user has no access keys');
    return fail(
      root.accessKeys.length
        ? `the root user has ${plural(root.accessKeys.length, 'access key')}: ${root.accessKeys.map((k) => `${k.id} (${k.status})`).join(', ')}`
        : 'the root user has access keys',
    );
  },
};
