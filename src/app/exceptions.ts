/**
 * The root-task exception use cases behind `rootctl exception open | close | list` (enforce:
 * ./enforce.ts). Each opens its own store and AWS clients, checks the input before anything else, says
 * what it will do (onPreview / onPlan), asks (confirm), does it through the pure core
 * (core/exceptions: previewException / openException, planExceptionClose / closeExceptions), and closes
 * what it opened. No console output; the CLI renders the results.
 */
import { managementCallerWarning } from '../core/caller-warning.js';
import { RootctlError } from '../core/errors.js';
import {
  closeExceptions,
  planExceptionClose,
  type ClosePlan,
  type CloseResult,
} from '../core/exceptions/close.js';
import {
  openException,
  previewException,
  type ExceptionPreview,
  type OpenedException,
} from '../core/exceptions/open.js';
import { DEFAULT_TTL_MS, parseExceptionTask, type ExceptionRecord } from '../core/exceptions/rules.js';
import type { ApplyEvent } from '../core/execute/types.js';
import { parseAccountId, type AccountId } from '../core/model/account-id.js';
import type { TaskPolicyName } from '../core/model/task-policies.js';
import { openDb, type Db } from '../store/db.js';
import { ExceptionStore } from '../store/exceptions.js';
import { Journal } from '../store/journal.js';
import { auditPorts, createAuditContexts, type AuditContexts } from './audit.js';
import { closeRecorder } from './evidence-record.js';
import { connection, type AwsConnection } from './library.js';
import { scpBlockerLookup } from './remediate.js';
import { storeLocation } from './remediate-store.js';

export interface ExceptionLibraryOptions extends AwsConnection {
  /** The store (SQLite file or postgres:// URL); default ROOTCTL_DB or ~/.rootctl/rootctl.db. */
  db?: string | undefined;
  /** Said before anything is asked: the caller is the management account while a delegated admin exists. */
  onWarning?: ((warning: string) => void) | undefined;
}

export interface OpenExceptionLibraryOptions extends ExceptionLibraryOptions {
  /** The member account (12 digits). */
  account: string;
  /** password-recovery, unlock-s3-bucket-policy or unlock-sqs-queue-policy (old spellings accepted). */
  task: string;
  /** Why: a ticket id or a sentence an auditor can read. */
  reason: string;
  /** How long it may stay open; default 4 hours, at most 7 days. */
  ttlMs?: number | undefined;
  bucket?: string | undefined;
  queueUrl?: string | undefined;
  /** Shown what will be done (the policy to be removed, for an unlock) before anything is asked or changed. */
  onPreview?: ((preview: ExceptionPreview) => void) | undefined;
  /** Asked before anything changes; false leaves everything as it is. Default: yes. */
  confirm?: ((preview: ExceptionPreview) => Promise<boolean> | boolean) | undefined;
}

/** The store and the audit's AWS contexts, closed by `done` (the store too if the contexts fail). */
async function openResources(options: ExceptionLibraryOptions, concurrency: number) {
  const db = await openDb(storeLocation(options.db));
  let ctx: AuditContexts;
  try {
    ctx = createAuditContexts({ ...connection(options), concurrency });
  } catch (e) {
    await db.close();
    throw e;
  }
  const done = async () => {
    ctx.destroy();
    await db.close();
  };
  return { db, ctx, ports: auditPorts(ctx), done };
}

function exceptionPorts(ctx: AuditContexts, db: Db) {
  const ports = auditPorts(ctx);
  return {
    organizations: ports.organizations,
    identity: ports.identity,
    opener: ports.rootSessions,
    journal: new Journal(db),
    store: new ExceptionStore(db),
    classify: ports.classify,
    requestTimeoutMs: ports.requestTimeoutMs,
    blockerOf: (id: AccountId, task: TaskPolicyName) => scpBlockerLookup(ports.organizations, task)(id),
  };
}

/** Runs one root-only task as a time-boxed exception; `opened` is undefined when it was declined. */
export async function openRootTaskException(
  options: OpenExceptionLibraryOptions,
): Promise<{ preview: ExceptionPreview; opened: OpenedException | undefined }> {
  const request = {
    accountId: parseAccountId(options.account),
    task: parseExceptionTask(options.task),
    reason: options.reason,
    ttlMs: options.ttlMs ?? DEFAULT_TTL_MS,
    bucket: options.bucket,
    queueUrl: options.queueUrl,
  };
  const { db, ctx, ports, done } = await openResources(options, 1);
  try {
    const xports = exceptionPorts(ctx, db);
    // Input is checked (in the preview) before any call the warning makes.
    const preview = await previewException(xports, { ...request, region: ctx.sessions.region });
    const warning = await managementCallerWarning(ports);
    if (warning) options.onWarning?.(warning);
    options.onPreview?.(preview);
    if (options.confirm && !(await options.confirm(preview))) return { preview, opened: undefined };
    return { preview, opened: await openException(xports, preview) };
  } finally {
    await done();
  }
}

export interface CloseExceptionLibraryOptions extends ExceptionLibraryOptions {
  account: string;
  /** Close only the exceptions of this task. */
  task?: string | undefined;
  /** Shown the exceptions and the deletions before anything is asked or changed. */
  onPlan?: ((plan: ClosePlan) => void) | undefined;
  confirm?: ((plan: ClosePlan) => Promise<boolean> | boolean) | undefined;
  /** Stops after the steps in flight; the exception stays open (`result.result.status` 'interrupted'). */
  signal?: AbortSignal | undefined;
  onEvent?: ((event: ApplyEvent) => void) | undefined;
}

/**
 * Deletes the account's root credentials again (as remediate does), verifies, and closes its open
 * exceptions; `result` is undefined when it was declined. NoOpenException when there is none.
 */
export async function closeRootTaskExceptions(
  options: CloseExceptionLibraryOptions,
): Promise<{ plan: ClosePlan; result: CloseResult | undefined }> {
  const accountId = parseAccountId(options.account);
  const task = options.task === undefined ? undefined : parseExceptionTask(options.task);
  const { db, ctx, ports: audit, done } = await openResources(options, 4);
  try {
    const ports = { ...audit, journal: new Journal(db), store: new ExceptionStore(db) };
    const warning = await managementCallerWarning(ports);
    if (warning) options.onWarning?.(warning);
    const plan = await planExceptionClose(ports, accountId, { task, region: ctx.sessions.region });
    options.onPlan?.(plan);
    if (options.confirm && !(await options.confirm(plan))) return { plan, result: undefined };
    if (options.signal?.aborted)
      throw new RootctlError('Interrupted', 'Interrupted before anything was changed.', {
        hint: 'Run the command again when ready.',
      });
    const callerArn = (await ports.identity.whoAmI()).arn;
    // The verification is journaled and its audit saved to the history, as remediate's (evidence).
    const recorder = closeRecorder(db, ports, plan.plan, ctx.sessions.region, options.onEvent);
    const result = await closeExceptions(ports, plan, {
      callerArn,
      signal: options.signal,
      onEvent: recorder.onEvent,
      verify: recorder.verify,
      region: ctx.sessions.region,
      blockerOf: scpBlockerLookup(ports.organizations),
    });
    return { plan, result };
  } finally {
    await done();
  }
}

/** The recorded exceptions: open and overdue ones, closed ones too with `all`. Reads the store only. */
export async function listExceptions(
  options: { db?: string | undefined; all?: boolean | undefined } = {},
): Promise<ExceptionRecord[]> {
  const db = await openDb(storeLocation(options.db));
  try {
    return await new ExceptionStore(db).list({ includeClosed: options.all === true });
  } finally {
    await db.close();
  }
}
