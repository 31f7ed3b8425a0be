/**
 * `rootctl guardrails scp --check` as a use case on the Organizations port: reads the organization,
 * its IAM delegated administrator, its SCPs and its OU tree, and checks the SCPs (scp-check.ts)
 * against the recommended protections and for blocks on root sessions.
 */
import { RootctlError } from '../errors.js';
import { orgPartition } from '../model/arn.js';
import { IAM_SERVICE_PRINCIPAL } from '../model/task-policies.js';
import { walkTree } from '../org/tree.js';
import type { OrganizationsReader } from '../ports.js';
import { parsePartition, parseRoleArnList } from './inputs.js';
import { checkScps, scpCheckHasFindings, type ScpCheckReport } from './scp-check.js';
import type { ScpCheckContext } from './scp-render.js';

export interface ScpCheckInput {
  /** Comma-separated role ARNs that may call AssumeRoot (checks DenyAssumeRootExceptOperators). */
  operatorRoleArns?: string | undefined;
  /** Used only when the organization's own partition is not known (no ARN); default 'aws'. */
  partition?: string | undefined;
}

/** The check, the organization it was made on, and whether it found something (exit 1 in the CLI). */
export interface OrganizationScpCheck {
  report: ScpCheckReport;
  context: ScpCheckContext;
  hasFindings: boolean;
}

/** The input, validated before any AWS call (so a typo never reaches the organization). */
export function scpCheckRequest(input: ScpCheckInput) {
  return {
    partition: parsePartition(input.partition ?? 'aws'),
    operatorRoleArns:
      input.operatorRoleArns === undefined ? undefined : parseRoleArnList(input.operatorRoleArns),
  };
}

export async function checkOrganizationScpsWith(
  reader: OrganizationsReader,
  input: ScpCheckInput = {},
): Promise<OrganizationScpCheck> {
  const { partition, operatorRoleArns } = scpCheckRequest(input);
  const org = await reader.describeOrganization();
  if (org.featureSet !== 'ALL') {
    throw new RootctlError(
      'ConsolidatedBillingOrganization',
      `Organization ${org.id} has only consolidated billing: it has no SCPs to check.`,
    );
  }
  const admins = await reader.listDelegatedAdministrators(IAM_SERVICE_PRINCIPAL);
  const scps = await reader.listScps();
  const rootId = (await reader.listRoots())[0]?.id;
  const tree = rootId === undefined ? undefined : await walkTree(reader, rootId);
  const report = checkScps(scps, {
    // The organization's own partition (from its ARN) decides; the option only when it is not known.
    partition: org.arn ? orgPartition(org) : partition,
    tree,
    operatorRoleArns,
    managementAccountId: org.managementAccountId,
    delegatedAdminAccountId: admins[0]?.id,
    orgId: org.id,
  });
  const context = {
    organizationId: org.id,
    managementAccountId: org.managementAccountId,
    delegatedAdminAccountId: admins[0]?.id ?? null,
    scpCount: scps.length,
  };
  return { report, context, hasFindings: scpCheckHasFindings(report) };
}
