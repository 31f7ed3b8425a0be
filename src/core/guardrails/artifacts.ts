/**
 * The guardrails use cases that need no AWS call (`rootctl guardrails operator-policy | alerting | scp`):
 * each takes the options as given (strings, validated here) and returns the artifact - a policy
 * document or a template, as text - with what should be said about it. The CLI prints the text (or
 * writes it to --out) and the notes; a library user gets the same text and the same notes.
 */
import { RootctlError } from '../errors.js';
import { parseAccountList } from '../model/account-id.js';
import type { Partition } from '../model/arn.js';
import { policyForTask, taskPolicyArn } from '../model/task-policies.js';
import { alertingCloudFormation, alertingDeploymentNote, alertingTerraform } from './alerting.js';
import {
  parseEmail,
  parseOrgId,
  parsePartition,
  parseRoleArnList,
  parseRoleName,
  parseSnsTopicArn,
  parseTaskList,
  parseTrustedPrincipalArn,
} from './inputs.js';
import { buildOperatorPolicy, operatorPolicySizeWarning } from './operator-policy.js';
import { operatorRoleCloudFormation, operatorRoleTerraform, WHERE_TO_DEPLOY_ROLE } from './operator-role.js';
import { renderScpListingJson, renderScpListingTable, type ScpListing } from './scp-render.js';
import { recommendedScps } from './scps.js';

/** A generated artifact and what to tell its reader (the CLI prints these on stderr). */
export interface GuardrailArtifact {
  /** The policy document or template. */
  text: string;
  /** Said before the artifact: problems with it (e.g. over IAM's size limit). */
  warnings: string[];
  /** Said before the artifact: options that had no effect. */
  notes: string[];
  /** Said after the artifact: what it is (first line) and where to deploy it. Empty: nothing to say. */
  about: string[];
  /** Said after the artifact: what was left out of it, and why. */
  leftOut: string[];
}

function artifact(text: string, extra: Partial<Omit<GuardrailArtifact, 'text'>> = {}): GuardrailArtifact {
  return { text, warnings: [], notes: [], about: [], leftOut: [], ...extra };
}

export interface OperatorPolicyInput {
  /** Comma-separated task names (audit, delete, password-recovery, unlock-s3-bucket-policy, unlock-sqs-queue-policy; unlock-s3 and unlock-sqs are accepted too). */
  tasks: string;
  /** Comma-separated member account ids the operator may target; default any member account. */
  accounts?: string | undefined;
  orgId?: string | undefined;
  /** Default 'aws'; the trusted principal's partition wins unless `partitionGiven`. */
  partition?: string | undefined;
  /** The partition was chosen explicitly: a trusted principal in another partition is then refused. */
  partitionGiven?: boolean | undefined;
  format?: 'json' | 'cloudformation' | 'terraform' | undefined;
  /** Who may assume the role (cloudformation / terraform only). */
  trustedPrincipal?: string | undefined;
  roleName?: string | undefined;
}

/** The least-privilege identity policy of the operator who runs rootctl, or a role template around it. */
export function operatorPolicyArtifact(input: OperatorPolicyInput): GuardrailArtifact {
  const tasks = parseTaskList(input.tasks);
  const accounts = input.accounts === undefined ? undefined : parseAccountList(input.accounts);
  const orgId = input.orgId === undefined ? undefined : parseOrgId(input.orgId);
  let partition: Partition = parsePartition(input.partition ?? 'aws');
  const trusted =
    input.trustedPrincipal === undefined ? undefined : parseTrustedPrincipalArn(input.trustedPrincipal);
  if (trusted) {
    if (input.partitionGiven && trusted.partition !== partition) {
      throw new RootctlError(
        'InvalidArn',
        `--trusted-principal is in partition '${trusted.partition}' but --partition is '${partition}'.`,
      );
    }
    partition = trusted.partition as Partition;
  }
  const roleName = parseRoleName(input.roleName ?? 'RootctlOperator');
  const policy = buildOperatorPolicy({ tasks, accounts, orgId, partition });
  const tooBig = operatorPolicySizeWarning(policy);
  const warnings = tooBig ? [tooBig] : [];
  const summary = [
    `AssumeRoot task policies: ${tasks.map((t) => taskPolicyArn(policyForTask(t), partition)).join(', ')}`,
    `Target accounts: ${accounts ? accounts.join(', ') : 'any member account'}${orgId ? ` of organization ${orgId}` : ''}`,
  ];
  const format = input.format ?? 'json';
  if (format === 'json') {
    return artifact(JSON.stringify(policy, null, 2), {
      warnings,
      notes: trusted ? ['--trusted-principal is used only with --format cloudformation|terraform.'] : [],
      about: ['identity policy for the operator role.', ...summary, ...WHERE_TO_DEPLOY_ROLE],
    });
  }
  if (!trusted) {
    throw new RootctlError(
      'UsageError',
      `--format ${format} wraps the policy in a role and needs --trusted-principal <ARN> (who may assume the role).`,
    );
  }
  const o = { policy, trustedPrincipalArn: trusted.arn, roleName, summary };
  const text = format === 'cloudformation' ? operatorRoleCloudFormation(o) : operatorRoleTerraform(o);
  return artifact(text, { warnings, about: ['operator role template.', ...WHERE_TO_DEPLOY_ROLE] });
}

