/** Shared rules of the Organizations emulation: who may call, paging, and the account shape. */
import type { Partition } from '../../../core/model/arn.js';
import { AwsError } from '../../http-types.js';
import type { AccountState, World } from '../../world.js';
import type { CallContext } from '../types.js';

export function orgError(code: string, message: string, status: number, reason?: string): AwsError {
  return new AwsError(code, message, status, reason === undefined ? {} : { Reason: reason });
}

export function requireOrg(ctx: CallContext): NonNullable<World['org']> {
  const org = ctx.world.org;
  if (org === null || !ctx.world.accounts.has(ctx.principal.accountId)) {
    throw orgError(
      'AWSOrganizationsNotInUseException',
      'Your account is not a member of an organization.',
      404,
    );
  }
  return org;
}

/** Reads that AWS allows the management account and any delegated administrator. */
export function requireManagementOrDelegated(ctx: CallContext): NonNullable<World['org']> {
  const org = requireOrg(ctx);
  const role = ctx.world.callerRole(ctx.principal.accountId);
  if (role !== 'management' && role !== 'delegated-admin') {
    throw orgError('AccessDeniedException', "You don't have permissions to access this resource.", 403);
  }
  return org;
}

/** Writes that only the management account may make. */
export function requireManagement(ctx: CallContext): NonNullable<World['org']> {
  const org = requireOrg(ctx);
  if (ctx.principal.accountId !== org.managementAccountId) {
    throw orgError('AccessDeniedException', "You don't have permissions to access this resource.", 403);
  }
  return org;
}

export function invalidInput(message: string, reason: string): AwsError {
  return orgError('InvalidInputException', message, 400, reason);
}

/** ID patterns of the Smithy model; a mismatch is InvalidInputException with the model's reason. */
export const ID_PATTERNS = {
  account: /^\d{12}$/,
  parent: /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
  child: /^(\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
  target: /^(r-[0-9a-z]{4,32}|\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
  policy: /^p-[0-9a-zA-Z_]{8,128}$/,
} as const;

/** A required string member: absent is INPUT_REQUIRED, a mismatch is `reason` (INVALID_PATTERN by default). */
export function requireId(
  input: Record<string, unknown>,
  name: string,
  pattern: RegExp,
  reason = 'INVALID_PATTERN',
): string {
  const v = input[name];
  if (v === undefined || v === null)
    throw invalidInput(`You must specify a value for ${name}.`, 'INPUT_REQUIRED');
  if (typeof v !== 'string' || !pattern.test(v))
    throw invalidInput(`You specified an invalid value for ${name}.`, reason);
  return v;
}

/** Whether Organizations knows a service principal; the emulator recognises any *.amazonaws.com name. */
export function isRecognisedServicePrincipal(sp: string): boolean {
  return /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com$/.test(sp);
}

/** ServicePrincipal (1..128, the model's pattern), then whether it names a known service. */
export function requireServicePrincipal(input: Record<string, unknown>, name = 'ServicePrincipal'): string {
  const v = input[name];
  if (v === undefined || v === null)
    throw invalidInput(`You must specify a value for ${name}.`, 'INPUT_REQUIRED');
  if (typeof v !== 'string')
    throw invalidInput(`You specified an invalid value for ${name}.`, 'INVALID_PATTERN');
  if (v.length < 1) throw invalidInput(`${name} must be at least 1 character long.`, 'MIN_LENGTH_EXCEEDED');
  if (v.length > 128)
    throw invalidInput(`${name} must be at most 128 characters long.`, 'MAX_LENGTH_EXCEEDED');
  if (!/^[\w+=,.@-]*$/.test(v))
    throw invalidInput(`You specified an invalid value for ${name}.`, 'INVALID_PATTERN');
  if (!isRecognisedServicePrincipal(v))
    throw invalidInput(
      `You specified an unrecognized service principal: ${v}.`,
      'UNRECOGNIZED_SERVICE_PRINCIPAL',
    );
  return v;
}

/** One page of `items` under `key`, with NextToken only when more remain. */
export function pageOf<T>(
  key: string,
  items: readonly T[],
  input: Record<string, unknown>,
  operation: string,
  shape: (item: T) => unknown,
): Record<string, unknown> {
  const { page, NextToken } = paginate(items, input, operation);
  return { [key]: page.map(shape), ...(NextToken ? { NextToken } : {}) };
}

/**
 * One page of `items` (at most MaxResults, 1..20, default 20). Tokens are opaque to clients and
 * bound to the operation, so a token from another call is rejected as AWS does.
 */
export function paginate<T>(
  items: readonly T[],
  input: Record<string, unknown>,
  operation: string,
): { page: T[]; NextToken?: string } {
  const max = input.MaxResults;
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 20)) {
    const reason = Number(max) > 20 ? 'MAX_VALUE_EXCEEDED' : 'MIN_VALUE_EXCEEDED';
    throw invalidInput(`MaxResults must be between 1 and 20; you gave ${JSON.stringify(max)}.`, reason);
  }
  const size = typeof max === 'number' ? max : 20;
  let start = 0;
  if (input.NextToken !== undefined) {
    const decoded = decodeToken(input.NextToken, operation);
    if (decoded === undefined) throw invalidInput('The provided token is not valid.', 'INVALID_NEXT_TOKEN');
    start = decoded;
  }
  const page = items.slice(start, start + size);
  const next = start + size;
  return next < items.length ? { page, NextToken: encodeToken(next, operation) } : { page };
}

function encodeToken(offset: number, operation: string): string {
  return Buffer.from(JSON.stringify({ o: offset, op: operation })).toString('base64');
}

function decodeToken(token: unknown, operation: string): number | undefined {
  if (typeof token !== 'string') return undefined;
  try {
    const v = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { o?: unknown; op?: unknown };
    return typeof v.o === 'number' && v.op === operation && v.o >= 0 ? v.o : undefined;
  } catch {
    return undefined;
  }
}

export type Org = NonNullable<World['org']>;

export function rootArn(org: Org, partition: Partition): string {
  return `arn:${partition}:organizations::${org.managementAccountId}:root/${org.id}/${org.rootId}`;
}

export function ouArn(org: Org, partition: Partition, ouId: string): string {
  return `arn:${partition}:organizations::${org.managementAccountId}:ou/${org.id}/${ouId}`;
}

export function accountArn(org: Org, partition: Partition, accountId: string): string {
  return `arn:${partition}:organizations::${org.managementAccountId}:account/${org.id}/${accountId}`;
}

/** The Account shape of ListAccounts / DescribeAccount, with both the legacy Status and State. */
export function accountShape(org: Org, partition: Partition, a: AccountState): Record<string, unknown> {
  return {
    Id: a.id,
    Arn: accountArn(org, partition, a.id),
    Email: a.email,
    Name: a.name,
    Status: a.status,
    State: a.status,
    JoinedMethod: a.joinedMethod,
    JoinedTimestamp: new Date(a.joinedTimestamp),
  };
}
