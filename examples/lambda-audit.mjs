// An AWS Lambda handler that audits the organization's root credentials and returns the summary.
//
// Deploy it with the `rootctl` package in the bundle, running as a role in the IAM delegated
// administrator account (or the management account) with the permissions of `rootctl audit`
// (docs/generated/permissions.md). Schedule it with EventBridge; alarm on `nonCompliant` or `errors`.
// The handler reads nothing but the standard AWS variables, so it runs unchanged against the rootctl
// emulator (AWS_ENDPOINT_URL) - which is how its test runs it.
import { audit } from 'rootctl';

/** @param {{ ou?: string, detail?: 'summary' | 'full' }} [event] */
export async function handler(event = {}) {
  let throttles = 0;
  const report = await audit({
    region: process.env.AWS_REGION,
    detail: event.detail ?? 'summary',
    // A Lambda has little memory and one connection pool: keep the fan-out modest.
    concurrency: Number(process.env.ROOTCTL_CONCURRENCY ?? 20),
    ...(event.ou ? { scope: { kind: 'ou', id: event.ou } } : {}),
    onEvent: (e) => {
      if (e.kind === 'throttled') throttles++;
    },
  });
  const pick = (status) =>
    report.accounts
      .filter((a) => a.status === status)
      .map((a) => ({
        accountId: a.accountId,
        name: a.accountName,
        ouPath: a.ouPath,
        ...(a.error ? { why: a.error.diagnosis } : {}),
      }));
  return {
    organizationId: report.organizationId,
    generatedAt: report.generatedAt,
    summary: report.summary,
    nonCompliant: pick('non_compliant'),
    errors: pick('error'),
    throttles,
  };
}
