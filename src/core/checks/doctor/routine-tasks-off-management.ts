import { adminsOf, type DoctorCheck } from './shared.js';

export const routineTasksOffManagement: DoctorCheck = {
  id: 'routine-tasks-off-management',
  issueId: 'management-while-delegated',
  level: 'warning',
  title: 'Routine root tasks do not run from the management account while a delegated administrator exists',
  severity: 'low',
  description:
    'With an IAM delegated administrator registered, routine root tasks run from it rather than from the management account.',
  remediation: 'Use credentials in the IAM delegated administrator account for root tasks.',
  evaluate(f) {
    const admin = adminsOf(f)?.[0];
    if (f.caller.role !== 'management')
      return { status: 'pass', reason: 'the caller is not the management account' };
    if (!admin) return { status: 'not_applicable', reason: 'no IAM delegated administrator is known' };
    return {
      status: 'fail',
      reason: `running from the management account while ${admin.accountId} is the IAM delegated administrator`,
      issues: [
        {
          id: 'management-while-delegated',
          title: `Running from the management account while ${admin.accountId} (${admin.name}) is the IAM delegated administrator`,
          detail:
            'Routine root tasks should not run from the management account: use the delegated administrator for them.',
          next: {
            kind: 'credentials',
            text: `Use credentials in account ${admin.accountId} (${admin.name}) for root tasks (e.g. rootctl doctor --profile security)`,
          },
        },
      ],
    };
  },
};
