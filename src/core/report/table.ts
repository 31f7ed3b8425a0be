/**
 * The default terminal output: a summary by OU, then the accounts that need attention
 * (non-compliant, then errors with their diagnosis), then skipped accounts. Plain text; the CLI
 * passes a `paint` function to colour statuses on a TTY.
 */
import { mfaTypeOf } from '../audit/mfa-type.js';
import type { AccountAudit, AccountAuditStatus, AuditReport, RootState } from '../audit/model.js';

export type Paint = (status: AccountAuditStatus | 'bold' | 'dim', text: string) => string;

export interface TableOptions {
  paint?: Paint;
}

const LABEL: Record<AccountAuditStatus, string> = {
  compliant: 'compliant',
  non_compliant: 'non-compliant',
  error: 'error',
  skipped: 'skipped',
};

/** "password, 2 access keys (1 active, last used 2025-01-02 s3), 1 signing certificate, MFA". */
export function credentialsText(r: RootState): string {
  const parts: string[] = [];
  if (r.password.present) parts.push('password');
  if (r.detail === 'full' && r.accessKeys.length) {
    const active = r.accessKeys.filter((k) => k.status === 'Active').length;
    const last = r.accessKeys
      .map((k) => k.lastUsed)
      .filter((u) => u !== undefined)
      .sort((a, b) => (a.date < b.date ? 1 : -1))[0];
    parts.push(
      `${plural(r.accessKeys.length, 'access key')} (${active} active${last ? `, last used ${last.date.slice(0, 10)} ${last.service}` : ', never used'})`,
    );
  } else if (r.accessKeysPresent) parts.push('access keys');
  if (r.detail === 'full' && r.signingCertificates.length)
    parts.push(plural(r.signingCertificates.length, 'signing certificate'));
  else if (r.signingCertificatesPresent) parts.push('signing certificates');
  if (r.mfaPresent) {
    const types = [...new Set(r.mfaDevices.map((d) => d.type ?? mfaTypeOf(d.serialNumber)))].join('+');
    const what =
      r.detail === 'full' && r.mfaDevices.length > 1 ? `${r.mfaDevices.length} MFA devices` : 'MFA';
    parts.push(types ? `${what} (${types})` : what);
  }
  return parts.join(', ') || 'none';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Left-aligned columns, two spaces apart; `paintCol` colours a cell after padding. */
export function columns(
  header: string[],
  rows: string[][],
  paintCell?: (row: number, col: number, text: string) => string,
): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[], row: number) =>
    cells
      .map((c, i) => {
        const padded = i === cells.length - 1 ? c : c.padEnd(widths[i]!);
        return paintCell && row >= 0 ? paintCell(row, i, padded) : padded;
      })
      .join('  ')
      .trimEnd();
  return [line(header, -1), ...rows.map((r, i) => line(r, i))];
}

function byOu(accounts: readonly AccountAudit[]): [string, Record<AccountAuditStatus, number>][] {
  const m = new Map<string, Record<AccountAuditStatus, number>>();
  for (const a of accounts) {
    let c = m.get(a.ouPath);
    if (!c) m.set(a.ouPath, (c = { compliant: 0, non_compliant: 0, error: 0, skipped: 0 }));
    c[a.status]++;
  }
  return [...m].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
}

