/**
 * The readiness verdict, a pure function of the facts. Ready means: all features, IAM trusted access
 * on, RootCredentialsManagement on, a Regional STS endpoint, and a caller that is the management
 * account or the IAM delegated administrator. RootSessions off is a warning (only the unlock tasks
 * need it). Everything that will still make root tasks
 * fail somewhere (blocking SCPs) or is not recommended (routine work from the management account) is
 * a warning: the organization is ready, but the warning says exactly what to fix.
 */
import { ORG_FEATURES, type OrgFeature } from '../model/task-policies.js';
import type { ScpTarget } from '../ports.js';
import type { DoctorFacts, DoctorIssue, DoctorReport, Fact, ScpBlockerReport, UnknownFact } from './types.js';
import { DOCTOR_SCHEMA_VERSION } from './types.js';

const FACT_LABELS: Record<string, string> = {
  accounts: 'member accounts (OU tree)',
  trustedAccess: 'IAM trusted access',
  features: 'RootCredentialsManagement / RootSessions',
  delegatedAdministrators: 'IAM delegated administrator',
  scps: 'SCPs',
};

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

const RETRY_STEP =
  'AWS answered with a transient error (busy or failing, after retries): run rootctl doctor again in a minute';

function targetText(t: ScpTarget): string {
  const kind = t.type === 'ROOT' ? 'root' : t.type === 'ORGANIZATIONAL_UNIT' ? 'OU' : 'account';
  return `${kind} ${t.name || t.id} (${t.id})`;
}

function blockerIssue(b: ScpBlockerReport): DoctorIssue {
  const n = b.accountsBlocked ?? b.accountsCovered;
  const count = n === null ? 'an unknown number of' : String(n);
  const where = `${count} active member account${n === 1 ? '' : 's'}`;
  const what =
    b.kind === 'possibly-blocking'
      ? `may deny root sessions (not ruled out): root tasks may fail in ${where}`
      : b.kind === 'allow-list'
        ? `allows no root-task calls where attached: root tasks fail in ${where}`
        : `denies root sessions: root tasks fail in ${where}`;
  const fix =
    b.kind === 'allow-list'
      ? `Add the root-task actions (or iam:*) to the Allow statement of ${b.policyName}, or attach FullAWSAccess beside it`
      : `Add "Null": {"aws:AssumedRoot": "true"} to the condition of the Deny statement in ${b.policyName}`;
  return {
    id: 'blocking-scp',
    policyId: b.policyId,
    title: `SCP ${b.policyName} (${b.policyId}) ${what}`,
    detail: `${b.reason} Attached to ${b.targets.map(targetText).join(', ') || 'no target'}.`,
    next: {
      kind: 'scp',
      text: `${fix}, then: aws organizations update-policy --policy-id ${b.policyId} --content file://${b.policyName}.json (or detach it); check with rootctl guardrails scp --check`,
    },
  };
}

