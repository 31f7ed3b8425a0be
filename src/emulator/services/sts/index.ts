/**
 * STS (awsQuery, 2011-06-15): GetCallerIdentity and AssumeRoot, with the rules AWS enforces on
 * AssumeRoot. See docs/emulator.md for what is assumed where AWS does not document the behaviour.
 */
import { IAM_SERVICE_PRINCIPAL, TASK_FEATURE, taskPolicyNameOf } from '../../../core/model/task-policies.js';
import { AwsError } from '../../http-types.js';
import { isoSeconds, type QueryInput } from '../../protocols/query.js';
import type { CallContext, Operation, ServiceDefinition } from '../types.js';

const denied = (message: string) => new AwsError('AccessDenied', message, 403);

/**
 * Live AWS's refusals of AssumeRoot (radkawar/stackd testdata/aws/iam/root_sessions.json and
 * root_access.json): every refusal that is not about the organization's settings is the bare
 * "User: ... is not authorized to perform: sts:AssumeRoot on resource: ..." with no reason, HTTP 403.
 */
export const ASSUME_ROOT_REFUSALS = {
  trustedAccessOff: 'Service not enabled for AWS Organizations.',
  RootCredentialsManagement: 'Root credentials management feature is not enabled for your AWS Organization.',
  RootSessions: 'Root sessions feature is not enabled for your AWS Organization.',
} as const;

const bareDenial = (callerArn: string, resource: string) =>
  denied(`User: ${callerArn} is not authorized to perform: sts:AssumeRoot on resource: ${resource}`);

/** The global endpoint: a Host of sts.amazonaws.com, or the emulator's stand-in path /sts-global. */
export function isGlobalStsEndpoint(ctx: CallContext): boolean {
  const host = ctx.host.split(':')[0]!.toLowerCase();
  return host === 'sts.amazonaws.com' || ctx.request.path.startsWith('/sts-global');
}

function targetAccountOf(value: string): string {
  if (/^\d{12}$/.test(value)) return value;
  const m = /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(value);
  if (m) return m[1]!;
  // Live text for e.g. an IAM user ARN (root_access.json, assume_root_owned_user_arn).
  throw new AwsError('ValidationError', 'Request must contain a valid target principal');
}

/** The model allows 0..900; live AWS words the upper bound this way (assume_root_duration_over_limit). */
function durationOf(input: QueryInput): number {
  const v = input.get('DurationSeconds');
  if (v === undefined) return 900;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 900) {
    const bound = n > 900 ? 'less than or equal to 900' : 'greater than or equal to 0';
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value '${v}' at 'durationSeconds' failed to satisfy constraint: Member must have value ${bound}`,
    );
  }
  return n;
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

/**
 * Who may call, with which permission, for which target: each refusal is the bare denial. The caller's
 * delegation is read as AssumeRoot sees it (eventually consistent, propagation.ts).
 */
function checkEligibility(ctx: CallContext, target: string, resource: string, taskArn: string): void {
  const world = ctx.world;
  const caller = ctx.principal;
  if (caller.kind !== 'role') throw bareDenial(caller.arn, resource);
  const org = world.org;
  const delegated = world
    .propagatedAccess()
    .delegatedAdministrators.some(
      (d) => d.accountId === caller.accountId && d.servicePrincipal === IAM_SERVICE_PRINCIPAL,
    );
  if (org === null || !world.accounts.has(caller.accountId)) throw bareDenial(caller.arn, resource);
  if (caller.accountId !== org.managementAccountId && !delegated) throw bareDenial(caller.arn, resource);
  try {
    ctx.authorize('sts:AssumeRoot', resource, { 'sts:TaskPolicyArn': taskArn });
  } catch (e) {
    // Live AWS names no reason, even for an explicit deny (root_access.json, assume_root_observer_denied).
    if (e instanceof AwsError && e.code === 'AccessDenied') throw bareDenial(caller.arn, resource);
    throw e;
  }
  const account = world.accounts.get(target);
  if (!account || target === org.managementAccountId || account.status !== 'ACTIVE')
    throw bareDenial(caller.arn, resource);
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
    const duration = durationOf(input);
    const target = targetAccountOf(targetPrincipal);
    // The managed policies of the emulator's partition only (GovCloud's are arn:aws-us-gov:...).
    const taskPolicy = taskArn.startsWith(`arn:${world.partition}:`) ? taskPolicyNameOf(taskArn) : undefined;
    if (!taskPolicy) {
      throw new AwsError('ValidationError', 'Request must contain valid AWS managed task policy ARN');
    }
    const resource = `arn:${world.partition}:iam::${target}:root`;
    checkEligibility(ctx, target, resource, taskArn);
    const org = world.org!;
    // The organization's settings come last: with trusted access off, live AWS still answers the
    // management account as target with the bare denial (root_access.json, assume_root_management_id).
    if (org.featureSet !== 'ALL' || !world.propagatedAccess().serviceAccess.has(IAM_SERVICE_PRINCIPAL))
      throw denied(ASSUME_ROOT_REFUSALS.trustedAccessOff);
    const feature = TASK_FEATURE[taskPolicy];
    if (!world.features.has(feature)) throw denied(ASSUME_ROOT_REFUSALS[feature]);
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
