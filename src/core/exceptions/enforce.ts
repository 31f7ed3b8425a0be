/**
 * Exceptions that expire on their own: every overdue exception is closed as `exception close` would
 * close it - the account's root credentials deleted again through the delete task (so a recovery login
 * profile is gone), journaled and verified - and marked closed with the reason. An unlock's removed
 * resource policy is never restored (rootctl cannot know the corrected one): the record and the result
 * say so. Accounts are handled one after another; one that fails leaves its exceptions open (overdue)
 * and the others are still enforced.
 */
import { errorParts } from '../execute/account-runner.js';
import type { ApplyEvent, ApplyResult } from '../execute/types.js';
import type { AccountId } from '../model/account-id.js';
import type { Plan } from '../plan/types.js';
import {
  closeExceptions,
  planExceptionClose,
  policyNotRestoredNote,
  type CloseOptions,
  type ExceptionClosePorts,
} from './close.js';
import { exceptionState, type ExceptionRecord } from './rules.js';

/** Version of the `rootctl exception enforce --output json` document. */
export const ENFORCE_SCHEMA_VERSION = 1;

export interface EnforcedAccount {
  accountId: AccountId;
  /** The overdue exceptions of the account. */
  exceptions: ExceptionRecord[];
  /** True when they were all closed (credentials deleted again and verified). */
  closed: boolean;
  /** The journal run of the clean-up (`rootctl journal <runId>`); absent when it could not start. */
  runId?: string | undefined;
  /** Root credentials deleted in the account (the recovery login profile among them). */
  deleted: number;
  /** Unlock exceptions closed without their resource policy restored, with what to do. */
  policiesNotRestored: { exceptionId: number; target: string; note: string }[];
  /** Why the account's exceptions stay open. */
  error?: { code: string; message: string } | undefined;
}

/** `rootctl exception enforce --output json`, and the library's enforceExceptions result. */
export interface EnforceResult {
  schemaVersion: typeof ENFORCE_SCHEMA_VERSION;
  kind: 'rootctl.exception-enforce';
  /** The time overdue was judged at. */
  checkedAt: string;
  /** False for a dry run: what would be closed, nothing changed. */
  applied: boolean;
  accounts: EnforcedAccount[];
  totals: { overdue: number; closed: number; left: number; policiesNotRestored: number };
}

export interface EnforceOptions {
  callerArn: string;
  /** List what is overdue and change nothing. */
  dryRun?: boolean | undefined;
  now?: (() => Date) | undefined;
  region?: string | undefined;
  signal?: AbortSignal | undefined;
  onEvent?: ((e: ApplyEvent) => void) | undefined;
  blockerOf?: ((accountId: AccountId) => Promise<string | undefined>) | undefined;
  /** Records each close's verification (journal + history), as `exception close` does; see CloseOptions.verify. */
  recorder?: ((plan: Plan) => Pick<CloseOptions, 'onEvent' | 'verify'>) | undefined;
}

/** Overdue exceptions, by account, in the order they expired. */
export function overdueByAccountList(
  records: readonly ExceptionRecord[],
  now: Date,
): Map<AccountId, ExceptionRecord[]> {
  const byAccount = new Map<AccountId, ExceptionRecord[]>();
  const overdue = records
    .filter((e) => exceptionState(e, now) === 'overdue')
    .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt) || a.id - b.id);
  for (const e of overdue) byAccount.set(e.accountId, [...(byAccount.get(e.accountId) ?? []), e]);
  return byAccount;
}

export async function enforceExceptions(
  ports: ExceptionClosePorts,
  options: EnforceOptions,
): Promise<EnforceResult> {
  const now = options.now ?? (() => new Date());
  const checkedAt = now();
  const byAccount = overdueByAccountList(await ports.store.list(), checkedAt);
  const accounts: EnforcedAccount[] = [];
  for (const [accountId, exceptions] of byAccount) {
    if (options.signal?.aborted) break;
    const notRestored = exceptions.flatMap((e) => {
      const note = policyNotRestoredNote(e);
      return note === undefined ? [] : [{ exceptionId: e.id, target: e.target, note }];
    });
    const entry: EnforcedAccount = {
      accountId,
      exceptions,
      closed: false,
      deleted: 0,
      policiesNotRestored: [],
    };
    accounts.push(entry);
    if (options.dryRun) {
      entry.policiesNotRestored = notRestored;
      continue;
    }
    try {
      const plan = await planExceptionClose(ports, accountId, {
        ids: exceptions.map((e) => e.id),
        region: options.region,
        now,
      });
      const recorded = options.recorder?.(plan.plan);
      const r = await closeExceptions(ports, plan, {
        callerArn: options.callerArn,
        signal: options.signal,
        onEvent: recorded ? recorded.onEvent : options.onEvent,
        verify: recorded?.verify,
        now,
        region: options.region,
        blockerOf: options.blockerOf,
        note: `expired ${exceptions[0]!.expiresAt}: closed by exception enforce`,
      });
      entry.runId = r.result.runId;
      entry.deleted = r.result.totals.deleted;
      entry.closed = r.closed.length === exceptions.length;
      if (entry.closed) entry.policiesNotRestored = notRestored;
      else entry.error = leftOpen(r.result);
    } catch (e) {
      entry.error = errorParts(e);
    }
  }
  const closed = accounts.filter((a) => a.closed).reduce((n, a) => n + a.exceptions.length, 0);
  const overdue = accounts.reduce((n, a) => n + a.exceptions.length, 0);
  return {
    schemaVersion: ENFORCE_SCHEMA_VERSION,
    kind: 'rootctl.exception-enforce',
    checkedAt: checkedAt.toISOString(),
    applied: options.dryRun !== true,
    accounts,
    totals: {
      overdue,
      closed,
      left: overdue - closed,
      policiesNotRestored: accounts.reduce((n, a) => n + a.policiesNotRestored.length, 0),
    },
  };
}

function leftOpen(r: ApplyResult): { code: string; message: string } {
  if (r.status === 'interrupted') return { code: 'Interrupted', message: `run ${r.runId} was interrupted` };
  const failed = r.accounts.find((a) => a.errorCode || a.diagnosis);
  return {
    code: failed?.errorCode ?? 'NotVerified',
    message:
      failed?.diagnosis ?? `the account could not be cleaned and verified (rootctl journal ${r.runId})`,
  };
}
