import type { DoctorCheck } from './shared.js';

export const callerInOrganization: DoctorCheck = {
  id: 'caller-in-organization',
  issueId: 'not-in-organization',
  level: 'gap',
  title: 'The caller is in an AWS Organization',
  severity: 'high',
  description:
    "The caller's account is a member of an AWS Organization (centralized root access is an Organizations feature).",
  remediation:
    'Use credentials of the management account or the IAM delegated administrator; to create an organization: aws organizations create-organization --feature-set ALL',
  evaluate(f) {
    if (f.caller.role !== 'none')
      return { status: 'pass', reason: `account ${f.caller.accountId} is in an organization` };
    return {
      status: 'fail',
      reason: `account ${f.caller.accountId} is in no organization`,
      issues: [
        {
          id: 'not-in-organization',
          title: 'The caller is not in an AWS Organization',
          detail: `Account ${f.caller.accountId} (${f.caller.arn}) is not a member of an organization; centralized root access is an Organizations feature.`,
          next: {
            kind: 'credentials',
            text: 'Use credentials of the management account or the IAM delegated administrator (e.g. rootctl doctor --profile management); to create an organization: aws organizations create-organization --feature-set ALL',
          },
        },
      ],
    };
  },
};
