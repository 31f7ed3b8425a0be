/**
 * The history use cases, for `rootctl history` and the library alike: list the saved audits, read
 * one back, and diff two of them. Read-only: the database must already exist (a typo in its path must
 * not create an empty one). `auditAndRecord` diffs a fresh audit through `diffWithBaseline` too, so
 * both front doors choose the baseline the same way.
 */
import { diffAudits, normalizeScope, type AuditDiff } from '../core/audit/diff.js';
import type { AuditReport } from '../core/audit/model.js';
import { RootctlError } from '../core/errors.js';
import type { HistoryList, HistoryStore } from '../store/history.js';

export interface HistoryOptions {
  /** The history database (a SQLite file path or a postgres:// URL); default: rootctl's default file. */
  db?: string | undefined;
}

export interface HistoryListOptions extends HistoryOptions {
  /** Only audits of this organization (o-...). */
  organizationId?: string | undefined;
  /** How many audits, newest first (default 20). */
  limit?: number | undefined;
}

export interface HistoryDiffOptions extends HistoryOptions {
  /** Only audits of this organization, when `toId` is not given (the latest audit of it is the newer side). */
  organizationId?: string | undefined;
  /** The older audit; default: the latest earlier audit of the same scope, else of any scope. */
  fromId?: number | undefined;
  /** The newer audit; default: the latest. */
  toId?: number | undefined;
}

async function withHistory<T>(
  options: HistoryOptions,
  use: (history: HistoryStore) => Promise<T>,
): Promise<T> {
  const [{ withExistingDb }, { HistoryStore }] = await Promise.all([
    import('../store/db.js'),
    import('../store/history.js'),
  ]);
  return withExistingDb(options.db, (db) => use(new HistoryStore(db)));
}

async function load(history: HistoryStore, id: number): Promise<AuditReport> {
  const report = await history.get(id);
  if (!report)
    throw new RootctlError(
      'InvalidInput',
      `There is no audit ${id} in the history (see \`rootctl history\`).`,
    );
  return report;
}

/** The saved audits, newest first (what `rootctl history --output json` prints). */
export async function listAudits(options: HistoryListOptions = {}): Promise<HistoryList> {
  const limit = options.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1)
    throw new RootctlError('InvalidInput', `--limit '${limit}' must be a whole number of at least 1.`);
  const { historyList } = await import('../store/history.js');
  return withHistory(options, async (history) =>
    historyList(
      await history.list({
        limit,
        ...(options.organizationId === undefined ? {} : { organizationId: options.organizationId }),
      }),
    ),
  );
}

/** One saved audit report, as `rootctl audit` made it. */
export async function showAudit(id: number, options: HistoryOptions = {}): Promise<AuditReport> {
  return withHistory(options, (history) => load(history, id));
}

/**
 * `after` (saved as `toId`, or unsaved) against its baseline: the given `from` audit, else the latest
 * earlier audit of the same scope, else of any scope (then only the accounts both cover are compared).
 * Undefined when there is nothing earlier.
 */
export async function diffWithBaseline(
  history: HistoryStore,
  after: AuditReport,
  toId: number | undefined,
  from?: { id: number; report: AuditReport },
): Promise<AuditDiff | undefined> {
  const base = from ?? (await history.baseline(after, toId));
  if (!base) return undefined;
  return diffAudits(base.report, after, {
    fromId: base.id,
    toId,
    commonAccountsOnly: normalizeScope(base.report.metadata.scope) !== normalizeScope(after.metadata.scope),
  });
}

/** What changed between two saved audits (by default the latest and the one before it). */
export async function diffHistory(options: HistoryDiffOptions = {}): Promise<AuditDiff> {
  const { fromId, toId } = options;
  if (fromId !== undefined && toId !== undefined && fromId >= toId)
    throw new RootctlError(
      'UsageError',
      `--from ${fromId} is not older than --to ${toId}: --from takes the older audit${fromId > toId ? ` (did you mean --from ${toId} --to ${fromId}?)` : ''}.`,
    );
  return withHistory(options, async (history) => {
    const newest = toId ?? (await history.latestId(options.organizationId));
    if (newest === undefined)
      throw new RootctlError(
        'InvalidInput',
        'There are no audits in the history to compare: run `rootctl audit` twice.',
      );
    const after = await load(history, newest);
    const from = fromId === undefined ? undefined : { id: fromId, report: await load(history, fromId) };
    const diff = await diffWithBaseline(history, after, newest, from);
    if (!diff)
      throw new RootctlError(
        'InvalidInput',
        `Audit ${newest} is the first of ${after.organizationId} in the history: there is nothing to compare it with.`,
      );
    return diff;
  });
}
