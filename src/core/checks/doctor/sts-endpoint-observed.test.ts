import { describe, expect, it } from 'vitest';
import { stsEndpointObserved as check } from './sts-endpoint-observed.js';
import { readyFacts } from './samples.js';

describe(check.id, () => {
  it('passes when the STS endpoint was observed', () => {
    expect(check.evaluate(readyFacts()).status).toBe('pass');
  });
  it('fails, as a warning, when it could not be', () => {
    const sts = {
      region: 'eu-west-1',
      endpoint: null,
      kind: 'unknown' as const,
      regionalEndpoint: 'https://sts.eu-west-1.amazonaws.com',
      note: 'STS did not answer.',
    };
    const r = check.evaluate(readyFacts({ sts }));
    expect([r.status, r.issues?.[0]?.id, r.issues?.[0]?.next.text]).toEqual([
      'fail',
      'sts-endpoint-unknown',
      'Check that STS is reachable for --region eu-west-1',
    ]);
    expect(check.level).toBe('warning');
  });
});
