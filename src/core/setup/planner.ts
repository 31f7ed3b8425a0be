/**
 * The setup and undo planners: pure functions from what doctor read (plus the delegated-admin
 * account) to a plan, skipping what is already done, or a refusal with nothing changed.
 * Refusals, in the order they are checked: not in an organization, consolidated billing only, caller
 * not the management account, settings unreadable, delegated-admin id not in the organization / the
 * management account / not ACTIVE, another account already holding the IAM delegation.
 */
import { RootctlError } from '../errors.js';
import type { DoctorIssue, DoctorReport } from '../doctor/types.js';
import { isTransientCode } from '../doctor/verdict.js';
import { ORG_FEATURES, type OrgFeature } from '../model/task-policies.js';
import type { OrgAccount } from '../ports.js';
import { step } from './steps.js';
import {
  SETUP_SCHEMA_VERSION,
  type SetupPlan,
  type SetupRequest,
  type SetupStep,
  type SkippedStep,
} from './types.js';

const ROLE_TEXT = {
  'delegated-admin': 'the IAM delegated administrator',
  member: 'a member account',
  management: 'the management account',
  none: 'not in an organization',
} as const;

/**
 * The delegated-admin account as looked up in the organization: the account, `null` when it is
 * not in the organization, `undefined` when it was not looked up (undo, --no-delegate).
 */
export type TargetAccount = OrgAccount | null | undefined;

interface Known {
  orgId: string;
  managementAccountId: string;
  trustedAccess: boolean;
  rcm: boolean;
  rs: boolean;
  admins: { accountId: string; name: string }[];
}

/** The checks both planners share; returns the settings, or undefined for a consolidated-billing org. */
function preconditions(report: DoctorReport, mode: 'setup' | 'undo'): Known | undefined {
  if (report.caller.role === 'none' || report.organization.status !== 'known') {
    throw new RootctlError(
      'NotInOrganization',
      `Account ${report.caller.accountId} is not in an AWS Organization; nothing was changed.`,
    );
  }
  const org = report.organization.value;
  if (org.featureSet !== 'ALL') {
    if (mode === 'undo') return undefined;
    throw new RootctlError(
      'ConsolidatedBillingOrganization',
      `Organization ${org.id} has consolidated billing features only; centralized root access needs all features. Nothing was changed.`,
    );
  }
  if (report.caller.role !== 'management') {
    throw new RootctlError(
      'NotManagementAccount',
      `Setup changes organization settings, which only the management account (${org.managementAccountId}) can do; the caller's account ${report.caller.accountId} is ${ROLE_TEXT[report.caller.role]}. Nothing was changed.`,
    );
  }
  const { trustedAccess, features, delegatedAdministrators: admins } = report;
  if (trustedAccess.status !== 'known' || features.status !== 'known' || admins.status !== 'known') {
    const missing = report.unknown.filter((u) =>
      ['trustedAccess', 'features', 'delegatedAdministrators'].includes(u.fact),
    );
    // Denied reads need a permission; reads that AWS throttled or failed need only another run.
    const transient = missing.every((u) => isTransientCode(u.code));
    throw new RootctlError(
      transient ? (missing.some((u) => u.code === 'Throttled') ? 'Throttled' : 'AwsError') : 'AccessDenied',
      `Could not read the current settings, so no plan was made: ${missing.map((u) => `${u.action}: ${u.code}`).join('; ')}.`,
      transient ? { hint: 'AWS was busy or failing (after retries): run setup again in a minute.' } : {},
    );
  }
  return {
    orgId: org.id,
    managementAccountId: org.managementAccountId,
    trustedAccess: trustedAccess.value,
    rcm: features.value.RootCredentialsManagement,
    rs: features.value.RootSessions,
    admins: admins.value,
  };
}

function checkTarget(target: TargetAccount, id: string, k: Known): OrgAccount {
  if (target === null || target === undefined) {
    throw new RootctlError(
      'UnknownAccount',
      `Account ${id} is not in organization ${k.orgId}; nothing was changed.`,
    );
  }
  if (target.id === k.managementAccountId) {
    throw new RootctlError(
      'ManagementAccountTarget',
      `Account ${id} is the management account; it cannot be the IAM delegated administrator. Nothing was changed.`,
      {
        hint: 'Choose a member account, such as your security tooling account, as the IAM delegated administrator.',
      },
    );
  }
  if (target.state !== 'ACTIVE') {
    throw new RootctlError(
      'SuspendedAccount',
      `Account ${id} (${target.name}) is ${target.state}; only an ACTIVE account can be the IAM delegated administrator. Nothing was changed.`,
      {
        hint: 'Choose an ACTIVE member account as the IAM delegated administrator.',
      },
    );
  }
  return target;
}

