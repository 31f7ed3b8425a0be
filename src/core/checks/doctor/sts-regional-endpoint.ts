import type { DoctorCheck } from './shared.js';

export const stsRegionalEndpoint: DoctorCheck = {
  id: 'sts-regional-endpoint',
  issueId: 'global-sts-endpoint',
  level: 'gap',
  title: 'STS calls go to a Regional endpoint',
  severity: 'high',
  description:
    'AssumeRoot is refused on the global STS endpoint (sts.amazonaws.com); rootctl must call a Regional one.',
  remediation:
    'Point the STS endpoint override (--endpoint-url, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, endpoint_url in the profile) at the Regional endpoint.',
  evaluate(f) {
    const sts = f.sts;
    if (sts.kind === 'unknown') return { status: 'unknown', reason: sts.note };
    if (sts.kind !== 'global')
      return { status: 'pass', reason: `${sts.endpoint ?? sts.regionalEndpoint} (${sts.kind})` };
    return {
      status: 'fail',
      reason: `the global endpoint ${sts.endpoint ?? ''} is in use`.replace('  ', ' '),
      issues: [
        {
          id: 'global-sts-endpoint',
          title: 'The global STS endpoint is in use',
          detail: `${sts.note} AWS refuses AssumeRoot on sts.amazonaws.com.`,
          next: {
            kind: 'credentials',
            // The SDK picks a Regional endpoint for every Region rootctl accepts (aws-global is refused),
            // so the global one comes from an endpoint override.
            text: `Point the STS endpoint override at the Regional endpoint ${sts.regionalEndpoint} instead of ${sts.endpoint ?? 'the global one'}: check --endpoint-url, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL and endpoint_url (or the sts section of services) in the profile`,
          },
        },
      ],
    };
  },
};
