import { describe, expect, it } from 'vitest';
import { rootTaskExceptionNotOverdue as check } from './root-task-exception-not-overdue.js';
import { audited, errored, suspended } from './samples.js';

describe(check.id, () => {
  it('passes without an overdue exception, even for an account that could not be audited', () => {
    expect(check.evaluate({ account: audited() }).status).toBe('pass');
    expect(check.evaluate({ account: errored }).status).toBe('pass');
  });
  it('fails when an open exception is past its expiry', () => {
    const overdueException = { task: 'password-recovery', expiresAt: '2025-06-01T00:00:00Z' };
    expect(check.evaluate({ account: audited({}, { overdueException }) })).toEqual({
      status: 'fail',
      reason: 'the password-recovery exception is past its expiry and still open (see overdueException)',
    });
  });
  it('does not apply to a skipped account', () => {
    expect(check.evaluate({ account: suspended }).status).toBe('not_applicable');
  });
});
