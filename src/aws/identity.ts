/** STS GetCallerIdentity adapter. */
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { IdentityPort } from '../core/ports.js';
import { toRootctlError } from './errors.js';

export function identity(client: STSClient): IdentityPort {
  return {
    async whoAmI() {
      try {
        const r = await client.send(new GetCallerIdentityCommand({}));
        return { accountId: r.Account!, arn: r.Arn!, userId: r.UserId! };
      } catch (e) {
        throw toRootctlError(e, 'sts:GetCallerIdentity');
      }
    },
  };
}
