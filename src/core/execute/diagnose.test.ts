import { describe, expect, it } from 'vitest';
import { diagnoseFailure } from './diagnose.js';

// AWS's own AssumeRoot refusals (radkawar/stackd testdata/aws/iam/root_sessions.json, root_access.json).
const BARE =
  'User: arn:aws:sts::111111111111:assumed-role/RootOps/me is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::222222222222:root';

describe('diagnoseFailure (remediate, exception open)', () => {
  it("names the organization setting behind AWS's AssumeRoot refusals, whatever an SCP analysis says", () => {
    const scp = 'blocked by SCP p-abc (DenyRoot) attached to ou-x';
    expect(
      diagnoseFailure('AccessDenied', 'Root sessions feature is not enabled for your AWS Organization.', scp),
    ).toMatch(
      /^RootSessions is not enabled for the organization: .*S3 and SQS unlock tasks.*--features root-sessions/,
    );
    expect(
      diagnoseFailure(
        'AccessDenied',
        'Root credentials management feature is not enabled for your AWS Organization.',
      ),
    ).toMatch(
      /^RootCredentialsManagement is not enabled for the organization: .*audit, delete and password-recovery/,
    );
    expect(diagnoseFailure('AccessDenied', 'Service not enabled for AWS Organizations.', scp)).toMatch(
      /^IAM trusted access is not enabled/,
    );
  });

  it('prefers a blocking SCP to the bare denial, which names no reason', () => {
    expect(diagnoseFailure('AccessDenied', BARE, 'blocked by SCP p-abc')).toBe('blocked by SCP p-abc');
    expect(diagnoseFailure('AccessDenied', BARE)).toMatch(/^AssumeRoot was refused without a reason/);
    expect(diagnoseFailure('AccessDenied', `${BARE} because no identity-based policy allows it`)).toMatch(
      /^access denied/,
    );
  });
});
