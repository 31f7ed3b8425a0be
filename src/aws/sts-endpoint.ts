/**
 * GetCallerIdentity that also records where the STS client actually sent the request. The SDK
 * resolves the endpoint from the Region, `--endpoint-url`, AWS_ENDPOINT_URL[_STS], the profile's
 * endpoint_url and the STS global/regional settings; observing the real request is the only answer
 * that cannot disagree with what AssumeRoot will do on the same client.
 */
import type { STSClient } from '@aws-sdk/client-sts';
import { HttpRequest } from '@smithy/protocol-http';
import type { IdentityPort, StsEndpointPort } from '../core/ports.js';
import { identity } from './identity.js';

const PROBE = 'rootctlStsEndpointProbe';

export function observedSts(client: STSClient): IdentityPort & StsEndpointPort {
  const base = identity(client);
  let seen: string | undefined;
  const whoAmI: IdentityPort['whoAmI'] = async () => {
    client.middlewareStack.add(
      (next) => async (args) => {
        if (HttpRequest.isInstance(args.request)) {
          const r = args.request;
          const port = r.port === undefined ? '' : `:${r.port}`;
          const path = r.path === '/' || r.path === '' ? '' : r.path.replace(/\/$/, '');
          seen = `${r.protocol.replace(/:?$/, ':')}//${r.hostname}${port}${path}`;
        }
        return next(args);
      },
      { step: 'finalizeRequest', name: PROBE, override: true },
    );
    try {
      return await base.whoAmI();
    } finally {
      // The client may belong to the caller (library use): leave its stack as it was.
      client.middlewareStack.remove(PROBE);
    }
  };
  return {
    whoAmI,
    async stsEndpoint() {
      if (seen === undefined) await whoAmI();
      return seen ?? '';
    },
  };
}
