import { adminsOf, type DoctorCheck } from './shared.js';

export const delegatedAdminRegistered: DoctorCheck = {
  id: 'delegated-admin-registered',
  issueId: 'no-delegated-admin',
  level: 'warning',
  title: 'An IAM delegated administrator is registered',
  severity: 'low',
  description:
    'A member account (e.g. security tooling) is the IAM delegated administrator, so routine root tasks need not run from the management account.',
  remediation: 'rootctl setup --delegated-admin <account-id> (from the management account).',
  evaluate(f) {
    const admins = adminsOf(f);
    if (admins === undefined)
      return {
        status: f.delegatedAdministrators.status === 'unknown' ? 'unknown' : 'not_applicable',
        reason: 'the delegated administrators could not be read here',
      };
    if (admins.length) return { status: 'pass', reason: `${admins[0]!.accountId} (${admins[0]!.name})` };
    // Only worth saying once the feature is on: before that, setup's own step registers one.
    if (!(f.features.status === 'known' && f.features.value.RootCredentialsManagement))
      return { status: 'not_applicable', reason: 'RootCredentialsManagement is not known to be on' };
    return {
      status: 'fail',
      reason: 'no IAM delegated administrator is registered',
      issues: [
        {
          id: 'no-delegated-admin',
          title: 'No IAM delegated administrator: routine root tasks would run from the management account',
          detail:
            'AWS recommends registering a member account (e.g. security tooling) as the IAM delegated administrator; this is only possible from the CLI or SDK.',
          next: {
            kind: 'rootctl',
            text: 'rootctl setup --delegated-admin <account-id> (from the management account)',
          },
        },
      ],
    };
  },
};
