import { fail, pass, type Check } from '../types.js';
import { isOutcome, memberRoot, plural, type AuditCheckInput } from './input.js';

/**
 * With centralized root access a member root user needs no MFA device: it has no password to
 * protect, and a device left behind is a credential someone could recover the account with.
 */
export const rootMfaDevicesAbsent: Check<AuditCheckInput> = {
  id: 'root-mfa-devices-absent',
  title: 'Member account root user has no MFA devices',
  severity: 'medium',
  description:
    'The root user of a member account has no MFA devices (with centralized root access a member root user needs none).',
  remediation: 'rootctl remediate --accounts <id> --only mfa.',
  evaluate(input) {
    const root = memberRoot(input);
    if (isOutcome(root)) return root;
    if (!root.mfaPresent) return pass('the root user has no MFA devices');
    const n = root.mfaDevices.length;
    return fail(n ? `the root user has ${plural(n, 'MFA device')}` : 'the root user has MFA devices');
  },
};
