/**
 * IAM (awsQuery, 2010-05-08): the organization features of centralized root access, and the
 * root-user calls made in root sessions (UserName omitted). Every call is authorized as
 * `iam:<Operation>` on the resource AWS uses, so handle.ts applies the caller's identity policy, the
 * session's root-task policy and the SCPs in force before a handler runs.
 */
import type { ServiceDefinition } from '../types.js';
import { featureOperations } from './features.js';
import { keyOperations } from './keys.js';
import { loginProfileOperations } from './login-profile.js';
import { mfaOperations } from './mfa.js';
import { summaryOperations } from './summary.js';
import { withInputValidation } from './validate.js';

export const iam: ServiceDefinition = {
  signingName: 'iam',
  protocol: 'query',
  eventSource: 'iam.amazonaws.com',
  version: '2010-05-08',
  xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
  operations: withInputValidation({
    ...featureOperations,
    ...summaryOperations,
    ...loginProfileOperations,
    ...keyOperations,
    ...mfaOperations,
  }),
};
