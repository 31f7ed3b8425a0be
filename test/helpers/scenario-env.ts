/**
 * Scenario set-up shared by the CLI and library tests that run against an in-process emulator: a
 * profile's credentials as the process environment, and an extra SCP attached to a scenario.
 */
import { vi } from 'vitest';
import type { Partition } from '../../src/core/model/arn.js';
import type { Scenario } from '../../src/emulator/scenario/schema.js';
import { credsOf } from './emulator-clients.js';

/** Runs rootctl as `profile`'s principal: its keys in the environment, no AWS_PROFILE (undo: vi.unstubAllEnvs()). */
export function stubProfileEnv(scenario: Scenario, profile: string): void {
  const creds = credsOf(scenario, profile);
  vi.stubEnv('AWS_ACCESS_KEY_ID', creds.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', creds.secretAccessKey);
  vi.stubEnv('AWS_SESSION_TOKEN', creds.sessionToken ?? '');
  vi.stubEnv('AWS_PROFILE', '');
}

/**
 * An SCP denying the root user `action` outside the corporate network (203.0.113.0/24): whether it
 * applies depends on aws:SourceIp, which only the real request has, so the SCP analysis answers 'unknown'.
 */
export function rootOffNetworkScp(
  sid: string,
  action: string | string[],
  partition: Partition = 'aws',
): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: sid,
        Effect: 'Deny',
        Action: action,
        Resource: '*',
        Condition: {
          ArnLike: { 'aws:PrincipalArn': `arn:${partition}:iam::*:root` },
          NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
        },
      },
    ],
  });
}

/** Attaches a customer-managed SCP to `targets` in the scenario (before the emulator starts). */
export function addScp(
  scenario: Scenario,
  id: string,
  name: string,
  content: string,
  targets: string[],
): void {
  scenario.policies.push({
    id,
    name,
    description: '',
    type: 'SERVICE_CONTROL_POLICY',
    awsManaged: false,
    content,
    targets,
  });
}

/** The library's connection options for `profile`'s principal against the emulator at `url`. */
export function connectionAs(scenario: Scenario, url: string, profile: string) {
  return { endpoint: url, region: 'us-east-1', credentials: credsOf(scenario, profile) };
}
