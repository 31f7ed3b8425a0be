/**
 * What a run leaves behind, named: an account whose every planned step succeeded but that still holds
 * root credentials (recently used access keys held back) is PARTIAL, not DONE; a failed account lists
 * the credentials its failed or unrun steps left; verification's "still present" are listed too. The
 * totals count them by reason, so a run that leaves anything is never reported as all done.
 */
import type { AccountPlan, Plan } from '../plan/types.js';
import type { AccountResult, ApplyTotals, LeftCredential } from './types.js';

/** Adds `left` to each result (and PARTIAL where the planned steps succeeded); returns the totals part. */
export function markWhatIsLeft(plan: Plan, results: AccountResult[]): AccountResult[] {
  const byId = new Map(results.map((r) => [r.accountId, r]));
  const added: AccountResult[] = [];
  for (const a of plan.accounts) {
    let r = byId.get(a.accountId);
    if (!r) {
      if (!a.heldBack.length) continue;
      // Only held-back keys: the run had nothing to delete here, and the account still holds them.
      r = emptyResult(a);
      added.push(r);
    }
    const left: LeftCredential[] = [
      ...a.heldBack.map((d) => ({ targetId: d.targetId, kind: d.kind, reason: 'held-back' as const })),
    ];
    if (r.status === 'failed') {
      for (const s of r.steps)
        if (s.outcome === 'failed' || s.outcome === 'not-run')
          left.push({ targetId: s.targetId, kind: kindOf(a, s.targetId), reason: 'failed' });
    }
    for (const id of r.remaining ?? [])
      if (!left.some((l) => l.targetId === id))
        left.push({ targetId: id, kind: kindOf(a, id), reason: 'still-present' });
    if (!left.length) continue;
    r.left = left;
    if (r.status === 'done') {
      r.status = 'partial';
      const held = a.heldBack.length;
      r.diagnosis ??= `${held} recently used access key${held === 1 ? '' : 's'} held back (--include-recently-used deletes ${held === 1 ? 'it' : 'them'})`;
    }
  }
  return added;
}

export function leftTotals(results: readonly AccountResult[]): Pick<ApplyTotals, 'left' | 'leftByReason'> {
  const leftByReason = { 'held-back': 0, failed: 0, 'still-present': 0 };
  for (const r of results) for (const l of r.left ?? []) leftByReason[l.reason]++;
  return {
    left: leftByReason['held-back'] + leftByReason.failed + leftByReason['still-present'],
    leftByReason,
  };
}

function kindOf(a: AccountPlan, targetId: string): LeftCredential['kind'] {
  return [...a.deletions, ...a.heldBack].find((d) => d.targetId === targetId)?.kind ?? 'unknown';
}

function emptyResult(a: AccountPlan): AccountResult {
  return {
    accountId: a.accountId,
    accountName: a.accountName,
    ouPath: a.ouPath,
    status: 'done',
    steps: [],
    sessionAccessKeyIds: [],
  };
}
