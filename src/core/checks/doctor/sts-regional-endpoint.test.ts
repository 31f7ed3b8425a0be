import { describe, expect, it } from 'vitest';
import { stsRegionalEndpoint as check } from './sts-regional-endpoint.js';
import { readyFacts } from './samples.js';

const sts = (kind: 'regional' | 'global' | 'custom' | 'unknown', endpoint: string | null) => ({
  region: 'us-east-1',
  endpoint,
  kind,
  regionalEndpoint: 'https://sts.us-east-1.amazonaws.com',
  note: 'note.',
});

describe(check.id, () => {
  it('passes on a Regional or custom endpoint', () => {
    expect(check.evaluate(readyFacts()).status).toBe('pass');
    expect(check.evaluate(readyFacts({ sts: sts('custom', 'http://localhost:4566') })).status).toBe('pass');
  });
  it('fails on the global endpoint, pointing at the Regional one', () => {
    const r = check.evaluate(readyFacts({ sts: sts('global', 'https://sts.amazonaws.com') }));
    expect(r.status).toBe('fail');
    expect(r.issues?.[0]?.id).toBe('global-sts-endpoint');
    expect(r.issues?.[0]?.next.text).toMatch(
      /^Point the STS endpoint override at the Regional endpoint https:\/\/sts\.us-east-1/,
    );
  });
  it('is unknown when the endpoint was not observed', () => {
    expect(check.evaluate(readyFacts({ sts: sts('unknown', null) })).status).toBe('unknown');
  });
});
