/**
 * CIS AWS Foundations Benchmark controls the checks map to. Each number was read from prowler's
 * compliance mapping of that benchmark version (prowler-cloud/prowler, prowler/compliance/aws/
 * cis_<version>_aws.json, which lists each requirement's id, title and prowler checks) and, where
 * noted, a second public source. No mapping without a source: hardware MFA (v3.0.0 1.6 ...) is left
 * out because no rootctl check can tell hardware from virtual MFA.
 */
import type { CisControl } from './types.js';

const PROWLER = (v: string) =>
  `https://github.com/prowler-cloud/prowler/blob/master/prowler/compliance/aws/cis_${v}_aws.json`;

function controls(title: string, numbers: Record<string, [string, string]>): CisControl[] {
  return Object.entries(numbers).map(([version, [control, file]]) => ({
    version,
    control,
    title,
    source: PROWLER(file),
  }));
}

/** "Ensure no 'root' user account access key exists" (also Tenable's CIS v3.0.0, v4.0.1 and v7.0.0 L1 audits). */
export const CIS_NO_ROOT_ACCESS_KEY = controls("Ensure no 'root' user account access key exists", {
  'v3.0.0': ['1.4', '3.0'],
  'v4.0.1': ['1.4', '4.0'],
  'v5.0.0': ['1.3', '5.0'],
  'v6.0.0': ['2.3', '6.0'],
  'v7.0.0': ['2.4', '7.0'],
});

/** "Ensure MFA is enabled for the 'root' user account". */
export const CIS_ROOT_MFA = controls("Ensure MFA is enabled for the 'root' user account", {
  'v3.0.0': ['1.5', '3.0'],
  'v4.0.1': ['1.5', '4.0'],
  'v5.0.0': ['1.4', '5.0'],
  'v6.0.0': ['2.4', '6.0'],
  'v7.0.0': ['2.5', '7.0'],
});

/** "Eliminate use of the 'root' user for administrative and daily tasks". */
export const CIS_ELIMINATE_ROOT_USE = controls(
  "Eliminate use of the 'root' user for administrative and daily tasks",
  {
    'v3.0.0': ['1.7', '3.0'],
    'v4.0.1': ['1.7', '4.0'],
    'v5.0.0': ['1.6', '5.0'],
    'v6.0.0': ['2.6', '6.0'],
    'v7.0.0': ['2.7', '7.0'],
  },
);

/** "Ensure centralized root access in AWS Organizations" (new in v7.0.0). */
export const CIS_CENTRALIZED_ROOT_ACCESS = controls('Ensure centralized root access in AWS Organizations', {
  'v7.0.0': ['2.1.1', '7.0'],
});
