import { describe, expect, it } from 'vitest';
import { DEFAULT_CONCURRENCY } from '../core/audit/run.js';
import { parseConcurrency } from './options.js';

describe('parseConcurrency (audit, remediate and deploy share it)', () => {
  it('takes a whole number from 1 to 1000, and the default when not given', () => {
    expect(parseConcurrency('1')).toBe(1);
    expect(parseConcurrency('1000')).toBe(1000);
    expect(parseConcurrency(undefined)).toBe(DEFAULT_CONCURRENCY);
  });

  it.each(['0', '1001', '1e2', '2.5', 'x', ''])('refuses %j with one InvalidInput line', (value) => {
    expect(() => parseConcurrency(value)).toThrow(
      expect.objectContaining({
        code: 'InvalidInput',
        message: `--concurrency '${value}' must be a whole number from 1 to 1000.`,
      }),
    );
  });
});
