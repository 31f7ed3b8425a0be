/** CloudTrail userIdentity blocks, as AWS writes them for each kind of principal. */
import type { Credential } from './world.js';

export function userIdentityOf(cred: Credential): Record<string, unknown> {
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
        },
      };
  }
}
