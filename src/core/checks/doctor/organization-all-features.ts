import { fromFact, type DoctorCheck } from './shared.js';

export const organizationAllFeatures: DoctorCheck = {
  id: 'organization-all-features',
  issueId: 'consolidated-billing',
  level: 'gap',
  title: 'The organization has all features enabled',
  severity: 'high',
  description:
    'The organization has all features (not consolidated billing only), which IAM trusted access, centralized root access and SCPs need.',
  remediation:
    'AWS Organizations console > Settings > "Begin process to enable all features" (or aws organizations enable-all-features); every invited member account must approve.',
  evaluate(f) {
    return fromFact(f.organization, (org) =>
      org.featureSet === 'ALL'
        ? { status: 'pass', reason: `organization ${org.id} has all features` }
        : {
            status: 'fail',
            reason: `organization ${org.id} has consolidated billing only`,
            issues: [
              {
                id: 'consolidated-billing',
                title: 'The organization has consolidated billing only, not all features',
                detail: `Organization ${org.id} must have all features for IAM trusted access, centralized root access and SCPs.`,
                next: {
                  kind: 'console',
                  text: 'In the management account: AWS Organizations console > Settings > "Begin process to enable all features" (or: aws organizations enable-all-features); every invited member account must approve',
                },
              },
            ],
          },
    );
  },
};
