/**
 * Audit history in the store (SQLite or a shared PostgreSQL database): every audit's full report (JSON, the documented
 * schema) plus one row per account, so `rootctl history` can list, show and diff past audits, and
 * other tools can query account states with plain SQL.
 */
import { RootctlError } from '../core/errors.js';
import type { AuditReport } from '../core/audit/model.js';
import { chooseBaseline } from '../core/audit/diff.js';
import { hasRootCredentials } from '../core/audit/model.js';
import type { Db } from './db.js';
import type { SqlValue } from './sql.js';

export interface AuditSummaryRow {
  /** The audit's id in the history (`rootctl history --show ID`, `--diff --from/--to ID`). */
  id: number;
  organizationId: string;
  /** When the audit ran (ISO 8601 UTC). */
  generatedAt: string;
  /** What was audited: `organization`, `ou:...` or `accounts:...`. */
  scope: string;
  /** `summary` or `full`. */
  detail: string;
  /** Who ran it. */
  callerArn: string;
  region: string;
  durationMs: number;
  /** Accounts in the audit, and how many of them were compliant, non-compliant, errors, skipped. */
  total: number;
  compliant: number;
  nonCompliant: number;
  error: number;
  skipped: number;
}

/** Version of the `rootctl history --output json` document. */
export const HISTORY_LIST_SCHEMA_VERSION = 1;

/** `rootctl history --output json`. Until it had a schemaVersion it was a bare array of the rows now in `audits`. */
export interface HistoryList {
  schemaVersion: typeof HISTORY_LIST_SCHEMA_VERSION;
  kind: 'rootctl.history';
  /** Saved audits, newest first (`--limit`, `--org`). */
  audits: AuditSummaryRow[];
}

export function historyList(audits: AuditSummaryRow[]): HistoryList {
  return { schemaVersion: HISTORY_LIST_SCHEMA_VERSION, kind: 'rootctl.history', audits };
}

function toSummary(r: Record<string, unknown>): AuditSummaryRow {
  return {
    id: Number(r.id),
    organizationId: r.organization_id as string,
    generatedAt: r.generated_at as string,
    scope: r.scope as string,
    detail: r.detail as string,
    callerArn: r.caller_arn as string,
    region: r.region as string,
    durationMs: r.duration_ms as number,
    total: r.total as number,
    compliant: r.compliant as number,
    nonCompliant: r.non_compliant as number,
    error: r.error as number,
    skipped: r.skipped as number,
  };
}

const bool = (v: boolean | undefined) => (v === undefined ? null : v ? 1 : 0);
const storeError = (what: string, e: unknown) =>
  new RootctlError('StoreError', `${what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });

export class HistoryStore {
  constructor(private readonly db: Db) {}

  /** Saves a report and its account rows in one transaction; returns the audit id. */
  async save(report: AuditReport): Promise<number> {
    try {
      return await this.db.transaction(async (tx) => {
        const s = report.summary;
        const m = report.metadata;
        const id = (await tx.insert(
          'INSERT INTO audits (organization_id, generated_at, scope, detail, caller_arn, region, duration_ms, total, compliant, non_compliant, error, skipped, schema_version, report_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [
            report.organizationId,
            report.generatedAt,
            m.scope,
            m.detail,
            m.callerArn,
            m.region,
            m.durationMs,
            s.total,
            s.compliant,
            s.non_compliant,
            s.error,
            s.skipped,
            report.schemaVersion,
            JSON.stringify(report),
          ],
        ))!;
        for (const a of report.accounts) {
          const root = a.root;
          await tx.run(
            'INSERT INTO audit_accounts (audit_id, account_id, account_name, ou_path, status, has_root_credentials, password, access_keys, signing_certificates, mfa, error_code, diagnosis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            [
              id,
              a.accountId,
              a.accountName,
              a.ouPath,
              a.status,
              root ? bool(hasRootCredentials(root)) : null,
              bool(root?.password.present),
              bool(root?.accessKeysPresent),
              bool(root?.signingCertificatesPresent),
              bool(root?.mfaPresent),
              a.error?.code ?? null,
              a.error?.diagnosis ?? null,
            ],
          );
        }
        return id;
      });
    } catch (e) {
      throw storeError('Could not save the audit to the history', e);
    }
  }

  /** Most recent first. */
  async list(options: { limit?: number; organizationId?: string } = {}): Promise<AuditSummaryRow[]> {
    const where = options.organizationId === undefined ? '' : 'WHERE organization_id = ?';
    const args: SqlValue[] = options.organizationId === undefined ? [] : [options.organizationId];
    const rows = await this.db.all(`SELECT * FROM audits ${where} ORDER BY id DESC LIMIT ?`, [
      ...args,
      options.limit ?? 20,
    ]);
    return rows.map(toSummary);
  }

  async get(id: number): Promise<AuditReport | undefined> {
    const r = await this.db.get<{ report_json: string }>('SELECT report_json FROM audits WHERE id = ?', [id]);
    return r ? (JSON.parse(r.report_json) as AuditReport) : undefined;
  }

  /**
   * The audits a remediation run saved (its plan's audit and its verification audit, marked
   * `remediation.runId`), oldest first. The report text is searched, then each match checked parsed.
   */
  async forRun(runId: string): Promise<{ id: number; report: AuditReport }[]> {
    const rows = await this.db.all<{ id: number; report_json: string }>(
      'SELECT id, report_json FROM audits WHERE report_json LIKE ? ORDER BY id',
      [`%"runId":${JSON.stringify(runId)}%`], // wildcards in an id only widen the search
    );
    return rows
      .map((r) => ({ id: Number(r.id), report: JSON.parse(r.report_json) as AuditReport }))
      .filter((r) => r.report.remediation?.runId === runId);
  }

  /**
   * The baseline of a diff for `report` (saved as `savedId`, or not saved): among the organization's
   * audits before it, the latest of the same scope, else the latest of any scope (then only the
   * accounts both cover are compared; see chooseBaseline).
   */
  async baseline(
    report: Pick<AuditReport, 'organizationId'> & { metadata: { scope: string } },
    savedId?: number,
  ): Promise<{ id: number; report: AuditReport; sameScope: boolean } | undefined> {
    const earlier = (
      await this.db.all<{ id: number; scope: string }>(
        `SELECT id, scope FROM audits WHERE organization_id = ? ${savedId === undefined ? '' : 'AND id < ?'} ORDER BY id DESC`,
        savedId === undefined ? [report.organizationId] : [report.organizationId, savedId],
      )
    ).map((r) => ({ id: Number(r.id), scope: r.scope }));
    const chosen = chooseBaseline(earlier, report.metadata.scope);
    const r = chosen && (await this.get(chosen.audit.id));
    return chosen && r ? { id: chosen.audit.id, report: r, sameScope: chosen.sameScope } : undefined;
  }

  /** The id of the latest audit (of an organization, if given). */
  async latestId(organizationId?: string): Promise<number | undefined> {
    return (await this.list({ limit: 1, ...(organizationId === undefined ? {} : { organizationId }) }))[0]
      ?.id;
  }
}
