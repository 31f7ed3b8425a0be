/**
 * Shared rules of the IAM root-credential calls: which account's root user a call acts on, the
 * resource it is authorized against (so the root-task policies and SCPs see what AWS sees), and
 * IAM's Marker/MaxItems paging.
 */
import { rootUserArn, type Partition } from '../../../core/model/arn.js';
import { AwsError } from '../../http-types.js';
import { isoSeconds, type QueryInput } from '../../protocols/query.js';
import type { AccountState } from '../../world.js';
import type { CallContext } from '../types.js';

/** UserName written in credential metadata of the root user (AWS does not document it; see docs/emulator.md). */
export const ROOT_USER_NAME = 'root';

export function rootArn(partition: Partition, accountId: string): string {
  return rootUserArn(partition, accountId);
}

export function noSuchEntity(message: string): AwsError {
  return new AwsError('NoSuchEntity', message, 404);
}

/**
 * The resource a per-user IAM call is authorized against: the named user when UserName is given,
 * otherwise the caller itself - the account's root for root sessions and root users. The task
 * policies deny every listed action whose resource is not `arn:aws:iam::*:root`, so a root session
 * that names a user is refused exactly as AWS refuses it.
 */
export function userResource(ctx: CallContext, input: QueryInput): string {
  const userName = input.get('UserName');
  if (userName !== undefined) return `arn:${ctx.world.partition}:iam::${ctx.accountId}:user/${userName}`;
  return ctx.principal.kind === 'role' ? ctx.principal.roleArn : rootArn(ctx.world.partition, ctx.accountId);
}

/**
 * The account whose root credentials a call without UserName acts on. Roles must name a user (the
 * emulator models no IAM users, so a named user does not exist). `rootSessionOnly`: the IAM model
 * says root user credentials must use an AssumeRoot session to omit UserName (login profile calls
 * and DeactivateMFADevice).
 */
export function rootAccountOf(
  ctx: CallContext,
  input: QueryInput,
  options: { rootSessionOnly?: boolean } = {},
): AccountState {
  const userName = input.get('UserName');
  if (userName !== undefined) throw noSuchEntity(`The user with name ${userName} cannot be found.`);
  const p = ctx.principal;
  if (p.kind === 'role')
    throw new AwsError(
      'ValidationError',
      'Must specify userName when calling with non-User credentials',
      400,
    );
  if (p.kind === 'root-user' && options.rootSessionOnly) {
    throw new AwsError(
      'ValidationError',
      'Must specify userName when calling with root user credentials; use an AssumeRoot session to act on the root user.',
      400,
    );
  }
  const account = ctx.world.accounts.get(ctx.accountId);
  if (!account) throw new AwsError('ServiceFailure', `The emulator has no account ${ctx.accountId}.`, 500);
  return account;
}

/** Timestamps as IAM writes them: ISO 8601 without milliseconds. */
export function iamDate(value: string | Date): string {
  return isoSeconds(value);
}

export interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

/** IAM paging: MaxItems 1..1000 (default 100) and an opaque Marker bound to the operation. */
export function pageOf<T>(items: readonly T[], input: QueryInput, operation: string): Page<T> {
  const max = input.int('MaxItems', 1, 1000) ?? 100;
  let start = 0;
  const marker = input.get('Marker');
  if (marker !== undefined) {
    const decoded = decodeMarker(marker, operation);
    if (decoded === undefined) throw new AwsError('ValidationError', 'Invalid Marker.', 400);
    start = decoded;
  }
  const slice = items.slice(start, start + max);
  const next = start + max;
  return next < items.length
    ? { items: slice, IsTruncated: true, Marker: encodeMarker(next, operation) }
    : { items: slice, IsTruncated: false };
}

function encodeMarker(offset: number, operation: string): string {
  return Buffer.from(JSON.stringify({ o: offset, op: operation })).toString('base64');
}

function decodeMarker(marker: string, operation: string): number | undefined {
  try {
    const v = JSON.parse(Buffer.from(marker, 'base64').toString('utf8')) as { o?: unknown; op?: unknown };
    return typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0 && v.op === operation
      ? v.o
      : undefined;
  } catch {
    return undefined;
  }
}

/** Paging members of a list output. */
function pagingOf<T>(p: Page<T>): { IsTruncated: boolean; Marker?: string } {
  return p.Marker === undefined
    ? { IsTruncated: p.IsTruncated }
    : { IsTruncated: p.IsTruncated, Marker: p.Marker };
}

/** A list operation's output: one page of `items` under `member`, each as `shape` writes it, and the paging members. */
export function pagedList<T>(
  member: string,
  items: readonly T[],
  input: QueryInput,
  operation: string,
  shape: (item: T) => unknown = (item) => item,
): Record<string, unknown> {
  const page = pageOf(items, input, operation);
  return { [member]: page.items.map(shape), ...pagingOf(page) };
}
