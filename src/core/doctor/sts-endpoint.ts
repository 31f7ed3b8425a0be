/**
 * Which STS endpoint AssumeRoot will hit. AWS serves AssumeRoot only on Regional endpoints
 * (sts.<region>.amazonaws.com); the global sts.amazonaws.com refuses it. With an endpoint override
 * (--endpoint-url, AWS_ENDPOINT_URL[_STS], a profile's endpoint_url) requests go wherever it points.
 */
import type { StsFacts } from './types.js';

/** The Regional endpoint AWS uses for a Region (China Regions are under amazonaws.com.cn). */
export function regionalStsEndpoint(region: string): string {
  return `https://sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

const REGIONAL_HOST = /^sts(-fips)?\.[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d\.amazonaws\.com(\.cn)?$/;
const GLOBAL_HOST = /^sts\.amazonaws\.com(\.cn)?$/;

export function classifyStsEndpoint(endpoint: string | undefined, region: string): StsFacts {
  const regionalEndpoint = regionalStsEndpoint(region);
  if (endpoint === undefined || endpoint === '') {
    return {
      region,
      endpoint: null,
      kind: 'unknown',
      regionalEndpoint,
      note: 'The STS endpoint could not be observed.',
    };
  }
  let host: string;
  let path: string;
  try {
    const u = new URL(endpoint);
    host = u.hostname.toLowerCase();
    path = u.pathname;
  } catch {
    return {
      region,
      endpoint,
      kind: 'custom',
      regionalEndpoint,
      note: `Endpoint override in use: AssumeRoot requests go to ${endpoint}.`,
    };
  }
  // The rootctl emulator answers as the global endpoint under /sts-global (docs/emulator.md).
  if (GLOBAL_HOST.test(host) || path.startsWith('/sts-global')) {
    return {
      region,
      endpoint,
      kind: 'global',
      regionalEndpoint,
      note: `The global STS endpoint is in use; AssumeRoot needs the Regional one (${regionalEndpoint}).`,
    };
  }
  if (REGIONAL_HOST.test(host)) {
    return {
      region,
      endpoint,
      kind: 'regional',
      regionalEndpoint,
      note: 'Regional STS endpoint: AssumeRoot is served here.',
    };
  }
  return {
    region,
    endpoint,
    kind: 'custom',
    regionalEndpoint,
    note: `Endpoint override in use: AssumeRoot requests go to ${endpoint} (without it, ${regionalEndpoint}).`,
  };
}
