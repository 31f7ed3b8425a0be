import { describe, expect, it } from 'vitest';
import {
  accountCheckResults,
  AUDIT_CHECKS,
  rejudge,
  rootTaskExceptionNotOverdue,
  statusFromChecks,
} from './index.js';
import { audited, errored } from './samples.js';

describe('audit checks composed', () => {
  it('have unique kebab-case ids', () => {
    const ids = AUDIT_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });
  it('an account is non_compliant exactly when a credential check fails', () => {
    expect(statusFromChecks(audited())).toBe('compliant');
    expect(statusFromChecks(audited({ mfaPresent: true }))).toBe('non_compliant');
    expect(statusFromChecks(audited({ password: { present: true } }))).toBe('non_compliant');
    // An overdue exception is a finding, not a credential: the status stays what the root user holds.
    const overdueException = { task: 'unlock-s3-bucket-policy', expiresAt: '2025-06-01T00:00:00Z' };
    expect(statusFromChecks(audited({}, { overdueException }))).toBe('compliant');
  });
  it('the JSON record lists the checks that did not pass, in catalogue order', () => {
    const a = audited({ password: { present: true }, mfaPresent: true });
    expect(accountCheckResults({ account: a }).map((r) => r.id)).toEqual([
      'root-password-absent',
      'root-mfa-devices-absent',
    ]);
    expect(accountCheckResults({ account: errored }).every((r) => r.status === 'unknown')).toBe(true);
    a.overdueException = { task: 'password-recovery', expiresAt: '2025-06-01T00:00:00Z' };
    a.checks = accountCheckResults({ account: { ...a, overdueException: undefined } });
    rejudge(a, rootTaskExceptionNotOverdue);
    expect(a.checks.map((r) => r.id)).toEqual([
      'root-password-absent',
      'root-mfa-devices-absent',
      'root-task-exception-not-overdue',
    ]);
  });
});
