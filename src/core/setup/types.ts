/**
 * A setup plan: the steps that take an organization to centralized root access (or back, with undo),
 * as reviewable data. `rootctl setup --output json` prints it; docs/doctor.md documents it, versioned
 * by SETUP_SCHEMA_VERSION.
 */
import type { AccountId } from '../model/account-id.js';
import type { OrgFeature } from '../model/task-policies.js';
import type { IamOrgFeatures, OrganizationsWriter } from '../ports.js';
import type { DoctorIssue, DoctorOptions, DoctorPorts, DoctorReport } from '../doctor/types.js';

export const SETUP_SCHEMA_VERSION = 1;

export type SetupStepKind =
  | 'enable-trusted-access'
  | 'enable-root-credentials-management'
  | 'enable-root-sessions'
  | 'register-delegated-admin'
  | 'deregister-delegated-admin'
  | 'disable-root-sessions'
  | 'disable-root-credentials-management'
  | 'disable-trusted-access';

export interface SetupStep {
  kind: SetupStepKind;
  /** The AWS API action the step calls (also the IAM permission it needs). */
  action: string;
  description: string;
  /** The same change with the AWS CLI, for review or for doing it by hand. */
  awsCli: string;
  /** For register/deregister: the account. */
  accountId?: string;
}

export interface SkippedStep {
  kind: SetupStepKind;
  reason: string;
}

export interface SetupPlan {
  schemaVersion: typeof SETUP_SCHEMA_VERSION;
  kind: 'rootctl.setup-plan';
  mode: 'setup' | 'undo';
  generatedAt: string;
  organizationId: string;
  managementAccountId: string;
  callerAccountId: string;
  /** The account to register as IAM delegated administrator (setup without --no-delegate). */
  delegatedAdmin: { accountId: string; name: string } | null;
  /** In order; empty when there is nothing to do. */
  steps: SetupStep[];
  /** Steps not needed because the organization already has them. */
  skipped: SkippedStep[];
  /** Shown before applying: blocking SCPs (by name), and what undo switches off. */
  warnings: DoctorIssue[];
}

export interface SetupRequest {
  mode: 'setup' | 'undo';
  /** Required for setup unless `delegate` is false. */
  delegatedAdmin?: AccountId | undefined;
  /** false = --no-delegate: set up the features only. Default true. */
  delegate?: boolean;
  /** --features: the organization features to enable. Default: both. */
  features?: readonly OrgFeature[] | undefined;
}

export type SetupStepStatus = 'done' | 'already-done';

export interface SetupResult {
  schemaVersion: typeof SETUP_SCHEMA_VERSION;
  kind: 'rootctl.setup-result';
  mode: 'setup' | 'undo';
  steps: { kind: SetupStepKind; status: SetupStepStatus; verified: true }[];
}

/** `rootctl setup --yes --output json`: the result, the plan it applied, and doctor's report afterwards. */
export type SetupResultDocument = SetupResult & {
  /** The plan that was applied (`rootctl setup --output json`). */
  plan: SetupPlan;
  /** `rootctl doctor` after applying: what is in place now. */
  doctor: DoctorReport;
};

export type SetupEvent =
  | { kind: 'step-start'; step: SetupStep; index: number; total: number }
  | { kind: 'step-done'; step: SetupStep; status: SetupStepStatus; index: number; total: number }
  /** The change was made but does not read back yet (AWS is eventually consistent): waiting. */
  | {
      kind: 'step-verify-wait';
      step: SetupStep;
      index: number;
      total: number;
      /** 1 for the first wait. */
      attempt: number;
      attempts: number;
      delayMs: number;
    };

/** The calls setup makes: doctor's reads, plus the Organizations and IAM writes. */
export interface SetupPorts extends DoctorPorts {
  features: IamOrgFeatures;
  writer: OrganizationsWriter;
}

export type PlanOptions = DoctorOptions;

export interface ApplyOptions {
  onEvent?: (event: SetupEvent) => void;
  /**
   * Waits between read-backs while a change is not visible yet (AWS is eventually consistent).
   * Default [1000, 2000, 4000, 8000, 15000] (30 s in all); tests pass [].
   */
  verifyDelaysMs?: number[];
  /** How to wait `ms` between read-backs; default a timer. Tests move the emulator's clock instead. */
  wait?: (ms: number) => Promise<void>;
}