export function assess(
  f: DoctorFacts,
): Pick<DoctorReport, 'verdict' | 'ready' | 'gaps' | 'warnings' | 'unknown'> {
  const gaps: DoctorIssue[] = [];
  const warnings: DoctorIssue[] = [];
  const unknown = unknownFacts(f);
  const role = f.caller.role;
  const admins = f.delegatedAdministrators.status === 'known' ? f.delegatedAdministrators.value : undefined;
  const fromManagement =
    role === 'management' ? '' : 'From the management account (e.g. --profile management): ';
  const setupStep =
    fromManagement +
    (admins?.[0]
      ? `rootctl setup --delegated-admin ${admins[0].accountId}`
      : 'rootctl setup --delegated-admin <account-id> (or rootctl setup --no-delegate for the features only)');

  const featureStep = (option: string) =>
    `${fromManagement}rootctl setup --features ${option} ${admins?.[0] ? `--delegated-admin ${admins[0].accountId}` : '--no-delegate'}`;

  if (role === 'none') {
    gaps.push({
      id: 'not-in-organization',
      title: 'The caller is not in an AWS Organization',
      detail: `Account ${f.caller.accountId} (${f.caller.arn}) is not a member of an organization; centralized root access is an Organizations feature.`,
      next: {
        kind: 'credentials',
        text: 'Use credentials of the management account or the IAM delegated administrator (e.g. rootctl doctor --profile management); to create an organization: aws organizations create-organization --feature-set ALL',
      },
    });
  }
  const org = f.organization.status === 'known' ? f.organization.value : undefined;
  if (org?.featureSet === 'CONSOLIDATED_BILLING') {
    gaps.push({
      id: 'consolidated-billing',
      title: 'The organization has consolidated billing only, not all features',
      detail: `Organization ${org.id} must have all features for IAM trusted access, centralized root access and SCPs.`,
      next: {
        kind: 'console',
        text: 'In the management account: AWS Organizations console > Settings > "Begin process to enable all features" (or: aws organizations enable-all-features); every invited member account must approve',
      },
    });
  }
  if (role === 'member') {
    const what = unknown.map((u) => FACT_LABELS[u.fact] ?? u.fact);
    gaps.push({
      id: 'caller-not-admin',
      title: 'The caller is neither the management account nor the IAM delegated administrator',
      detail: `${f.caller.roleBasis}${what.length ? ` Unknown from here: ${what.join(', ')}.` : ''} Root tasks (AssumeRoot) also run only from those two accounts.`,
      next: {
        kind: 'credentials',
        text: 'Run from the management account or the IAM delegated administrator (e.g. rootctl doctor --profile security)',
      },
    });
  }
  if (f.sts.kind === 'global') {
    gaps.push({
      id: 'global-sts-endpoint',
      title: 'The global STS endpoint is in use',
      detail: `${f.sts.note} AWS refuses AssumeRoot on sts.amazonaws.com.`,
      next: {
        kind: 'credentials',
        // The SDK picks a Regional endpoint for every Region rootctl accepts (aws-global is refused),
        // so the global one comes from an endpoint override.
        text: `Point the STS endpoint override at the Regional endpoint ${f.sts.regionalEndpoint} instead of ${f.sts.endpoint ?? 'the global one'}: check --endpoint-url, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL and endpoint_url (or the sts section of services) in the profile`,
      },
    });
  }
  if (f.trustedAccess.status === 'known' && !f.trustedAccess.value) {
    gaps.push({
      id: 'trusted-access-off',
      title: 'IAM trusted access (iam.amazonaws.com) is off in AWS Organizations',
      detail:
        'IAM needs trusted access before RootCredentialsManagement, RootSessions or an IAM delegated administrator can be enabled.',
      next: { kind: 'rootctl', text: setupStep },
    });
  }
  if (f.features.status === 'known') {
    for (const feature of ORG_FEATURES) {
      if (f.features.value[feature]) continue;
      const info = FEATURE_INFO[feature];
      (info.requiredForReady ? gaps : warnings).push({
        id: info.id,
        title: `${feature} is off`,
        detail: `It enables ${info.enables}; without it AWS refuses ${info.refused}.`,
        // Setup enables both by default; a warning asks for just the missing feature.
        next: { kind: 'rootctl', text: info.requiredForReady ? setupStep : featureStep(info.option) },
      });
    }
  }
  const readiness = unknown.filter((u) => u.fact === 'trustedAccess' || u.fact === 'features');
  if ((role === 'management' || role === 'delegated-admin') && readiness.length) {
    const denied = readiness.filter((u) => !isTransientCode(u.code));
    gaps.push({
      id: 'facts-unknown',
      title: 'Readiness could not be confirmed: some settings could not be read',
      detail: readiness.map((u) => `${FACT_LABELS[u.fact] ?? u.fact}: ${u.code}: ${u.reason}`).join(' '),
      next: denied.length
        ? {
            kind: 'permissions',
            text: `Allow ${denied.map((u) => u.action).join(', ')} for the calling principal (see "Required IAM permissions" in the README), then run rootctl doctor again`,
          }
        : { kind: 'rootctl', text: RETRY_STEP },
    });
  }

  if (f.scps.status === 'known') warnings.push(...f.scps.value.blockers.map(blockerIssue));
  if (f.scps.status === 'unknown' && role !== 'member') {
    warnings.push({
      id: 'scps-unknown',
      title: 'SCPs could not be read: blocking SCPs are not ruled out',
      detail: `${f.scps.code}: ${f.scps.reason}`,
      next: isTransientCode(f.scps.code)
        ? { kind: 'rootctl', text: RETRY_STEP }
        : {
            kind: 'permissions',
            text: 'Allow organizations:ListPolicies, organizations:DescribePolicy and organizations:ListTargetsForPolicy for the calling principal',
          },
    });
  }
  if (role === 'management' && admins?.length) {
    const a = admins[0]!;
    warnings.push({
      id: 'management-while-delegated',
      title: `Running from the management account while ${a.accountId} (${a.name}) is the IAM delegated administrator`,
      detail:
        'Routine root tasks should not run from the management account: use the delegated administrator for them.',
      next: {
        kind: 'credentials',
        text: `Use credentials in account ${a.accountId} (${a.name}) for root tasks (e.g. rootctl doctor --profile security)`,
      },
    });
  }
  const featuresOn = f.features.status === 'known' && f.features.value.RootCredentialsManagement;
  if (admins?.length === 0 && featuresOn) {
    warnings.push({
      id: 'no-delegated-admin',
      title: 'No IAM delegated administrator: routine root tasks would run from the management account',
      detail:
        'AWS recommends registering a member account (e.g. security tooling) as the IAM delegated administrator; this is only possible from the CLI or SDK.',
      next: {
        kind: 'rootctl',
        text: 'rootctl setup --delegated-admin <account-id> (from the management account)',
      },
    });
  }
  if (f.sts.kind === 'unknown') {
    warnings.push({
      id: 'sts-endpoint-unknown',
      title: 'The STS endpoint could not be observed',
      detail: f.sts.note,
      next: { kind: 'credentials', text: `Check that STS is reachable for --region ${f.sts.region}` },
    });
  }
  const ready = gaps.length === 0;
  return { verdict: ready ? 'ready' : 'not-ready', ready, gaps, warnings, unknown };
}

export function toReport(f: DoctorFacts): DoctorReport {
  return { schemaVersion: DOCTOR_SCHEMA_VERSION, kind: 'rootctl.doctor', ...f, ...assess(f) };
}