function plan(
  report: DoctorReport,
  k: Known | undefined,
  mode: 'setup' | 'undo',
  delegatedAdmin: SetupPlan['delegatedAdmin'],
  steps: SetupStep[],
  skipped: SkippedStep[],
  warnings: DoctorIssue[],
): SetupPlan {
  const org = report.organization.status === 'known' ? report.organization.value : undefined;
  return {
    schemaVersion: SETUP_SCHEMA_VERSION,
    kind: 'rootctl.setup-plan',
    mode,
    generatedAt: report.generatedAt,
    organizationId: k?.orgId ?? org?.id ?? '',
    managementAccountId: k?.managementAccountId ?? org?.managementAccountId ?? '',
    callerAccountId: report.caller.accountId,
    delegatedAdmin,
    steps,
    skipped,
    warnings,
  };
}

export function planSetupFromFacts(
  report: DoctorReport,
  request: SetupRequest,
  target: TargetAccount,
): SetupPlan {
  const delegate = request.delegate ?? true;
  if (request.mode === 'undo') return planUndoFromFacts(report);
  if (delegate && request.delegatedAdmin === undefined) {
    throw new RootctlError(
      'UsageError',
      'Give the account to register as IAM delegated administrator with --delegated-admin <account-id>, or pass --no-delegate.',
    );
  }
  if (!delegate && request.delegatedAdmin !== undefined) {
    throw new RootctlError('UsageError', '--delegated-admin and --no-delegate cannot be used together.');
  }
  const k = preconditions(report, 'setup')!;
  let admin: OrgAccount | undefined;
  if (delegate) {
    admin = checkTarget(target, request.delegatedAdmin!, k);
    const other = k.admins.find((a) => a.accountId !== admin!.id);
    if (other) {
      throw new RootctlError(
        'DelegatedAdminExists',
        `Account ${other.accountId} (${other.name}) is already the IAM delegated administrator, and IAM allows only one. Nothing was changed.`,
        {
          hint: `To move the delegation to ${admin.id}: aws organizations deregister-delegated-administrator --account-id ${other.accountId} --service-principal iam.amazonaws.com, then run rootctl setup --delegated-admin ${admin.id} again.`,
          details: { currentDelegatedAdmin: other.accountId },
        },
      );
    }
  }
  const steps: SetupStep[] = [];
  const skipped: SkippedStep[] = [];
  const want = (done: boolean, s: SetupStep, reason: string) =>
    done ? skipped.push({ kind: s.kind, reason }) : steps.push(s);
  want(k.trustedAccess, step('enable-trusted-access'), 'IAM trusted access is already on');
  const features = request.features ?? ORG_FEATURES;
  const feature = (f: OrgFeature, on: boolean, s: SetupStep) => {
    if (on || features.includes(f)) want(on, s, `${f} is already on`);
    else skipped.push({ kind: s.kind, reason: `${f} was not asked for (--features)` });
  };
  feature('RootCredentialsManagement', k.rcm, step('enable-root-credentials-management'));
  feature('RootSessions', k.rs, step('enable-root-sessions'));
  if (admin)
    want(
      k.admins.some((a) => a.accountId === admin.id),
      step('register-delegated-admin', admin.id, admin.name),
      `${admin.id} is already the IAM delegated administrator`,
    );
  // SCPs that will make root tasks fail, or SCPs that could not be read (a blocker not ruled out).
  // And a gap setup cannot fix, so that it is known before applying.
  const warnings = [
    ...report.gaps.filter((g) => g.id === 'global-sts-endpoint'),
    ...report.warnings.filter((w) => w.id === 'blocking-scp' || w.id === 'scps-unknown'),
  ];
  return plan(
    report,
    k,
    'setup',
    admin ? { accountId: admin.id, name: admin.name } : null,
    steps,
    skipped,
    warnings,
  );
}

export function planUndoFromFacts(report: DoctorReport): SetupPlan {
  const k = preconditions(report, 'undo');
  if (!k) {
    return plan(
      report,
      undefined,
      'undo',
      null,
      [],
      [
        {
          kind: 'disable-trusted-access',
          reason: 'The organization has consolidated billing only: centralized root access cannot be on',
        },
      ],
      [],
    );
  }
  const steps: SetupStep[] = k.admins.map((a) => step('deregister-delegated-admin', a.accountId, a.name));
  const skipped: SkippedStep[] = k.admins.length
    ? []
    : [{ kind: 'deregister-delegated-admin', reason: 'There is no IAM delegated administrator' }];
  const want = (on: boolean, s: SetupStep, reason: string) =>
    on ? steps.push(s) : skipped.push({ kind: s.kind, reason });
  want(k.rs, step('disable-root-sessions'), 'RootSessions is already off');
  want(k.rcm, step('disable-root-credentials-management'), 'RootCredentialsManagement is already off');
  want(k.trustedAccess, step('disable-trusted-access'), 'IAM trusted access is already off');
  const warnings: DoctorIssue[] = steps.length
    ? [
        {
          id: 'undo-effect',
          title: 'Undo switches centralized root access off',
          detail:
            "AssumeRoot stops working for every member account; root credentials already deleted stay deleted (recover a root password with the account's root email address).",
          next: { kind: 'rootctl', text: 'rootctl setup --delegated-admin <account-id> sets it up again' },
        },
      ]
    : [];
  return plan(report, k, 'undo', null, steps, skipped, warnings);
}
