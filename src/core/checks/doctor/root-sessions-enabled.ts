import { featureCheck } from './feature.js';

/** Only the S3 and SQS unlock tasks need it: a warning. */
export const rootSessionsEnabled = featureCheck('RootSessions', 'root-sessions-enabled');
