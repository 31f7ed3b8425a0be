/**
 * `checkOrganizationScps`: the library function behind `rootctl guardrails scp --check`. Opens its own
 * AWS clients, reads the organization's SCPs through the Organizations port and checks them
 * (core/guardrails/org-scp-check.ts). The guardrails that need no AWS call (operator policy, alerting,
 * recommended SCPs) are pure: core/guardrails/artifacts.ts.
 */
import { createAwsContext } from '../aws/clients.js';
import { organizationsReader } from '../aws/organizations.js';
import {
  checkOrganizationScpsWith,
  scpCheckRequest,
  type OrganizationScpCheck,
  type ScpCheckInput,
} from '../core/guardrails/org-scp-check.js';
import { connection, type AwsConnection } from './library.js';

export type ScpCheckLibraryOptions = AwsConnection & ScpCheckInput;

/** Which recommended SCPs are in place and which SCPs block root sessions. Read-only. */
export async function checkOrganizationScps(
  options: ScpCheckLibraryOptions = {},
): Promise<OrganizationScpCheck> {
  scpCheckRequest(options); // bad input is refused before any client is built
  const ctx = createAwsContext(connection(options));
  try {
    return await checkOrganizationScpsWith(organizationsReader(ctx.organizations), options);
  } finally {
    ctx.destroy();
  }
}
