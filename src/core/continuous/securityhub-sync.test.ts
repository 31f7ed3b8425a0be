/**
 * The Security Hub sync's deadline per call (issue 15: a hung endpoint fails within a bounded time), on
 * a virtual clock: a call that never answers "takes" the request timeout and the waits between
 * attempts move the clock too, so nothing really waits.
 */
import { describe, expect, it } from 'vitest';
import { buildAuditReport } from '../../../test/helpers/audit-report-fixture.js';
import { classifyFailure } from '../audit/failure.js';
import { AwsCallError } from '../aws-call-error.js';
import type { SecurityHubPort } from '../ports.js';
import { syncSecurityHub } from './securityhub-sync.js';

describe('Security Hub sync: the deadline', () => {
  it('fails a batch whose endpoint never answers after one request timeout, naming endpoint and operation', async () => {
    let virtualMs = 0;
    let imports = 0;
    const port: SecurityHubPort = {
      activeFindingIds: async () => [],
      importFindings: async () => {
        imports++;
        // The request timeout's timer fires a moment after the 30 s.
        virtualMs += 30_001;
        throw new AwsCallError(
          'NetworkError',
          'no answer from http://127.0.0.1:9 within 30 s',
          'securityhub:BatchImportFindings',
          'network',
        );
      },
    };
    const e = await syncSecurityHub(port, buildAuditReport({ accounts: 5 }), {
      classify: classifyFailure,
      // The adapters' request timeout: the default deadline is derived from it (60 s).
      requestTimeoutMs: 30_000,
      now: () => virtualMs,
      sleep: async (ms) => void (virtualMs += ms),
    }).catch((x: unknown) => x);
    expect((e as Error).message).toBe(
      'no answer from http://127.0.0.1:9 within 30 s (securityhub:BatchImportFindings, 1 attempt; stopped at the deadline)',
    );
    // One attempt (without the deadline: four, 120 s).
    expect(imports).toBe(1);
  });

  it('still retries a batch that fails fast (a blip is not a failure)', async () => {
    let imports = 0;
    const port: SecurityHubPort = {
      activeFindingIds: async () => [],
      importFindings: async () => {
        if (imports++ === 0)
          throw new AwsCallError(
            'NetworkError',
            'socket hang up',
            'securityhub:BatchImportFindings',
            'network',
          );
        return [];
      },
    };
    const r = await syncSecurityHub(port, buildAuditReport({ accounts: 5 }), {
      classify: classifyFailure,
      now: () => 0,
      sleep: async () => {},
    });
    expect(r.failed).toEqual([]);
    expect(imports).toBe(r.batches + 1);
  });
});
