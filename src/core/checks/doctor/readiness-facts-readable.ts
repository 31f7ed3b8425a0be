import { FACT_LABELS, isTransientCode, RETRY_STEP, unknownFacts, type DoctorCheck } from './shared.js';

/** Trusted access and the features decide readiness: not reading them is a gap, never a guess. */
export const readinessFactsReadable: DoctorCheck = {
  id: 'readiness-facts-readable',
  issueId: 'facts-unknown',
  level: 'gap',
  title: 'The settings readiness depends on could be read',
  severity: 'high',
  description:
    'IAM trusted access and the centralized root access features were read (a denied or failed read leaves readiness unconfirmed).',
  remediation:
    'Allow the failed read for the calling principal (see "Required IAM permissions" in the README), or run rootctl doctor again after a transient error.',
  evaluate(f) {
    const role = f.caller.role;
    if (role !== 'management' && role !== 'delegated-admin')
      return {
        status: 'not_applicable',
        reason: 'read only from the management account or the IAM delegated administrator',
      };
    const readiness = unknownFacts(f).filter((u) => u.fact === 'trustedAccess' || u.fact === 'features');
    if (!readiness.length) return { status: 'pass', reason: 'IAM trusted access and the features were read' };
    const denied = readiness.filter((u) => !isTransientCode(u.code));
    return {
      status: 'fail',
      reason: readiness.map((u) => `${u.action}: ${u.code}`).join(', '),
      issues: [
        {
          id: 'facts-unknown',
          title: 'Readiness could not be confirmed: some settings could not be read',
          detail: readiness.map((u) => `${FACT_LABELS[u.fact] ?? u.fact}: ${u.code}: ${u.reason}`).join(' '),
          next: denied.length
            ? {
                kind: 'permissions',
                text: `Allow ${denied.map((u) => u.action).join(', ')} for the calling principal (see "Required IAM permissions" in the README), then run rootctl doctor again`,
              }
            : { kind: 'rootctl', text: RETRY_STEP },
        },
      ],
    };
  },
};
