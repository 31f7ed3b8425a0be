/**
 * The doctor report: what rootctl could learn about the organization from the caller's credentials,
 * and the readiness verdict with one exact next step per gap. `rootctl doctor --output json` prints
 * this object as is; docs/doctor.md documents it, versioned by DOCTOR_SCHEMA_VERSION.
 */
import type { CheckResult } from '../checks/types.js';
import type { TaskPolicyName } from '../model/task-policies.js';
import type {
  IamOrgFeatures,
  IdentityPort,
  OrganizationsReader,
  ScpTarget,
  StsEndpointPort,
} from '../ports.js';

export const DOCTOR_SCHEMA_VERSION = 1;

/**
 * One fact and how sure we are of it. `unknown` is said out loud (with the AWS action that failed and
 * why) rather than guessed; `not-applicable` means the question does not arise (no organization,
 * consolidated billing).
 */
export type Fact<T> =
  | { status: 'known'; value: T; note?: string }
  | { status: 'unknown'; action: string; code: string; reason: string }
  | { status: 'not-applicable'; reason: string };

/** management account, IAM delegated administrator, another member account, or not in an organization. */
export type CallerRole = 'management' | 'delegated-admin' | 'member' | 'none';

export interface OrganizationFacts {
  id: string;
  featureSet: 'ALL' | 'CONSOLIDATED_BILLING';
  managementAccountId: string;
}

export interface AccountCounts {
  /** Member accounts (the management account not counted). */
  members: number;
  activeMembers: number;
  suspendedMembers: number;
}

export interface FeatureFacts {
  RootCredentialsManagement: boolean;
  RootSessions: boolean;
}

export interface ScpBlockerReport {
  policyId: string;
  policyName: string;
  /** explicit-deny, allow-list (allows none of the calls where attached), or possibly-blocking (a condition rootctl cannot evaluate before the call: never ruled out). */
  kind: 'explicit-deny' | 'allow-list' | 'possibly-blocking';
  /** One line: what it denies to root sessions, and how to fix it. */
  reason: string;
  blockedTasks: TaskPolicyName[];
  targets: ScpTarget[];
  /** ACTIVE member accounts under its targets (null when the OU tree could not be read). */
  accountsCovered: number | null;
  /** ACTIVE member accounts whose root sessions it blocks (null when the OU tree could not be read). */
  accountsBlocked: number | null;
}

export interface ScpFacts {
  /** Whether the SERVICE_CONTROL_POLICY type is enabled on the root (SCPs apply at all). */
  policyTypeEnabled: boolean;
  /** Every SCP that denies some root-task call to root sessions. */
  blockers: ScpBlockerReport[];
}

export type StsEndpointKind = 'regional' | 'global' | 'custom' | 'unknown';

export interface StsFacts {
  region: string;
  /** The URL STS calls (and so AssumeRoot) go to; null when it could not be observed. */
  endpoint: string | null;
  kind: StsEndpointKind;
  /** The Regional endpoint AWS would use for this Region without an override. */
  regionalEndpoint: string;
  note: string;
}

export type NextStepKind = 'rootctl' | 'aws-cli' | 'console' | 'credentials' | 'permissions' | 'scp';

export interface NextStep {
  kind: NextStepKind;
  /** The exact thing to run or do. */
  text: string;
}

/** A gap (blocks readiness) or a warning (ready, but something will fail or is not recommended). */
export interface DoctorIssue {
  /** Stable id, documented in docs/doctor.md (e.g. trusted-access-off, blocking-scp). */
  id: string;
  title: string;
  detail: string;
  next: NextStep;
  /** For blocking-scp: the policy id. */
  policyId?: string;
  /** The id of the check that raised it (docs/generated/checks.md). */
  checkId?: string;
}

export interface UnknownFact {
  fact: string;
  action: string;
  code: string;
  reason: string;
}

export interface DoctorFacts {
  generatedAt: string;
  caller: { accountId: string; arn: string; role: CallerRole; roleBasis: string };
  organization: Fact<OrganizationFacts>;
  accounts: Fact<AccountCounts>;
  trustedAccess: Fact<boolean>;
  features: Fact<FeatureFacts>;
  delegatedAdministrators: Fact<{ accountId: string; name: string }[]>;
  scps: Fact<ScpFacts>;
  sts: StsFacts;
}

export interface DoctorReport extends DoctorFacts {
  schemaVersion: typeof DOCTOR_SCHEMA_VERSION;
  kind: 'rootctl.doctor';
  verdict: 'ready' | 'not-ready';
  ready: boolean;
  gaps: DoctorIssue[];
  warnings: DoctorIssue[];
  unknown: UnknownFact[];
  /** Every doctor check's result (pass / fail / unknown / not_applicable, with why), by check id. */
  checks: CheckResult[];
}

/** The calls doctor makes (all reads). */
export interface DoctorPorts {
  identity: IdentityPort;
  sts: StsEndpointPort;
  organizations: OrganizationsReader;
  features: Pick<IamOrgFeatures, 'listFeatures'>;
}

export type DoctorEvent =
  | { kind: 'reading'; what: string }
  /** Accounts found so far while walking the OU tree (a large organization takes a while). */
  | { kind: 'accounts-listed'; listed: number };

export interface DoctorOptions {
  /** The Region rootctl uses for STS (AssumeRoot); default us-east-1. */
  region?: string;
  /** Parallel parents while walking the OU tree. */
  concurrency?: number;
  now?: () => Date;
  onEvent?: (event: DoctorEvent) => void;
}
