/** CloudTrail userIdentity blocks, as AWS writes them for each kind of principal. */
import type { Credential } from './world.js';

/**
 * The caller's identity; `openedRootSession`: the record of a successful AssumeRoot, whose caller's
 * sessionContext AWS's sample shows with `assumedRoot: "true"` (IAM user guide, "Track privileged
 * tasks in CloudTrail").
 */
export function userIdentityOf(cred: Credential, openedRootSession = false): Record<string, unknown> {
  const p = cred.principal;
  switch (p.kind) {
    case 'role':
      return {
        type: 'AssumedRole',
        principalId: `${p.roleId}:${p.sessionName}`,
        arn: p.arn,
        accountId: p.accountId,
        accessKeyId: cred.accessKeyId,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: p.roleId,
            arn: p.roleArn,
            accountId: p.accountId,
            userName: p.roleName,
          },
          webIdFederationData: {},
          attributes: { creationDate: '2024-01-01T00:00:00Z', mfaAuthenticated: 'false' },
          ...(openedRootSession ? { assumedRoot: 'true' } : {}),
        },
      };
    case 'root-user':
      return {
        type: 'Root',
        principalId: p.accountId,
        arn: p.arn,
        accountId: p.accountId,
        accessKeyId: cred.accessKeyId,
      };
    case 'root-session':
      return {
        type: 'Root',
        principalId: p.accountId,
        arn: p.arn,
        accountId: p.accountId,
        accessKeyId: cred.accessKeyId,
        sessionContext: {
          attributes: {
            creationDate: new Date(p.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
            mfaAuthenticated: 'false',
          },
          // The mark of a root session (IAM user guide, "Track privileged tasks in CloudTrail").
          assumedRoot: 'true',
        },
      };
  }
}
