/** Every emulated service, keyed by SigV4 signing name in EmulatorCore. */
import { cloudtrail } from './cloudtrail/index.js';
import { iam } from './iam/index.js';
import { organizations } from './organizations/index.js';
import { s3 } from './s3/index.js';
import { securityhub } from './securityhub/index.js';
import { sns } from './sns/index.js';
import { sqs } from './sqs/index.js';
import { sts } from './sts/index.js';
import type { ServiceDefinition } from './types.js';

export const ALL_SERVICES: ServiceDefinition[] = [
  organizations,
  iam,
  sts,
  cloudtrail,
  s3,
  sqs,
  securityhub,
  sns,
];