/** The title, the totals, a PARTIAL warning and the management account's root user. */
function headerLines(report: AuditReport, paint: Paint): string[] {
  const s = report.summary;
  const m = report.metadata;
  const out: string[] = [];
  out.push(
    paint('bold', `Root credential audit of ${report.organizationId}`) +
      paint(
        'dim',
        ` (${m.scope}, ${m.detail} detail, ${report.generatedAt.replace(/\.\d{3}Z$/, 'Z')}, ${(m.durationMs / 1000).toFixed(1)} s)`,
      ),
  );
  out.push(
    `${plural(s.total, 'account')}: ` +
      (['compliant', 'non_compliant', 'error', 'skipped'] as const)
        .map((k) => paint(k, `${s[k]} ${LABEL[k]}`))
        .join(', '),
  );
  if (report.partial)
    out.push(
      paint(
        'error',
        report.partial.reason === 'listing-failed'
          ? `PARTIAL: the organization could not be listed in full (${report.partial.error?.message ?? 'listing failed'}); ${plural(report.partial.accountsNotAudited, 'listed account')} and every unlisted one not audited`
          : `PARTIAL: the audit was interrupted; ${plural(report.partial.accountsNotAudited, 'account')} in scope not audited`,
      ),
    );
  if (report.managementRoot) {
    const r = report.managementRoot;
    const mfa = r.mfa === undefined ? 'unknown' : r.mfa ? 'on' : 'OFF';
    const keys = r.accessKeys === undefined ? 'unknown' : r.accessKeys ? 'PRESENT' : 'none';
    out.push(
      `Management account ${report.managementAccountId} root user (not reachable by AssumeRoot): MFA ${mfa}, access keys ${keys}`,
    );
  }
  return out;
}

const OU_STATUS_COLUMNS: (AccountAuditStatus | undefined)[] = [
  undefined,
  undefined,
  'compliant',
  'non_compliant',
  'error',
  'skipped',
];

/** Accounts per OU and status, the non-zero status counts coloured. */
function ouLines(report: AuditReport, paint: Paint): string[] {
  const ouRows = byOu(report.accounts).map(([ou, c]) => [
    ou,
    String(c.compliant + c.non_compliant + c.error + c.skipped),
    String(c.compliant),
    String(c.non_compliant),
    String(c.error),
    String(c.skipped),
  ]);
  return [
    '',
    paint('bold', 'By OU'),
    ...columns(
      ['OU', 'ACCOUNTS', 'COMPLIANT', 'NON-COMPLIANT', 'ERROR', 'SKIPPED'],
      ouRows,
      (_r, col, text) => {
        const st = OU_STATUS_COLUMNS[col];
        return st && text.trim() !== '0' ? paint(st, text) : text;
      },
    ),
  ];
}

/** One section of accounts in `status` (none when there are none). */
function statusSection(
  report: AuditReport,
  paint: Paint,
  status: AccountAuditStatus,
  title: string,
  header: string[],
  cells: (a: AccountAudit) => string[],
): string[] {
  const list = report.accounts.filter((a) => a.status === status);
  if (!list.length) return [];
  return [
    '',
    paint(status, `${title} (${list.length})`),
    ...columns(
      ['ACCOUNT', 'NAME', 'OU', ...header],
      list.map((a) => [a.accountId, a.accountName, a.ouPath, ...cells(a)]),
    ),
  ];
}

function overdueLines(report: AuditReport, paint: Paint): string[] {
  const overdue = report.accounts.filter((a) => a.overdueException);
  if (!overdue.length) return [];
  return [
    '',
    paint('error', `Overdue exceptions (${overdue.length})`),
    ...columns(
      ['ACCOUNT', 'NAME', 'TASK', 'EXPIRED'],
      overdue.map((a) => [
        a.accountId,
        a.accountName,
        a.overdueException!.task,
        a.overdueException!.expiresAt,
      ]),
    ),
  ];
}

export function renderTable(report: AuditReport, options: TableOptions = {}): string {
  const paint: Paint = options.paint ?? ((_s, t) => t);
  const section = statusSection.bind(null, report, paint);
  return [
    ...headerLines(report, paint),
    ...ouLines(report, paint),
    ...section('non_compliant', 'Non-compliant accounts', ['ROOT CREDENTIALS'], (a) => [
      (a.root ? credentialsText(a.root) : '') +
        (a.joinedMethod === 'INVITED' ? ' [joined by invitation: old root credentials]' : ''),
    ]),
    ...section('error', 'Accounts that could not be audited', ['CODE', 'DIAGNOSIS'], (a) => [
      a.error?.code ?? '',
      a.error?.diagnosis ?? '',
    ]),
    ...section('skipped', 'Skipped', ['REASON'], (a) => [a.skipReason ?? '']),
    ...overdueLines(report, paint),
  ].join('\n');
}
