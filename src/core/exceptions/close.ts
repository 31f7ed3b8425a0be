/**
 * Closing an exception: delete the account's root credentials again exactly as `remediate` does
 * (fresh audit -> plan -> journaled deletions -> verifying audit), then mark its open exceptions
 * closed. If anything is left, the exceptions stay open and the result says why.
 */
import type { AuditPorts } from '../audit/types.js';
import { RootctlError } from '../errors.js';
import { executeDeletions, type ApplyDeps } from '../execute/apply.js';
import type { ApplyEvent, ApplyResult, JournalPort } from '../execute/types.js';
import type { AccountId } from '../model/account-id.js';
import { auditAccounts, planRemediation } from '../plan/index.js';
import { planOptions } from '../plan/options.js';
import type { Plan } from '../plan/types.js';
import type { ExceptionStorePort } from './ports.js';
import type { ExceptionRecord, ExceptionTask } from './rules.js';

export interface ExceptionClosePorts extends AuditPorts {
  journal: JournalPort;
  store: ExceptionStorePort;
}

export interface ClosePlan {
  accountId: AccountId;
  open: ExceptionRecord[];
  /** Every root credential of the account, recently used keys included: an exception leaves nothing behind. */
  plan: Plan;
}

export async function planExceptionClose(
  ports: ExceptionClosePorts,
  accountId: AccountId,
  options: {
    task?: ExceptionTask | undefined;
    /** Close only these exceptions (exception enforce: the overdue ones). */
    ids?: readonly number[] | undefined;
    region?: string | undefined;
    now?: (() => Date) | undefined;
  } = {},
): Promise<ClosePlan> {
  const open = (await ports.store.openFor(accountId)).filter(
    (e) =>
      (options.task === undefined || e.task === options.task) &&
      (options.ids === undefined || options.ids.includes(e.id)),
  );
  if (!open.length)
    throw new RootctlError(
      'NoOpenException',
      `No open${options.task ? ` ${options.task}` : ''} exception for account ${accountId}.`,
    );
  const { plan } = await planRemediation(ports, {
    scope: { kind: 'accounts', accountIds: [accountId] },
    options: planOptions({ includeRecentlyUsed: true }),
    region: options.region,
    now: options.now,
  });
  return { accountId, open, plan };
}

export interface CloseResult {
  result: ApplyResult;
  /** Exceptions marked closed (none when the account could not be cleaned and verified). */
  closed: ExceptionRecord[];
}

export interface CloseOptions {
  callerArn: string;
  signal?: AbortSignal | undefined;
  onEvent?: ((e: ApplyEvent) => void) | undefined;
  now?: (() => Date) | undefined;
  region?: string | undefined;
  /** Names the SCP when a root session is denied. */
  blockerOf?: ((accountId: AccountId) => Promise<string | undefined>) | undefined;
  /** Why it is closed, recorded on each exception (exception enforce: expired). */
  note?: string | undefined;
  /**
   * The verifying audit, when the caller records it (app/evidence-record.ts runRecorder journals a
   * Verify step per account and saves the audit, as for a remediation); default: a plain audit.
   */
  verify?: ApplyDeps['verify'];
}

/** Closing an unlock never restores the removed policy: rootctl cannot know the corrected one. */
export function policyNotRestoredNote(
  e: Pick<ExceptionRecord, 'task' | 'target' | 'id'>,
): string | undefined {
  if (e.task === 'password-recovery') return undefined;
  return `the resource policy of ${e.target} was NOT restored (the one removed is saved in exception ${e.id})`;
}

export async function closeExceptions(
  ports: ExceptionClosePorts,
  c: ClosePlan,
  options: CloseOptions,
): Promise<CloseResult> {
  const now = options.now ?? (() => new Date());
  const result = await executeDeletions(
    c.plan,
    {
      opener: ports.rootSessions,
      journal: ports.journal,
      verify: options.verify ?? auditAccounts(ports, { region: options.region }),
      now,
      classify: ports.classify,
      requestTimeoutMs: ports.requestTimeoutMs,
      blockerOf: options.blockerOf,
    },
    {
      callerArn: options.callerArn,
      kind: 'exception-close',
      runOptions: { exceptions: c.open.map((e) => e.id), accountId: c.accountId },
      signal: options.signal,
      onEvent: options.onEvent,
    },
  );
  const clean =
    result.status === 'completed' &&
    c.plan.untouched.length === 0 &&
    c.plan.accounts.every((a) => !a.heldBack.length);
  if (!clean) return { result, closed: [] };
  // One close per exception: each records its own note (an unlock's policy was not restored).
  for (const e of c.open) {
    const note = [options.note, policyNotRestoredNote(e)].filter(Boolean).join('; ');
    await ports.store.close([e.id], {
      closedAt: now().toISOString(),
      closedBy: options.callerArn,
      runId: result.runId,
      ...(note ? { note } : {}),
    });
  }
  return { result, closed: c.open };
}
