/**
 * The library's front door (re-exported by src/index.ts): five functions that each take plain options,
 * open their own AWS clients, do one job, close the clients and return a typed result. No console
 * output; progress goes to `onEvent`. Errors are RootctlError with a stable `code` and an `exitCode`.
 *
 * The owners' adapters (src/app/audit.ts, doctor.ts, remediate.ts) do the wiring; this file only
 * turns "a profile and some options" into their contexts. The database (node:sqlite, or the native
 * better-sqlite3 on Node 20; src/store/sqlite.ts) is opened only by applyPlan, and by planRemediation
 * when a database exists (to hold accounts under open exceptions out), so an audit runs where neither
 * driver is available (a Lambda bundle, for instance).
 */
import { existsSync } from 'node:fs';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { createAwsContext, type AwsContextOptions } from '../aws/clients.js';
import type { HttpTimeouts } from '../aws/http.js';
import { RootctlError } from '../core/errors.js';
import type { AuditReport } from '../core/audit/model.js';
import type { AuditEvent } from '../core/audit/types.js';
import type { DoctorOptions, DoctorReport } from '../core/doctor/types.js';
import type { ApplyEvent, ApplyResult } from '../core/execute/types.js';
import { parseAccountId, parseOuId } from '../core/model/account-id.js';
import { planRemediation as corePlanRemediation, type OpenExceptionInfo } from '../core/plan/index.js';
import { planOptions } from '../core/plan/options.js';
import type { RemediationScope } from '../core/plan/targets.js';
import type { CredentialKind, Plan } from '../core/plan/types.js';
import type { SetupRequest } from '../core/setup/types.js';
import { setupRequest, type SetupInput } from '../core/setup/request.js';
import { setupOrganization, type SetupOutcome, type SetupUseCaseOptions } from './setup.js';
import type { RemediationRequest } from './remediate.js';
import { auditPorts, createAuditContexts } from './audit.js';
import { auditAndRecord, type AuditRecordOptions, type RecordedAudit } from './audit-record.js';
import { doctor as appDoctor } from './doctor.js';

