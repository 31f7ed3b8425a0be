import { FACT_LABELS, unknownFacts, type DoctorCheck } from './shared.js';

export const callerIsAdmin: DoctorCheck = {
  id: 'caller-is-admin',
  issueId: 'caller-not-admin',
  level: 'gap',
  title: 'The caller is the management account or the IAM delegated administrator',
  severity: 'high',
  description:
    'Root tasks (AssumeRoot) and the readiness reads run only from the management account or the IAM delegated administrator.',
  remediation:
    'Run from the management account or the IAM delegated administrator (e.g. rootctl doctor --profile security).',
  evaluate(f) {
    const role = f.caller.role;
    if (role === 'none') return { status: 'not_applicable', reason: 'the caller is in no organization' };
    if (role !== 'member')
      return {
        status: 'pass',
        reason: `the caller is the ${role === 'management' ? 'management account' : 'IAM delegated administrator'}`,
      };
    const what = unknownFacts(f).map((u) => FACT_LABELS[u.fact] ?? u.fact);
    return {
      status: 'fail',
      reason: f.caller.roleBasis,
      issues: [
        {
          id: 'caller-not-admin',
          title: 'The caller is neither the management account nor the IAM delegated administrator',
          detail: `${f.caller.roleBasis}${what.length ? ` Unknown from here: ${what.join(', ')}.` : ''} Root tasks (AssumeRoot) also run only from those two accounts.`,
          next: {
            kind: 'credentials',
            text: 'Run from the management account or the IAM delegated administrator (e.g. rootctl doctor --profile security)',
          },
        },
      ],
    };
  },
};
