/**
 * The SCP document that denies member-account root users everything except root sessions: the way AWS
 * recommends writing a root-user deny once centralized root access is on. One document for both sides:
 * rootctl recommends it (core/guardrails/scps.ts) and the emulator's scenarios attach it.
 */
import type { Partition } from './arn.js';

export function exemptRootScpDocument(partition: Partition) {
  return {
    Version: '2012-10-17' as const,
    Statement: [
      {
        Sid: 'DenyRootUserExceptRootSessions',
        Effect: 'Deny' as const,
        Action: '*',
        Resource: '*',
        Condition: {
          ArnLike: { 'aws:PrincipalArn': [`arn:${partition}:iam::*:root`] },
          // Root sessions from AssumeRoot carry aws:AssumedRoot; without this carve-out the SCP breaks them.
          Null: { 'aws:AssumedRoot': 'true' },
        },
      },
    ],
  };
}
