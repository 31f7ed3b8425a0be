/**
 * Escaping and formatting for the HTML report. Every string that reaches the page goes through `esc`:
 * account and OU names, error messages and ARNs are data from the organization, not trusted markup.
 * Formatting is deterministic (UTC, no locale) so the same report always renders to the same bytes.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for element content and for quoted attribute values alike. */
export function esc(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** 1234567 -> "1,234,567" without depending on the host's locale. */
export function fmtInt(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtInt(n)} ${n === 1 ? one : many}`;
}

/** "2025-03-04T05:06:07.123Z" -> "2025-03-04 05:06 UTC"; anything unparsable is shown as given. */
export function fmtDateTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function fmtDate(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 10);
}

/**
 * A short age relative to the audit's own time (not the reader's clock): "today", "12 days ago",
 * "3 years ago". Pass the time the audit ended (`reportAsOf`): an account audited after the audit
 * began is not "in the future". A date less than a day ahead (another clock's skew) is "today".
 */
export function fmtAge(iso: string | undefined, nowIso: string): string {
  if (!iso) return '';
  const then = new Date(iso).getTime();
  const now = new Date(nowIso).getTime();
  if (Number.isNaN(then) || Number.isNaN(now)) return '';
  const days = Math.floor((now - then) / 86_400_000);
  if (days < -1) return 'in the future';
  if (days <= 0) return 'today';
  if (days < 60) return `${plural(days, 'day')} ago`;
  if (days < 730) return `${plural(Math.floor(days / 30.44), 'month')} ago`;
  return `${plural(Math.floor(days / 365.25), 'year')} ago`;
}

/**
 * The time an audit report describes: when its last account was audited (generatedAt is when the
 * audit began; every account finishes after it).
 */
export function reportAsOf(report: {
  generatedAt: string;
  metadata: { durationMs: number };
  accounts: readonly { auditedAt: string }[];
}): string {
  let latest = new Date(report.generatedAt).getTime() + Math.max(0, report.metadata.durationMs);
  for (const a of report.accounts) {
    const t = new Date(a.auditedAt).getTime();
    if (t > latest) latest = t;
  }
  return Number.isNaN(latest) ? report.generatedAt : new Date(latest).toISOString();
}

/** 83_456 -> "1 min 23 s"; 950 -> "950 ms". */
export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A date with its age in a muted span, or a dash when unknown. */
export function dateWithAge(iso: string | undefined, nowIso: string): string {
  if (!iso) return '<span class="mu">unknown</span>';
  const age = fmtAge(iso, nowIso);
  return `<time datetime="${esc(iso)}">${esc(fmtDate(iso))}</time>${age ? ` <span class="mu">(${esc(age)})</span>` : ''}`;
}
