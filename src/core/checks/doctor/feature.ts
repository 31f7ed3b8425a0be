/** RootCredentialsManagement and RootSessions are one check each, alike but for what they gate. */
import type { OrgFeature } from '../../model/task-policies.js';
import type { CisControl } from '../types.js';
import { FEATURE_INFO, featureStep, fromFact, setupStep, type DoctorCheck } from './shared.js';

export function featureCheck(feature: OrgFeature, id: string, cis?: readonly CisControl[]): DoctorCheck {
  const info = FEATURE_INFO[feature];
  return {
    id,
    issueId: info.id,
    level: info.requiredForReady ? 'gap' : 'warning',
    title: `${feature} is on`,
    severity: info.requiredForReady ? 'high' : 'low',
    description: `The organization feature ${feature} is enabled: it enables ${info.enables}.`,
    remediation: `rootctl setup --features ${info.option} (from the management account).`,
    ...(cis ? { cis } : {}),
    evaluate(f) {
      return fromFact(f.features, (features) =>
        features[feature]
          ? { status: 'pass', reason: `${feature} is on` }
          : {
              status: 'fail',
              reason: `${feature} is off: AWS refuses ${info.refused}`,
              issues: [
                {
                  id: info.id,
                  title: `${feature} is off`,
                  detail: `It enables ${info.enables}; without it AWS refuses ${info.refused}.`,
                  // Setup enables both by default; a warning asks for just the missing feature.
                  next: {
                    kind: 'rootctl',
                    text: info.requiredForReady ? setupStep(f) : featureStep(f, info.option),
                  },
                },
              ],
            },
      );
    },
  };
}
