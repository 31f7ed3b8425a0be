/** AWS Organizations (awsJson1_1, 2016-11-28). The rules each operation enforces are in docs/emulator.md. */
import type { ServiceDefinition } from '../types.js';
import { accountOperations } from './accounts.js';
import { delegatedOperations } from './delegated.js';
import { policyOperations } from './policies.js';
import { serviceAccessOperations } from './service-access.js';
import { treeOperations } from './tree.js';

export const organizations: ServiceDefinition = {
  signingName: 'organizations',
  protocol: 'json1_1',
  eventSource: 'organizations.amazonaws.com',
  targetPrefixes: ['AWSOrganizationsV20161128'],
  // Live captures answer every client error with 400, AccessDeniedException included (issue 11;
  // radkawar/stackd testdata/aws/iam/root_access.json records IAM's org errors as 400 likewise),
  // although the Smithy model gives 403/404/409 to some. The SDK maps errors by __type, not status.
  clientErrorStatus: 400,
  operations: {
    ...accountOperations,
    ...treeOperations,
    ...serviceAccessOperations,
    ...delegatedOperations,
    ...policyOperations,
  },
};
