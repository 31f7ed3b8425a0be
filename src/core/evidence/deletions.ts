/**
 * Every planned deletion of a run with what the journal says happened to it: the last attempt's
 * outcome, when, through which root session and AWS request id, and whether the verification audit
 * found the account clean. The evidence page lists each one by name.
 */
import type { Plan } from '../plan/types.js';
import type { EvidenceStep } from './types.js';

export interface DeletionEvidence {
  accountId: string;
  accountName: string;
  ouPath: string;
  kind: string;
  action: string;
  targetId: string;
  /** done, already-gone, failed, pending (intent without outcome: the process died), not-run. */
  outcome: string;
  intentAt: string | null;
  outcomeAt: string | null;
  requestId: string | null;
  sessionAccessKeyId: string | null;
  errorCode: string | null;
  /** The account's Verify step: verified, not-verified, or not-verified-yet (no Verify step). */
  verification: 'verified' | 'not-verified' | 'not-verified-yet';
  /** Attempts of this step in the journal (more than one after a resume or a retried session). */
  attempts: number;
}

const key = (account: string, action: string, target: string) => `${account}\u0000${action}\u0000${target}`;

/** The AWS request id a step recorded (detail.requestId), if any. */
export function requestIdOf(step: Pick<EvidenceStep, 'detail'>): string | null {
  const id = step.detail?.requestId;
  return typeof id === 'string' && id.length > 0 ? id : null;
}

function verificationOf(steps: readonly EvidenceStep[]): Map<string, DeletionEvidence['verification']> {
  const out = new Map<string, DeletionEvidence['verification']>();
  for (const s of steps)
    if (s.action === 'Verify' && s.outcome !== null)
      out.set(s.accountId, s.outcome === 'done' ? 'verified' : 'not-verified');
  return out;
}

export function deletionEvidence(plan: Plan, steps: readonly EvidenceStep[]): DeletionEvidence[] {
  const byKey = new Map<string, EvidenceStep[]>();
  for (const s of steps) {
    const k = key(s.accountId, s.action, s.targetId);
    byKey.set(k, [...(byKey.get(k) ?? []), s]);
  }
  const verified = verificationOf(steps);
  const out: DeletionEvidence[] = [];
  for (const a of plan.accounts)
    for (const d of a.deletions) {
      const attempts = byKey.get(key(a.accountId, d.action, d.targetId)) ?? [];
      // The attempt that settled it: the last one with an outcome, else the last intent.
      const last = [...attempts].reverse().find((s) => s.outcome !== null) ?? attempts.at(-1);
      out.push({
        accountId: a.accountId,
        accountName: a.accountName,
        ouPath: a.ouPath,
        kind: d.kind,
        action: d.action,
        targetId: d.targetId,
        outcome: last === undefined ? 'not-run' : (last.outcome ?? 'pending'),
        intentAt: last?.intentAt ?? null,
        outcomeAt: last?.outcomeAt ?? null,
        requestId: last ? requestIdOf(last) : null,
        sessionAccessKeyId: last?.sessionAccessKeyId ?? null,
        errorCode: last?.errorCode ?? null,
        verification: verified.get(a.accountId) ?? 'not-verified-yet',
        attempts: attempts.length,
      });
    }
  return out;
}
