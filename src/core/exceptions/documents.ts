/**
 * The `--output json` documents of `rootctl exception open|list|close` (docs/generated/json-schemas.md
 * reads their fields from these types).
 */
import type { ApplyResult } from '../execute/types.js';
import type { Plan } from '../plan/types.js';
import type { ClosePlan, CloseResult } from './close.js';
import type { OpenedException } from './open.js';
import { exceptionState, type ExceptionRecord, type ExceptionState } from './rules.js';

/** Version of the exception documents (open, list; close follows the remediation result's version). */
export const EXCEPTION_SCHEMA_VERSION = 1;

/** `rootctl exception open --yes --output json`: the exception opened and whether the change read back. */
export interface ExceptionOpened extends OpenedException {
  schemaVersion: typeof EXCEPTION_SCHEMA_VERSION;
  kind: 'rootctl.exception-opened';
}

/** An exception record as listed, with its state at `generatedAt`. */
export type ListedException = ExceptionRecord & {
  /** open, overdue (past `expiresAt` and not closed) or closed. */
  state: ExceptionState;
};

/** `rootctl exception list --output json`. */
export interface ExceptionList {
  schemaVersion: typeof EXCEPTION_SCHEMA_VERSION;
  kind: 'rootctl.exceptions';
  /** The time `state` was judged at (overdue: `expiresAt` before it). */
  generatedAt: string;
  /** Open and overdue exceptions (`--all`: closed ones too). */
  exceptions: ListedException[];
}

/**
 * `rootctl exception close --yes --output json`: the remediation result of the account's clean-up
 * (docs/remediate.md), its plan, and the exceptions it closed.
 */
export type ExceptionClosed = {
  schemaVersion: ApplyResult['schemaVersion'];
  kind: 'rootctl.exception-closed';
} & ApplyResult & {
    /** What the close planned to delete: every root credential of the account. */
    plan: Plan;
    /** Ids of the exceptions marked closed; empty when the account could not be cleaned and verified. */
    closed: number[];
  };

export function exceptionOpened(opened: OpenedException): ExceptionOpened {
  return { schemaVersion: EXCEPTION_SCHEMA_VERSION, kind: 'rootctl.exception-opened', ...opened };
}

export function exceptionList(records: readonly ExceptionRecord[], now: Date): ExceptionList {
  return {
    schemaVersion: EXCEPTION_SCHEMA_VERSION,
    kind: 'rootctl.exceptions',
    generatedAt: now.toISOString(),
    exceptions: records.map((e) => ({ ...e, state: exceptionState(e, now) })),
  };
}

export function exceptionClosed(c: ClosePlan, r: CloseResult): ExceptionClosed {
  const { schemaVersion, ...result } = r.result;
  return {
    schemaVersion,
    kind: 'rootctl.exception-closed',
    ...result,
    plan: c.plan,
    closed: r.closed.map((e) => e.id),
  };
}
