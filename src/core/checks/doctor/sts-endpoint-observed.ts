import type { DoctorCheck } from './shared.js';

export const stsEndpointObserved: DoctorCheck = {
  id: 'sts-endpoint-observed',
  issueId: 'sts-endpoint-unknown',
  level: 'warning',
  title: 'The STS endpoint could be observed',
  severity: 'low',
  description: 'rootctl saw which STS endpoint its calls (and so AssumeRoot) go to.',
  remediation: 'Check that STS is reachable for the Region rootctl uses (--region).',
  evaluate(f) {
    if (f.sts.kind !== 'unknown') return { status: 'pass', reason: f.sts.endpoint ?? f.sts.regionalEndpoint };
    return {
      status: 'fail',
      reason: f.sts.note,
      issues: [
        {
          id: 'sts-endpoint-unknown',
          title: 'The STS endpoint could not be observed',
          detail: f.sts.note,
          next: { kind: 'credentials', text: `Check that STS is reachable for --region ${f.sts.region}` },
        },
      ],
    };
  },
};