export interface AlertingInput {
  format: 'cloudformation' | 'terraform';
  /** Create a topic and subscribe this address. */
  email?: string | undefined;
  /** Publish to this existing topic instead. */
  snsTopicArn?: string | undefined;
  includeRootSignIn?: boolean | undefined;
}

/** EventBridge rule + SNS alert on sts:AssumeRoot (and optionally root console sign-in), as a template. */
export function alertingArtifact(input: AlertingInput): GuardrailArtifact {
  const o = {
    email: input.email === undefined ? undefined : parseEmail(input.email),
    topicArn: input.snsTopicArn === undefined ? undefined : parseSnsTopicArn(input.snsTopicArn).arn,
    includeRootSignIn: input.includeRootSignIn === true,
  };
  const text = input.format === 'cloudformation' ? alertingCloudFormation(o) : alertingTerraform(o);
  return artifact(text, { about: ['alerting template.', ...alertingDeploymentNote(o)] });
}

export interface ScpListingInput {
  /** Comma-separated role ARNs that may call AssumeRoot (adds DenyAssumeRootExceptOperators). */
  operatorRoleArns?: string | undefined;
  partition?: string | undefined;
  /** Only this SCP's document (by name or id), ready for `aws organizations create-policy --content`. */
  name?: string | undefined;
  output?: 'json' | 'table' | undefined;
}

/** The recommended SCPs: what each protects and breaks, and the ones left out for want of an option. */
export function recommendedScpListing(input: Omit<ScpListingInput, 'name' | 'output'> = {}): ScpListing {
  const partition = parsePartition(input.partition ?? 'aws');
  const operatorRoleArns =
    input.operatorRoleArns === undefined ? undefined : parseRoleArnList(input.operatorRoleArns);
  const omitted = operatorRoleArns
    ? []
    : [
        {
          id: 'deny-assume-root-except-operators',
          reason: 'pass --operator-role-arns <role ARNs> to include DenyAssumeRootExceptOperators',
        },
      ];
  return { partition, scps: recommendedScps({ partition, operatorRoleArns }), omitted };
}

/** The recommended SCPs as JSON or a table, or (with `name`) one SCP's document. */
export function scpListingArtifact(input: ScpListingInput = {}): GuardrailArtifact {
  const l = recommendedScpListing(input);
  if (input.name !== undefined) {
    const one = l.scps.find((s) => s.name === input.name || s.id === input.name);
    if (!one) {
      const hint =
        input.name === 'DenyAssumeRootExceptOperators' || input.name === 'deny-assume-root-except-operators'
          ? ' (it needs --operator-role-arns)'
          : '';
      throw new RootctlError(
        'UsageError',
        `No recommended SCP named '${input.name}'${hint}; names: ${l.scps.map((s) => s.name).join(', ')}.`,
      );
    }
    return artifact(JSON.stringify(one.document, null, 2));
  }
  const text = (input.output ?? 'json') === 'json' ? renderScpListingJson(l) : renderScpListingTable(l);
  return artifact(text, { leftOut: l.omitted.map((o) => `${o.id} left out: ${o.reason}.`) });
}
