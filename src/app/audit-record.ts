/**
 * The audit-and-record use case, for `rootctl audit` and the library's `audit()` alike: audits the
 * organization (or a scope), flags accounts whose root-task exception is overdue, saves the report to
 * the history database and, when asked, diffs it against the previous audit. The database is opened
 * before the audit (a bad path fails at once, not after minutes of auditing); without one the audit
 * runs where no SQLite driver is available (a Lambda bundle).
 */
import { existsSync } from 'node:fs';
import type { AuditReport } from '../core/audit/model.js';
import type { AuditOptions, AuditPorts } from '../core/audit/types.js';
import type { AwsContext } from '../aws/clients.js';
import type { Db } from '../store/db.js';
import { auditOrganization, type AuditContexts } from './audit.js';
import { diffWithBaseline } from './history.js';

export interface AuditRecordOptions extends AuditOptions {
  /**
   * The history database (a SQLite file path, ':memory:', or a postgres:// URL). Without one nothing is read or written. With
   * one, overdue exceptions are flagged from it; it is created only when saving or diffing.
   */
  db?: string | undefined;
  /** Save the report to the history (default true when `db` is given). */
  save?: boolean | undefined;
  /** Compare with the previous audit of the same scope (else of any scope, on the common accounts). */
  diff?: boolean | undefined;
  /** Things that did not stop the audit (an unreadable database for overdue exceptions, ...). */
  onWarning?: ((text: string) => void) | undefined;
}

/**
 * The audit report, as `rootctl audit --output json` prints it: with `historyId` when it was saved
 * and `diff` (null: nothing earlier to compare with) when a diff was asked for.
 */
export type RecordedAudit = AuditReport;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The database the options name: for writing (created), read-only (must exist), or none. */
async function openFor(options: AuditRecordOptions, writing: boolean): Promise<Db | undefined> {
  const path = options.db;
  if (path === undefined) return undefined;
  const [{ openDb, sqlitePath }, { isPostgresUrl }] = await Promise.all([
    import('../store/db.js'),
    import('../store/postgres.js'),
  ]);
  if (writing) return openDb(path);
  if (!isPostgresUrl(path) && (path === ':memory:' || !existsSync(sqlitePath(path)))) return undefined;
  try {
    return await openDb(path, { readonly: true });
  } catch (e) {
    options.onWarning?.(`overdue exceptions not checked: ${errorText(e)}`);
    return undefined;
  }
}

/** Audits and records; see AuditRecordOptions. */
export async function auditAndRecord(
  source: AwsContext | AuditContexts | AuditPorts,
  options: AuditRecordOptions = {},
): Promise<RecordedAudit> {
  const { db: _db, save: _s, diff: wantDiff, onWarning, ...auditOptions } = options;
  const save = options.db !== undefined && options.save !== false;
  const writing = save || wantDiff === true;
  const db = await openFor(options, writing);
  try {
    const report: RecordedAudit = await auditOrganization(source, auditOptions);
    if (!db) return report;
    const [{ flagOverdueExceptions }, { HistoryStore }] = await Promise.all([
      import('../store/exceptions.js'),
      import('../store/history.js'),
    ]);
    // Accounts with a root-task exception past its expiry are flagged (rootctl exception list).
    try {
      await flagOverdueExceptions(db, report.accounts);
    } catch (e) {
      if (writing) throw e;
      onWarning?.(`could not read exceptions from ${options.db}: ${errorText(e)}`);
    }
    // A partial report (an interrupted audit) is never recorded as a complete audit, nor diffed.
    if (!writing || report.partial) return report;
    const history = new HistoryStore(db);
    let savedId: number | undefined;
    if (save) {
      try {
        savedId = await history.save(report);
        report.historyId = savedId;
      } catch (e) {
        onWarning?.(errorText(e));
      }
    }
    if (wantDiff) {
      // The latest earlier audit of the same scope; else the latest of any scope, on the accounts both cover.
      report.diff = (await diffWithBaseline(history, report, savedId)) ?? null;
    }
    return report;
  } finally {
    await db?.close();
  }
}
