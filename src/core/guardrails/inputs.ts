/**
 * Parsing and validation of the values the guardrails and activity commands take. Each failure is a
 * RootctlError with a usage code (exit 2) and a message naming the bad value.
 */
import { RootctlError } from '../errors.js';
import { parseArn, type ParsedArn, type Partition } from '../model/arn.js';
import { TASK_POLICIES, canonicalTask, type TaskName } from '../model/task-policies.js';

function splitList(value: string): string[] {
  return value
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * `audit,delete` -> ['audit', 'delete'] in catalogue order; the old spellings (`unlock-s3`) are read
 * as their task names; unknown names are a usage error.
 */
export function parseTaskList(value: string): TaskName[] {
  const parts = splitList(value);
  if (parts.length === 0) throw new RootctlError('UnknownTask', 'No task given to --tasks.');
  const unknown = parts.filter((p) => canonicalTask(p) === undefined);
  if (unknown.length > 0) {
    throw new RootctlError(
      'UnknownTask',
      `Unknown task${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')} in --tasks (use ${TASK_POLICIES.map((t) => t.task).join(', ')}).`,
    );
  }
  const named = new Set(parts.map(canonicalTask));
  return TASK_POLICIES.map((t) => t.task).filter((t) => named.has(t));
}

const ORG_ID = /^o-[a-z0-9]{10,32}$/;

export function parseOrgId(value: string): string {
  const v = value.trim();
  if (!ORG_ID.test(v))
    throw new RootctlError(
      'InvalidInput',
      `'${value}' is not an organization id (o- followed by 10 to 32 lowercase letters or digits).`,
      { hint: 'Find it with `aws organizations describe-organization --query Organization.Id`.' },
    );
  return v;
}

export const PARTITIONS: readonly Partition[] = ['aws', 'aws-cn', 'aws-us-gov'];

export function parsePartition(value: string): Partition {
  if (!(PARTITIONS as readonly string[]).includes(value))
    throw new RootctlError('InvalidInput', `'${value}' is not a partition (aws, aws-cn, aws-us-gov).`);
  return value as Partition;
}

function requireArn(value: string, what: string): ParsedArn {
  const parsed = parseArn(value.trim());
  if (!parsed) throw new RootctlError('InvalidArn', `${what} '${value}' is not an ARN.`);
  return parsed;
}

/**
 * A principal that may appear in a role trust policy: an account root (arn:...:iam::<id>:root), an
 * IAM role or an IAM user. Wildcards are refused: a trust policy must name who it trusts.
 */
export function parseTrustedPrincipalArn(value: string): ParsedArn & { arn: string } {
  const v = value.trim();
  const a = requireArn(v, '--trusted-principal');
  const ok =
    a.service === 'iam' &&
    a.region === '' &&
    /^\d{12}$/.test(a.accountId) &&
    /^(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/.test(a.resource);
  if (!ok)
    throw new RootctlError(
      'InvalidArn',
      `--trusted-principal '${value}' is not an IAM role, user or account-root ARN (arn:aws:iam::123456789012:role/Name).`,
    );
  return { ...a, arn: v };
}

/** IAM role ARNs for `--operator-role-arns`; `*` is allowed in the name (ArnLike patterns). */
export function parseRoleArnList(value: string, option = '--operator-role-arns'): string[] {
  const parts = splitList(value);
  if (parts.length === 0) throw new RootctlError('InvalidArn', `No ARN given to ${option}.`);
  for (const p of parts) {
    const a = requireArn(p, option);
    if (
      a.service !== 'iam' ||
      a.region !== '' ||
      !/^\d{12}$/.test(a.accountId) ||
      !/^role\/[\w+=,.@/*-]+$/.test(a.resource)
    ) {
      throw new RootctlError(
        'InvalidArn',
        `${option}: '${p}' is not an IAM role ARN (arn:aws:iam::123456789012:role/RootOps).`,
      );
    }
  }
  return [...new Set(parts)];
}

/**
 * Principal ARNs for `--allowed-principals`: IAM roles, users, assumed-role sessions or account roots,
 * with `*` wildcards allowed (matched like ArnLike).
 */
export function parsePrincipalArnList(value: string, option = '--allowed-principals'): string[] {
  const parts = splitList(value);
  if (parts.length === 0) throw new RootctlError('InvalidArn', `No ARN given to ${option}.`);
  for (const p of parts) {
    const a = requireArn(p, option);
    const ok =
      (a.service === 'iam' && /^(root|role\/|user\/)/.test(a.resource)) ||
      (a.service === 'sts' && a.resource.startsWith('assumed-role/'));
    if (!ok || a.region !== '' || !/^\d{12}$/.test(a.accountId)) {
      throw new RootctlError(
        'InvalidArn',
        `${option}: '${p}' is not an IAM principal ARN (role, user, assumed-role or root).`,
      );
    }
  }
  return [...new Set(parts)];
}

export function parseSnsTopicArn(value: string): ParsedArn & { arn: string } {
  const v = value.trim();
  const a = requireArn(v, '--sns-topic-arn');
  if (
    a.service !== 'sns' ||
    a.region === '' ||
    !/^\d{12}$/.test(a.accountId) ||
    !/^[\w-]{1,256}(\.fifo)?$/.test(a.resource)
  ) {
    throw new RootctlError(
      'InvalidArn',
      `--sns-topic-arn '${value}' is not an SNS topic ARN (arn:aws:sns:us-east-1:123456789012:topic-name).`,
    );
  }
  if (a.resource.endsWith('.fifo'))
    throw new RootctlError(
      'InvalidInput',
      `--sns-topic-arn '${value}' is a FIFO topic; email subscriptions need a standard topic.`,
    );
  return { ...a, arn: v };
}

export function parseEmail(value: string): string {
  const v = value.trim();
  if (!/^[^\s@"'<>]+@[^\s@"'<>]+\.[^\s@"'<>]+$/.test(v))
    throw new RootctlError('InvalidInput', `--email '${value}' is not an email address.`);
  return v;
}

const NAME = /^[\w+=,.@-]{1,64}$/;

export function parseRoleName(value: string): string {
  if (!NAME.test(value))
    throw new RootctlError(
      'InvalidInput',
      `--role-name '${value}' is not a valid IAM role name (1-64 of letters, digits and +=,.@_-).`,
    );
  return value;
}
