import { isTransientCode, RETRY_STEP, type DoctorCheck } from './shared.js';

export const scpsReadable: DoctorCheck = {
  id: 'scps-readable',
  issueId: 'scps-unknown',
  level: 'warning',
  title: 'The SCPs could be read',
  severity: 'medium',
  description: 'The service control policies were read, so blocking SCPs are ruled in or out.',
  remediation:
    'Allow organizations:ListPolicies, organizations:DescribePolicy and organizations:ListTargetsForPolicy for the calling principal.',
  evaluate(f) {
    const scps = f.scps;
    if (scps.status === 'not-applicable') return { status: 'not_applicable', reason: scps.reason };
    if (scps.status === 'known') return { status: 'pass', reason: 'the SCPs were read' };
    // A member account cannot read them; caller-is-admin already says where to run from.
    if (f.caller.role === 'member')
      return { status: 'not_applicable', reason: 'a member account cannot read the SCPs' };
    return {
      status: 'fail',
      reason: `${scps.action} failed: ${scps.code}`,
      issues: [
        {
          id: 'scps-unknown',
          title: 'SCPs could not be read: blocking SCPs are not ruled out',
          detail: `${scps.code}: ${scps.reason}`,
          next: isTransientCode(scps.code)
            ? { kind: 'rootctl', text: RETRY_STEP }
            : {
                kind: 'permissions',
                text: 'Allow organizations:ListPolicies, organizations:DescribePolicy and organizations:ListTargetsForPolicy for the calling principal',
              },
        },
      ],
    };
  },
};
