import { CIS_CENTRALIZED_ROOT_ACCESS } from '../cis.js';
import { featureCheck } from './feature.js';

/** Every task rootctl runs routinely (audit, remediate, password recovery) needs it: a gap. */
export const rootCredentialsManagementEnabled = featureCheck(
  'RootCredentialsManagement',
  'root-credentials-management-enabled',
  CIS_CENTRALIZED_ROOT_ACCESS,
);
