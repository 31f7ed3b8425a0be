/**
 * SCP reads: ListPolicies, DescribePolicy, ListTargetsForPolicy, ListPoliciesForTarget (management or
 * any delegated administrator). The emulator holds SERVICE_CONTROL_POLICY documents only.
 */
import type { Partition } from '../../../core/model/arn.js';
import type { PolicyState } from '../../world.js';
import type { CallContext, Operation } from '../types.js';
import {
  accountArn,
  ID_PATTERNS,
  invalidInput,
  orgError,
  ouArn,
  pageOf,
  requireId,
  requireManagementOrDelegated,
  rootArn,
  type Org,
} from './common.js';

type In = Record<string, unknown>;

/** The PolicyType enum of the 2016-11-28 model as the SDK ships it. */
const POLICY_TYPES = new Set([
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
  'TAG_POLICY',
  'BACKUP_POLICY',
  'AISERVICES_OPT_OUT_POLICY',
  'CHATBOT_POLICY',
  'DECLARATIVE_POLICY_EC2',
  'SECURITYHUB_POLICY',
  'SECURITYHUB_CSPM_POLICY',
  'INSPECTOR_POLICY',
  'UPGRADE_ROLLOUT_POLICY',
  'BEDROCK_POLICY',
  'S3_POLICY',
  'NETWORK_SECURITY_DIRECTOR_POLICY',
  'GUARDDUTY_POLICY',
]);

/**
 * Policies need all features. The model lists no PolicyTypeNotEnabledException for these reads, so a
 * consolidated-billing organization gets the modeled AccessDeniedException (an assumption, see docs).
 */
function requirePolicyReader(ctx: CallContext): Org {
  const org = requireManagementOrDelegated(ctx);
  if (org.featureSet !== 'ALL') {
    throw orgError(
      'AccessDeniedException',
      "You can't use policies in an organization that supports only consolidated billing features. Enable all features first.",
      403,
    );
  }
  return org;
}

/** The required Filter: a PolicyType; garbage is INVALID_ENUM_POLICY_TYPE. */
function requireFilter(input: In): string {
  const f = input.Filter;
  if (f === undefined || f === null)
    throw invalidInput('You must specify a value for Filter.', 'INPUT_REQUIRED');
  if (typeof f !== 'string' || !POLICY_TYPES.has(f))
    throw invalidInput(
      `You specified an invalid policy type string: ${JSON.stringify(f)}.`,
      'INVALID_ENUM_POLICY_TYPE',
    );
  return f;
}

function requirePolicy(ctx: CallContext, input: In): PolicyState {
  const id = requireId(input, 'PolicyId', ID_PATTERNS.policy, 'INVALID_SYNTAX_POLICY_ID');
  const p = ctx.world.policies.get(id);
  if (!p)
    throw orgError(
      'PolicyNotFoundException',
      "We can't find a policy with the PolicyId that you specified.",
      404,
    );
  return p;
}

export function policyArn(org: Org, partition: Partition, p: PolicyState): string {
  const kind = p.type.toLowerCase();
  return p.awsManaged
    ? `arn:${partition}:organizations::aws:policy/${kind}/${p.id}`
    : `arn:${partition}:organizations::${org.managementAccountId}:policy/${org.id}/${kind}/${p.id}`;
}

function summary(org: Org, partition: Partition, p: PolicyState): Record<string, unknown> {
  return {
    Id: p.id,
    Arn: policyArn(org, partition, p),
    Name: p.name,
    Description: p.description,
    Type: p.type,
    AwsManaged: p.awsManaged,
  };
}

/** TargetId, Arn, Name and Type of a root, OU or account id that exists; undefined otherwise. */
function targetOf(ctx: CallContext, org: Org, id: string): Record<string, unknown> | undefined {
  if (id === org.rootId)
    return { TargetId: id, Arn: rootArn(org, ctx.world.partition), Name: 'Root', Type: 'ROOT' };
  const ou = ctx.world.ous.get(id);
  if (ou)
    return {
      TargetId: id,
      Arn: ouArn(org, ctx.world.partition, id),
      Name: ou.name,
      Type: 'ORGANIZATIONAL_UNIT',
    };
  const a = ctx.world.accounts.get(id);
  if (a)
    return { TargetId: id, Arn: accountArn(org, ctx.world.partition, id), Name: a.name, Type: 'ACCOUNT' };
  return undefined;
}

export const policyOperations: Record<string, Operation<In>> = {
  ListPolicies: {
    readOnly: true,
    handler(ctx, input) {
      const org = requirePolicyReader(ctx);
      const type = requireFilter(input);
      const policies = [...ctx.world.policies.values()].filter((p) => p.type === type);
      return pageOf('Policies', policies, input, 'ListPolicies', (p) => summary(org, ctx.world.partition, p));
    },
  },
  DescribePolicy: {
    readOnly: true,
    handler(ctx, input) {
      const org = requirePolicyReader(ctx);
      const p = requirePolicy(ctx, input);
      return { Policy: { PolicySummary: summary(org, ctx.world.partition, p), Content: p.content } };
    },
  },
  ListTargetsForPolicy: {
    readOnly: true,
    handler(ctx, input) {
      const org = requirePolicyReader(ctx);
      const p = requirePolicy(ctx, input);
      const targets = [...p.targets].flatMap((id) => targetOf(ctx, org, id) ?? []);
      return pageOf('Targets', targets, input, 'ListTargetsForPolicy', (t) => t);
    },
  },
  ListPoliciesForTarget: {
    readOnly: true,
    handler(ctx, input) {
      const org = requirePolicyReader(ctx);
      const target = requireId(input, 'TargetId', ID_PATTERNS.target, 'INVALID_PATTERN_TARGET_ID');
      const type = requireFilter(input);
      if (!targetOf(ctx, org, target))
        throw orgError(
          'TargetNotFoundException',
          "We can't find a root, OU, account, or policy with the TargetId that you specified.",
          404,
        );
      // Directly attached policies only, as AWS answers (no inheritance).
      const policies = [...ctx.world.policies.values()].filter(
        (p) => p.type === type && p.targets.has(target),
      );
      return pageOf('Policies', policies, input, 'ListPoliciesForTarget', (p) =>
        summary(org, ctx.world.partition, p),
      );
    },
  },
};