/** Where and as whom: the same settings as the CLI's --profile, --region and --endpoint-url. */
/** connectTimeoutMs / requestTimeoutMs: rootctl's own network timeouts (src/aws/http.ts; defaults 10 s / 30 s). */
export interface AwsConnection extends HttpTimeouts {
  /** A profile of the shared AWS config files; default: the SDK's provider chain (env, AWS_PROFILE, SSO, role). */
  profile?: string | undefined;
  /** Region for STS (AssumeRoot needs a Regional endpoint) and CloudTrail; default AWS_REGION or us-east-1. */
  region?: string | undefined;
  /** Send every AWS call here (the rootctl emulator, for instance). */
  endpoint?: string | undefined;
  /** Explicit credentials instead of the provider chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
}

/** The AWS context options of a connection (shared by every use case that opens its own clients). */
export function connection(c: AwsConnection): Omit<AwsContextOptions, 'maxAttempts' | 'maxSockets'> {
  return {
    profile: c.profile,
    region: c.region,
    endpoint: c.endpoint,
    credentials: c.credentials,
    connectTimeoutMs: c.connectTimeoutMs,
    requestTimeoutMs: c.requestTimeoutMs,
  };
}

export type DoctorLibraryOptions = AwsConnection & Omit<DoctorOptions, 'region'>;

/** Where the organization stands on centralized root access. Read-only. `report.ready` is the verdict. */
export async function doctor(options: DoctorLibraryOptions = {}): Promise<DoctorReport> {
  const ctx = createAwsContext(connection(options));
  try {
    return await appDoctor(ctx, { ...options, region: ctx.region });
  } finally {
    ctx.destroy();
  }
}

export interface SetupLibraryOptions extends AwsConnection, SetupInput, Omit<SetupUseCaseOptions, 'region'> {}

/**
 * Plans (and with `apply: true` applies, after `confirm` if given) centralized root access, then reads
 * the state back with doctor (`doctor`, `stillNotReady`). Run it as the management account. With
 * `plan`, a saved setup plan (`rootctl setup --output json`) is validated and applied instead.
 */
export async function setup(options: SetupLibraryOptions = {}): Promise<SetupOutcome> {
  // Checked before the clients are built (and ignored with a saved plan, as the plan says it all).
  const request: SetupRequest =
    options.plan === undefined ? setupRequest(options) : { mode: options.mode ?? 'setup' };
  const ctx = createAwsContext(connection(options));
  try {
    return await setupOrganization(ctx, request, options);
  } finally {
    ctx.destroy();
  }
}

export type AuditLibraryOptions = AwsConnection & Omit<AuditRecordOptions, 'region' | 'rootctlVersion'>;

/**
 * Audits the root credentials of every member account (or a scope). Read-only in AWS. With `db`, as
 * `rootctl audit` does: overdue exceptions flagged, the report saved to the history (`historyId`) and,
 * with `diff: true`, compared with the previous audit (`diff`). The result is what
 * `rootctl audit --output json` prints.
 */
export async function audit(options: AuditLibraryOptions = {}): Promise<RecordedAudit> {
  const { profile: _p, region: _r, endpoint: _e, credentials: _c, ...auditOptions } = options;
  const contexts = createAuditContexts({
    ...connection(options),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
  try {
    return await auditAndRecord(contexts, auditOptions);
  } finally {
    contexts.destroy();
  }
}

/** Which accounts a plan covers: some accounts, an OU (and the OUs below it), or the whole organization. */
export type RemediationTarget = { accounts: string[] } | { ou: string } | { all: true };

export interface PlanLibraryOptions extends AwsConnection {
  target: RemediationTarget;
  /** Credential kinds to delete; default all four. */
  only?: CredentialKind[] | undefined;
  /** Access keys used within this many days are left out unless includeRecentlyUsed; default 30. */
  recentlyUsedDays?: number | undefined;
  includeRecentlyUsed?: boolean | undefined;
  concurrency?: number | undefined;
  /** Progress of the fresh audit the plan is made from. */
  onEvent?: ((event: AuditEvent) => void) | undefined;
  /** Stops planning: the audit stops, no plan is returned (RootctlError Interrupted). */
  signal?: AbortSignal | undefined;
  /**
   * The SQLite database whose open root-task exceptions hold their accounts out of the plan, as
   * `rootctl remediate` does; default ROOTCTL_DB or ~/.rootctl/rootctl.db. Read only, and only if it
   * exists.
   */
  db?: string | undefined;
}

/** Open exceptions from an existing database, read-only; none when there is no database. */
async function openExceptionsIn(path: string | undefined): Promise<OpenExceptionInfo[]> {
  const [{ openDb, defaultDbPath }, { openExceptionInfos }] = await Promise.all([
    import('../store/db.js'),
    import('../store/exceptions.js'),
  ]);
  // No database yet at the default location: nothing recorded, so no exception. A location the caller
  // named (or ROOTCTL_DB) that does not exist is refused (NoDatabase): a typo must not plan as "none".
  const file = path ?? defaultDbPath();
  if (path === undefined && !process.env.ROOTCTL_DB && !existsSync(file)) return [];
  const db = await openDb(file, { readonly: true });
  try {
    return await openExceptionInfos(db);
  } finally {
    await db.close();
  }
}

function scopeOf(target: RemediationTarget): RemediationScope {
  if ('accounts' in target) return { kind: 'accounts', accountIds: target.accounts.map(parseAccountId) };
  if ('ou' in target) return { kind: 'ou', ouId: parseOuId(target.ou) };
  if (target.all === true) return { kind: 'all' };
  throw new RootctlError(
    'InvalidInput',
    'target must be { accounts: [...] }, { ou: "ou-..." } or { all: true }.',
  );
}

/** Audits the target afresh and returns the plan of deletions (and that audit). Changes nothing. */
export async function planRemediation(
  options: PlanLibraryOptions,
): Promise<{ plan: Plan; report: AuditReport }> {
  const scope = scopeOf(options.target);
  const openExceptions = await openExceptionsIn(options.db);
  const contexts = createAuditContexts({
    ...connection(options),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
  try {
    return await corePlanRemediation(auditPorts(contexts), {
      scope,
      options: planOptions({
        only: options.only,
        recentlyUsedDays: options.recentlyUsedDays,
        includeRecentlyUsed: options.includeRecentlyUsed,
      }),
      concurrency: options.concurrency,
      region: contexts.sessions.region,
      onAuditEvent: options.onEvent,
      openExceptions,
      signal: options.signal,
    });
  } finally {
    contexts.destroy();
  }
}

export interface ApplyLibraryOptions extends AwsConnection {
  /** The SQLite database for the journal; default ROOTCTL_DB or ~/.rootctl/rootctl.db. */
  db?: string | undefined;
  concurrency?: number | undefined;
  /**
   * Continue this interrupted run instead of starting a new one. Only the journal's latest run can be
   * resumed, and only with the plan the journal holds for it: anything else is refused (PlanStale).
   */
  resumeRunId?: string | undefined;
  /** Stops after the steps in flight; the run is left resumable. */
  signal?: AbortSignal | undefined;
  onEvent?: ((event: ApplyEvent) => void) | undefined;
  /**
   * The audit the plan was made from (planRemediation's `report`): saved to the history with the run
   * as its "before", next to the verification audit (`rootctl evidence --run`).
   */
  planAudit?: AuditReport | undefined;
  /**
   * How old the plan (or, on a resume, the journal's plan) may be; older is refused with PlanStale
   * before anything changes. Default 24 hours.
   */
  maxPlanAgeMs?: number | undefined;
}

/** Runs the remediation use case (src/app/remediate.ts) with its database, lock and AWS clients. */
async function withRemediation(
  options: ApplyLibraryOptions,
  request: RemediationRequest,
): Promise<ApplyResult> {
  // Loaded here, not at the top: only remediation needs the database.
  const [{ openDb, defaultDbPath }, { remediationDeps, applyPlanWith }] = await Promise.all([
    import('../store/db.js'),
    import('./remediate.js'),
  ]);
  const dbPath = options.db ?? defaultDbPath();
  // Built first: a bad region or endpoint then fails before anything is opened.
  const contexts = createAuditContexts({
    ...connection(options),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
  let db: Awaited<ReturnType<typeof openDb>> | undefined;
  try {
    db = await openDb(dbPath);
    const deps = remediationDeps(contexts, db, {
      concurrency: options.concurrency,
      region: contexts.sessions.region,
    });
    const outcome = await applyPlanWith(deps, request, {
      dbPath,
      concurrency: options.concurrency,
      signal: options.signal,
      onEvent: options.onEvent,
      maxPlanAgeMs: options.maxPlanAgeMs,
    });
    if (!outcome.applied) throw new RootctlError('InternalError', 'The remediation use case did not apply.');
    return outcome.result;
  } finally {
    await db?.close();
    contexts.destroy();
  }
}

/**
 * Deletes exactly what the plan lists, journaling each call before and after, then audits the touched
 * accounts again to verify. Check `result.status` and `result.totals.failed`. With `resumeRunId` the
 * plan must be the one journaled for that run, and the run the journal's latest (PlanStale otherwise).
 */
export async function applyPlan(plan: Plan, options: ApplyLibraryOptions = {}): Promise<ApplyResult> {
  const request: RemediationRequest =
    options.resumeRunId === undefined
      ? { plan, planAudit: options.planAudit }
      : { resume: { runId: options.resumeRunId, plan } };
  return withRemediation(options, request);
}

/**
 * Continues the journal's latest unfinished run (interrupted, killed, or failed with steps left) with
 * the plan the journal holds for it; no step done before is repeated. NothingToResume when there is none.
 */
export async function resumeRemediation(
  options: Omit<ApplyLibraryOptions, 'resumeRunId'> = {},
): Promise<ApplyResult> {
  return withRemediation(options, { resume: {} });
}
