/**
 * What the doctor checks share: the check shape (a gap blocks readiness, a warning does not; a failing
 * check raises the doctor issues it names), and the wording derived from the facts that several
 * checks use (who is calling, the setup command to suggest, which facts could not be read).
 */
import type { OrgFeature } from '../../model/task-policies.js';
import type { DoctorFacts, DoctorIssue, Fact, UnknownFact } from '../../doctor/types.js';
import type { CheckMeta, CheckOutcome } from '../types.js';

export interface DoctorCheckOutcome extends CheckOutcome {
  /** The issues a failing check raises (one, or one per blocking SCP). */
  issues?: DoctorIssue[];
}

export interface DoctorCheck extends CheckMeta {
  /** A gap (the organization is not ready) or a warning (ready, but something will fail or is not recommended). */
  level: 'gap' | 'warning';
  /** The id of the issue it raises when failing (docs/doctor.md), kept from before checks were units. */
  issueId: string;
  evaluate(facts: DoctorFacts): DoctorCheckOutcome;
}

export const FACT_LABELS: Record<string, string> = {
  accounts: 'member accounts (OU tree)',
  trustedAccess: 'IAM trusted access',
  features: 'RootCredentialsManagement / RootSessions',
  delegatedAdministrators: 'IAM delegated administrator',
  scps: 'SCPs',
};

export function unknownFacts(f: DoctorFacts): UnknownFact[] {
  const facts: [string, Fact<unknown>][] = [
    ['accounts', f.accounts],
    ['trustedAccess', f.trustedAccess],
    ['features', f.features],
    ['delegatedAdministrators', f.delegatedAdministrators],
    ['scps', f.scps],
  ];
  return facts.flatMap(([fact, v]) =>
    v.status === 'unknown' ? [{ fact, action: v.action, code: v.code, reason: v.reason }] : [],
  );
}

/**
 * Codes of failures that say nothing about permissions: AWS was busy or failed (after the SDK's own
 * retries). Asking for a permission then would send the user the wrong way.
 */
const TRANSIENT_CODES = new Set([
  'Throttled',
  'Throttling',
  'TooManyRequests',
  'RequestLimitExceeded',
  'SlowDown',
  'ServiceUnavailable',
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'Service',
  'ServiceFailure',
  'RequestTimeout',
  'NetworkError',
]);

export function isTransientCode(code: string): boolean {
  return TRANSIENT_CODES.has(code.replace(/Exception$/, ''));
}

export const RETRY_STEP =
  'AWS answered with a transient error (busy or failing, after retries): run rootctl doctor again in a minute';

/** The delegated administrators when known (undefined when they could not be read or do not apply). */
export function adminsOf(f: DoctorFacts): { accountId: string; name: string }[] | undefined {
  return f.delegatedAdministrators.status === 'known' ? f.delegatedAdministrators.value : undefined;
}

const fromManagement = (f: DoctorFacts) =>
  f.caller.role === 'management' ? '' : 'From the management account (e.g. --profile management): ';

/** The setup command that closes a readiness gap, from where the caller stands. */
export function setupStep(f: DoctorFacts): string {
  const admin = adminsOf(f)?.[0];
  return (
    fromManagement(f) +
    (admin
      ? `rootctl setup --delegated-admin ${admin.accountId}`
      : 'rootctl setup --delegated-admin <account-id> (or rootctl setup --no-delegate for the features only)')
  );
}

/** Setup enables both features by default; a warning asks for just the missing one. */
export function featureStep(f: DoctorFacts, option: string): string {
  const admin = adminsOf(f)?.[0];
  return `${fromManagement(f)}rootctl setup --features ${option} ${admin ? `--delegated-admin ${admin.accountId}` : '--no-delegate'}`;
}

/**
 * What each organization feature enables (AssumeRoot gates each task by one of them: live captures in
 * radkawar/stackd testdata/aws/iam/root_sessions.json). RootCredentialsManagement carries every task
 * rootctl runs routinely (audit, remediate, password recovery), so only it is needed to be ready;
 * without RootSessions the unlock tasks are refused, which is a warning.
 */
export const FEATURE_INFO: Record<
  OrgFeature,
  { id: string; option: string; enables: string; refused: string; requiredForReady: boolean }
> = {
  RootCredentialsManagement: {
    id: 'root-credentials-management-off',
    option: 'credentials-management',
    enables:
      'the audit, delete and password-recovery root tasks (IAMAuditRootUserCredentials, IAMDeleteRootUserCredentials, IAMCreateRootUserPassword)',
    refused: 'rootctl audit, remediate and exception open --task password-recovery',
    requiredForReady: true,
  },
  RootSessions: {
    id: 'root-sessions-off',
    option: 'root-sessions',
    enables: 'the S3 and SQS unlock root tasks (S3UnlockBucketPolicy, SQSUnlockQueuePolicy)',
    refused: 'rootctl exception open --task unlock-s3-bucket-policy and --task unlock-sqs-queue-policy',
    requiredForReady: false,
  },
};

/** pass / fail from a known fact; unknown and not_applicable say why the fact is missing. */
export function fromFact<T>(fact: Fact<T>, judge: (value: T) => DoctorCheckOutcome): DoctorCheckOutcome {
  if (fact.status === 'known') return judge(fact.value);
  if (fact.status === 'unknown')
    return { status: 'unknown', reason: `${fact.action} failed: ${fact.code}: ${fact.reason}` };
  return { status: 'not_applicable', reason: fact.reason };
}
