/**
 * Sends an audit's findings to Security Hub: failing and unknown checks as ACTIVE findings, and, for a
 * finding Security Hub still holds ACTIVE whose check now passes, the same Id as PASSED / ARCHIVED
 * (so the finding closes instead of a new one opening). Checks that passed and were never imported
 * are not sent: an organization of 10,000 clean accounts costs no findings. Batches of 100 (the
 * BatchImportFindings limit), each retried on throttling and 5xx with the project's budgeted backoff.
 */
import type { AuditReport } from '../audit/model.js';
import { defaultAccountDeadlineMs } from '../audit/pipeline.js';
import {
  RetryBudget,
  RetryFailure,
  withRetry,
  type FailureKind,
  type RetryPolicy,
} from '../concurrency/retry.js';
import type { FindingImportError, SecurityHubPort } from '../ports.js';
import { asffFindings, type AsffFinding } from '../findings/asff.js';

/** BatchImportFindings accepts at most 100 findings per request (API reference, Findings: 1-100 items). */
export const IMPORT_BATCH_SIZE = 100;
export const GENERATOR_PREFIX = 'rootctl/';

export interface SecurityHubSyncOptions {
  classify: (e: unknown) => FailureKind;
  retryPolicy?: RetryPolicy | undefined;
  /**
   * How long one call (a listing, a batch) is retried: no retry that would end past this long after
   * it began (default 30 s, or two `requestTimeoutMs` when longer, as the audit's account deadline).
   */
  deadlineMs?: number | undefined;
  /** The adapters' request timeout, from which the default deadline is derived. */
  requestTimeoutMs?: number | undefined;
  /** The retries' clock and waits (tests: virtual ones). */
  now?: (() => number) | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
  onEvent?: ((event: SecurityHubSyncEvent) => void) | undefined;
}

export type SecurityHubSyncEvent =
  | { kind: 'batch-imported'; batch: number; batches: number; findings: number; failed: number }
  | { kind: 'batch-retried'; batch: number };

export interface SecurityHubSyncResult {
  productArn: string;
  /** Findings sent as ACTIVE (failing or unknown checks). */
  active: number;
  /** Findings that were ACTIVE in Security Hub and were sent back as PASSED / ARCHIVED. */
  resolved: number;
  batches: number;
  failed: FindingImportError[];
}

/** Which findings to send: every non-passing one, and the passing ones Security Hub holds as ACTIVE. */
export function findingsToSend(all: readonly AsffFinding[], activeIds: ReadonlySet<string>): AsffFinding[] {
  return all.filter((f) => f.Compliance.Status !== 'PASSED' || activeIds.has(f.Id));
}

/**
 * Each call retried within its deadline; one stopped by the deadline fails naming the operation (the
 * adapter's message names the endpoint).
 */
function retrying(options: SecurityHubSyncOptions) {
  const budget = new RetryBudget(100);
  const now = options.now ?? (() => performance.now());
  const deadlineMs = options.deadlineMs ?? defaultAccountDeadlineMs(options.requestTimeoutMs);
  return async <T>(operation: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await withRetry(fn, {
        classify: options.classify,
        budget,
        now,
        deadline: now() + deadlineMs,
        ...(options.retryPolicy ? { policy: options.retryPolicy } : {}),
        ...(options.sleep ? { sleep: options.sleep } : {}),
      });
    } catch (e) {
      if (!(e instanceof RetryFailure) || e.reason !== 'deadline') throw e;
      const last = e.lastError instanceof Error ? e.lastError.message : String(e.lastError);
      const stopped = `${last} (${operation}, ${e.attempts} attempt${e.attempts === 1 ? '' : 's'}; stopped at the deadline)`;
      throw new RetryFailure(new Error(stopped, { cause: e.lastError }), e.kind, e.attempts, e.reason);
    }
  };
}

export async function syncSecurityHub(
  port: SecurityHubPort,
  report: AuditReport,
  options: SecurityHubSyncOptions,
): Promise<SecurityHubSyncResult> {
  const all = asffFindings(report);
  const productArn = all[0]?.ProductArn;
  if (productArn === undefined) return { productArn: '', active: 0, resolved: 0, batches: 0, failed: [] };
  const retry = retrying(options);
  const active = new Set(
    await retry('securityhub:GetFindings', () => port.activeFindingIds(productArn, GENERATOR_PREFIX)),
  );
  const send = findingsToSend(all, active);
  const batches = Math.ceil(send.length / IMPORT_BATCH_SIZE);
  const failed: FindingImportError[] = [];
  for (let b = 0; b < batches; b++) {
    const batch = send.slice(b * IMPORT_BATCH_SIZE, (b + 1) * IMPORT_BATCH_SIZE);
    let tries = 0;
    const refused = await retry('securityhub:BatchImportFindings', () => {
      if (tries++ > 0) options.onEvent?.({ kind: 'batch-retried', batch: b + 1 });
      return port.importFindings(batch);
    });
    failed.push(...refused);
    options.onEvent?.({
      kind: 'batch-imported',
      batch: b + 1,
      batches,
      findings: batch.length,
      failed: refused.length,
    });
  }
  const resolved = send.filter((f) => f.Compliance.Status === 'PASSED').length;
  return { productArn, active: send.length - resolved, resolved, batches, failed };
}
