import { fromFact, setupStep, type DoctorCheck } from './shared.js';

export const trustedAccessEnabled: DoctorCheck = {
  id: 'trusted-access-enabled',
  issueId: 'trusted-access-off',
  level: 'gap',
  title: 'IAM trusted access (iam.amazonaws.com) is on in AWS Organizations',
  severity: 'high',
  description:
    'IAM needs trusted access before RootCredentialsManagement, RootSessions or an IAM delegated administrator can be enabled.',
  remediation: 'rootctl setup (from the management account) enables it.',
  evaluate(f) {
    return fromFact(f.trustedAccess, (on) =>
      on
        ? { status: 'pass', reason: 'IAM trusted access is on' }
        : {
            status: 'fail',
            reason:
              f.trustedAccess.status === 'known' && f.trustedAccess.note
                ? f.trustedAccess.note
                : 'IAM trusted access is off',
            issues: [
              {
                id: 'trusted-access-off',
                title: 'IAM trusted access (iam.amazonaws.com) is off in AWS Organizations',
                detail:
                  'IAM needs trusted access before RootCredentialsManagement, RootSessions or an IAM delegated administrator can be enabled.',
                next: { kind: 'rootctl', text: setupStep(f) },
              },
            ],
          },
    );
  },
};
