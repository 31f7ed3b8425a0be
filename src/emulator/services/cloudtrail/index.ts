/** CloudTrail (awsJson1_1, 2013-11-01): LookupEvents over the emulator's recorded events. */
import type { ServiceDefinition } from '../types.js';
import { lookupEvents } from './lookup-events.js';

export const cloudtrail: ServiceDefinition = {
  signingName: 'cloudtrail',
  protocol: 'json1_1',
  eventSource: 'cloudtrail.amazonaws.com',
  targetPrefixes: ['CloudTrail_20131101', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101'],
  operations: { LookupEvents: lookupEvents },
};
