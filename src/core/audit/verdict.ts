/**
 * What an audit means for a CI job: the exit code of `rootctl audit --fail-on ...` and the one line
 * that explains it. 3 when no account could be audited at all (every attempt failed:
 * RootCredentialsManagement or trusted access off, caller not allowed, ...) - the report is still
 * evidence; else 1 when --fail-on matches; else 0.
 */
import { ExitCode } from '../errors.js';
import type { AuditReport } from './model.js';

export const FAIL_ON = ['non-compliant', 'error'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface AuditVerdict {
  exitCode: number;
  /** Why the exit code is not 0. */
  message?: string | undefined;
}

function mostCommon(items: string[]): string {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'unknown';
}

export function auditVerdict(report: AuditReport, failOn: ReadonlySet<FailOn>): AuditVerdict {
  const s = report.summary;
  if (s.error > 0 && s.compliant + s.non_compliant === 0) {
    const top = mostCommon(
      report.accounts
        .map((a) =>
          a.error?.diagnosis.replace(/^not attempted after the same denial for other accounts: /, ''),
        )
        .filter((d): d is string => d !== undefined),
    );
    return {
      exitCode: ExitCode.Runtime,
      message: `no account could be audited (${s.error} error${s.error === 1 ? '' : 's'}): ${top}`,
    };
  }
  const nonCompliant = failOn.has('non-compliant') && s.non_compliant > 0;
  const error = failOn.has('error') && s.error > 0;
  if (!nonCompliant && !error) return { exitCode: ExitCode.Ok };
  const what = [nonCompliant ? `${s.non_compliant} non-compliant` : '', error ? `${s.error} error` : '']
    .filter(Boolean)
    .join(', ');
  return { exitCode: ExitCode.Findings, message: `--fail-on: ${what} account(s).` };
}
