import { describe, expect, it } from 'vitest';
import type { AccountId } from '../core/model/account-id.js';
import type { AccountResult } from '../core/execute/types.js';
import { ApplyProgress } from './progress.js';

const result = (id: string, status: AccountResult['status'], diagnosis?: string): AccountResult => ({
  accountId: id as AccountId,
  accountName: `acct-${id.slice(-2)}`,
  ouPath: 'Root',
  status,
  steps: [],
  sessionAccessKeyIds: [],
  ...(diagnosis ? { diagnosis } : {}),
});

describe('ApplyProgress', () => {
  it('counts accounts, deletions and failures while applying, then verification, with rate and ETA', () => {
    let t = 0;
    const drawn: string[] = [];
    const lines: string[] = [];
    const p = new ApplyProgress({
      write: (s) => drawn.push(s),
      line: (s) => lines.push(s),
      now: () => t,
      intervalMs: 0,
    });
    p.onEvent({ kind: 'run-started', runId: 'r', resumed: false, accounts: 4, steps: 8 });
    const id = '100000000001' as AccountId;
    for (const outcome of ['done', 'done', 'failed'] as const)
      p.onEvent({ kind: 'step', accountId: id, action: 'DeleteAccessKey', targetId: 'k', outcome });
    p.onEvent({ kind: 'step', accountId: id, action: 'AssumeRoot', targetId: 'x', outcome: 'done' });
    t = 1000;
    p.onEvent({ kind: 'account-finished', result: result('100000000001', 'done') });
    t = 2000;
    p.onEvent({ kind: 'account-finished', result: result('100000000002', 'failed', 'AccessDenied') });
    expect(drawn.at(-1)).toContain('applying 2/4 accounts · 2 deleted · 1 failed · 1.0/s · ETA 0:02');
    // Only the account that did not end DONE gets a line of its own.
    expect(lines).toEqual(['  failed  100000000002 (acct-02): AccessDenied']);
    p.onEvent({ kind: 'verifying', accounts: 10 });
    t = 4000;
    p.onEvent({ kind: 'verify-progress', done: 4, total: 10 });
    expect(drawn.at(-1)).toContain('verifying 4/10 accounts · 2.0/s · ETA 0:03');
    p.onEvent({ kind: 'run-finished', result: {} as never });
    expect(drawn.at(-1)).toBe('\r\u001b[2K');
  });
});
