/**
 * A check is one rule as a unit, in the manner of cdk-nag rules and prowler checks: a stable id, a
 * title, a severity, the remediation text and a pure function from what rootctl learned to pass /
 * fail / not_applicable / unknown, always with a reason. Doctor's verdict and audit's statuses and
 * findings are the results of their checks; docs/generated/checks.md is the catalogue.
 *
 * Ids: kebab-case, naming the state that passes (`root-password-absent`, `trusted-access-enabled`),
 * published and never renamed or reused: OCSF and ASFF finding ids are built from them, and Security
 * Hub updates a finding in place only when its id is the same.
 */

export type CheckSeverity = 'critical' | 'high' | 'medium' | 'low' | 'informational';

/** pass / fail; unknown when what the check needs could not be read; not_applicable when the question does not arise. */
export type CheckStatus = 'pass' | 'fail' | 'unknown' | 'not_applicable';

/** A CIS AWS Foundations Benchmark control the check maps to, and where the mapping was confirmed. */
export interface CisControl {
  /** e.g. "v7.0.0" */
  version: string;
  /** e.g. "2.1.1" */
  control: string;
  title: string;
  /** A public page or file naming the control number with this title. */
  source: string;
}

export interface CheckMeta {
  id: string;
  title: string;
  severity: CheckSeverity;
  /** What the check verifies, one sentence. */
  description: string;
  /** What to do when it fails (`<id>` stands for the account id where one applies). */
  remediation: string;
  cis?: readonly CisControl[] | undefined;
}

export interface CheckOutcome {
  status: CheckStatus;
  /** Why, in one sentence (what was seen, or what could not be read). */
  reason: string;
}

export interface Check<Input> extends CheckMeta {
  evaluate(input: Input): CheckOutcome;
}

/** One check's result as JSON outputs carry it. */
export interface CheckResult {
  id: string;
  status: CheckStatus;
  reason: string;
}

export const pass = (reason: string): CheckOutcome => ({ status: 'pass', reason });
export const fail = (reason: string): CheckOutcome => ({ status: 'fail', reason });
export const unknown = (reason: string): CheckOutcome => ({ status: 'unknown', reason });
export const notApplicable = (reason: string): CheckOutcome => ({ status: 'not_applicable', reason });

/** "CIS AWS Foundations Benchmark v3.0.0 1.4", as findings name a requirement. */
export function cisLabel(c: CisControl): string {
  return `CIS AWS Foundations Benchmark ${c.version} ${c.control}`;
}
