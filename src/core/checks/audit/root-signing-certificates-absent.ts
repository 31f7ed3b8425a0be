import { fail, pass, type Check } from '../types.js';
import { isOutcome, memberRoot, plural, type AuditCheckInput } from './input.js';

export const rootSigningCertificatesAbsent: Check<AuditCheckInput> = {
  id: 'root-signing-certificates-absent',
  title: 'Member account root user has no signing certificates',
  severity: 'high',
  description: 'The root user of a member account has no X.509 signing certificates.',
  remediation: 'rootctl remediate --accounts <id> --only signing-certificates.',
  evaluate(input) {
    const root = memberRoot(input);
    if (isOutcome(root)) return root;
    if (!root.signingCertificatesPresent) return pass('the root user has no signing certificates');
    const n = root.signingCertificates.length;
    return fail(
      n ? `the root user has ${plural(n, 'signing certificate')}` : 'the root user has signing certificates',
    );
  },
};
