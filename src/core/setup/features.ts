/**
 * `rootctl setup --features`: which organization features to enable. rootctl's names say what each
 * carries; AWS's own names are accepted too. Default: both.
 */
import { RootctlError } from '../errors.js';
import { ORG_FEATURES, type OrgFeature } from '../model/task-policies.js';

export const FEATURE_OPTION_NAMES: Record<OrgFeature, string> = {
  RootCredentialsManagement: 'credentials-management',
  RootSessions: 'root-sessions',
};

export function parseFeatures(value: string): OrgFeature[] {
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const out = new Set<OrgFeature>();
  for (const name of names) {
    const feature = ORG_FEATURES.find(
      (f) => f.toLowerCase() === name.toLowerCase() || FEATURE_OPTION_NAMES[f] === name.toLowerCase(),
    );
    if (feature === undefined) {
      throw new RootctlError(
        'UsageError',
        `--features '${name}' is not a feature: use credentials-management (RootCredentialsManagement: audit, delete, password recovery) and/or root-sessions (RootSessions: S3 and SQS unlock), comma-separated.`,
      );
    }
    out.add(feature);
  }
  if (out.size === 0) {
    throw new RootctlError(
      'UsageError',
      '--features needs at least one of credentials-management, root-sessions.',
    );
  }
  return ORG_FEATURES.filter((f) => out.has(f));
}
