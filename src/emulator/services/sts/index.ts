/**
 * STS (awsQuery, 2011-06-15): GetCallerIdentity and AssumeRoot, with the rules AWS enforces on
 * AssumeRoot. See docs/emulator.md for what is assumed where AWS does not document the behaviour.
 */
import { IAM_SERVICE_PRINCIPAL, taskPolicyNameOf } from '../../../core/model/task-policies.js';
import { AwsError } from '../../http-types.js';
import { isoSeconds, type QueryInput } from '../../protocols/query.js';
import type { CallContext, Operation, ServiceDefinition } from '../types.js';

const denied = (message: string) => new AwsError('AccessDenied', message, 403);

/** The global endpoint: a Host of sts.amazonaws.com, or the emulator's stand-in path /sts-global. */
export function isGlobalStsEndpoint(ctx: CallContext): boolean {
  const host = ctx.host.split(':')[0]!.toLowerCase();
  return host === 'sts.amazonaws.com' || ctx.request.path.startsWith('/sts-global');
}

function targetAccountOf(value: string): string {
  if (/^\d{12}$/.test(value)) return value;
  const m = /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(value);
  if (m) return m[1]!;
  throw new AwsError(
    'ValidationError',
    `Value '${value}' at 'targetPrincipal' failed to satisfy constraint: Member must be an account ID or the ARN of an account root user`,
  );
}

/** CloudTrail writes credential expirations as "Oct 25, 2024, 9:07:11 PM" (UTC). */
function trailDate(d: Date): string {
  const text = new Intl.DateTimeFormat('en-US', {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
    hour12: true,
    timeZone: 'UTC',
  }).format(d);
  return text.replace(/\u202f/g, ' ');
}

const assumeRoot: Operation<QueryInput> = {
  readOnly: false,
  action: null, // authorized below, once the target and task policy are known
  handler(ctx, input) {
    // The global endpoint does not know the operation at all, so it fails before any validation.
    // Observed answer (boto/boto3#4461, a client that used sts.amazonaws.com): InvalidAction,
    // "Unknown Operation". AWS documents only that the global endpoint is not supported.
    if (isGlobalStsEndpoint(ctx)) throw new AwsError('InvalidAction', 'Unknown Operation', 400);
    const world = ctx.world;
    const caller = ctx.principal;
    const targetPrincipal = input.require('TargetPrincipal');
    const taskArn = input.require('TaskPolicyArn.arn');
    const duration = input.int('DurationSeconds', 0, 900) ?? 900;
    const target = targetAccountOf(targetPrincipal);
    const taskPolicy = taskPolicyNameOf(taskArn);
    if (!taskPolicy) {
      throw new AwsError(
        'ValidationError',
        `The task policy ARN '${taskArn}' is not an AWS managed root task policy (arn:aws:iam::aws:policy/root-task/...).`,
      );
    }
    const resource = `arn:aws:iam::${target}:root`;
    if (caller.kind !== 'role') {
      throw denied(
        `User: ${caller.arn} is not authorized to perform: sts:AssumeRoot on resource: ${resource} because root user credentials and root sessions cannot call AssumeRoot`,
      );
    }
    const org = world.org;
    const role = world.callerRole(caller.accountId);
    if (
      org === null ||
      (role !== 'management' && !world.isDelegatedAdminFor(caller.accountId, IAM_SERVICE_PRINCIPAL))
    ) {
      throw denied(
        `User: ${caller.arn} is not authorized to perform: sts:AssumeRoot on resource: ${resource} because the caller is not in the management account or the IAM delegated administrator account of the organization`,
      );
    }
    ctx.authorize('sts:AssumeRoot', resource, { 'sts:TaskPolicyArn': taskArn });
    if (
      org.featureSet !== 'ALL' ||
      !world.serviceAccess.has(IAM_SERVICE_PRINCIPAL) ||
      !world.features.has('RootSessions')
    ) {
      throw denied(
        `User: ${caller.arn} is not authorized to perform: sts:AssumeRoot on resource: ${resource} because privileged root actions (RootSessions) are not enabled for the organization`,
      );
    }
    const account = world.accounts.get(target);
    if (!account)
      throw denied(
        `User: ${caller.arn} is not authorized to perform: sts:AssumeRoot on resource: ${resource} because the account is not a member of the organization`,
      );
    if (target === org.managementAccountId)
      throw denied(
        `User: ${caller.arn} is not authorized to perform: sts:AssumeRoot on resource: ${resource} because AssumeRoot cannot target the management account`,
      );
    if (account.status !== 'ACTIVE')
      throw denied(
        `User: ${caller.arn} is not authorized to perform: sts:AssumeRoot on resource: ${resource} because the account is suspended`,
      );
    const now = world.now().getTime();
    // DurationSeconds 0 is within the model's range but would be a dead session; it gets the default.
    const seconds = duration === 0 ? 900 : duration;
    const cred = world.issueCredentials({
      kind: 'root-session',
      accountId: target,
      arn: resource,
      taskPolicy,
      taskPolicyArn: taskArn,
      createdAt: now,
      expiresAt: now + seconds * 1000,
      callerArn: caller.arn,
      callerAccountId: caller.accountId,
    });
    const expiration = new Date(now + seconds * 1000);
    ctx.trail.responseElements = {
      credentials: {
        accessKeyId: cred.accessKeyId,
        sessionToken: '<redacted>',
        expiration: trailDate(expiration),
      },
    };
    ctx.trail.resources = [{ accountId: target, type: 'AWS::Organizations::Account', ARN: resource }];
    if (Math.random() < 0.01) world.sweepExpired();
    return {
      Credentials: {
        AccessKeyId: cred.accessKeyId,
        SecretAccessKey: cred.secretAccessKey,
        SessionToken: cred.sessionToken,
        Expiration: isoSeconds(expiration),
      },
    };
  },
};

const getCallerIdentity: Operation<QueryInput> = {
  readOnly: true,
  action: null, // needs no permission, even under an explicit deny
  handler(ctx) {
    const p = ctx.principal;
    return {
      UserId: p.kind === 'role' ? `${p.roleId}:${p.sessionName}` : p.accountId,
      Account: p.accountId,
      Arn: p.arn,
    };
  },
};

export const sts: ServiceDefinition = {
  signingName: 'sts',
  protocol: 'query',
  eventSource: 'sts.amazonaws.com',
  version: '2011-06-15',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  operations: { AssumeRoot: assumeRoot, GetCallerIdentity: getCallerIdentity },
};
