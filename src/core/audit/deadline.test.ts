/**
 * The account deadline (issue 15: a hung endpoint fails within a bounded time), on a virtual clock: a
 * call to an endpoint that never answers "takes" the request timeout and the waits between attempts
 * move the clock too, so nothing really waits and nothing depends on the machine's speed.
 */
import { describe, expect, it } from 'vitest';
import { smallOrg } from '../../../test/helpers/audit-fakes.js';
import { AwsCallError } from '../aws-call-error.js';
import { AdaptiveLimiter } from '../concurrency/adaptive-limiter.js';
import { RootctlError } from '../errors.js';
import { defaultAccountDeadlineMs } from './pipeline.js';
import { audit } from './run.js';

describe('audit: the account deadline', () => {
  it('gives an account whose endpoint never answers one request timeout per pass, not four', async () => {
    const hung = '333333333333';
    // A virtual clock: a call to the hung endpoint "takes" the 30 s request timeout, waits between
    // attempts move it too; nothing really waits and nothing depends on the machine's speed.
    let virtualMs = 0;
    const org = smallOrg({
      fail: (id, op) => {
        if (id !== hung || op !== 'sts:AssumeRoot') return undefined;
        // The request timeout's timer fires a moment after it (at exactly 30 s, a retry with no wait
        // would just fit before the 60 s deadline).
        virtualMs += 30_001;
        return new AwsCallError(
          'NetworkError',
          'no answer from http://127.0.0.1:9 within 30 s',
          op,
          'network',
        );
      },
    });
    const report = await audit(
      // The adapters' request timeout: the default account deadline is derived from it (60 s).
      { ...org.ports, requestTimeoutMs: 30_000 },
      {
        limiter: new AdaptiveLimiter({ max: 100, now: () => virtualMs }),
        sleep: async (ms) => {
          virtualMs += ms;
          await Promise.resolve();
        },
      },
    );
    const record = report.accounts.find((a) => a.accountId === hung);
    // One line naming the endpoint (the message) and the operation (the diagnosis).
    expect(record?.status).toBe('error');
    expect(record?.error?.message).toBe('no answer from http://127.0.0.1:9 within 30 s');
    expect(record?.error?.diagnosis).toMatch(/calling sts:AssumeRoot .*stopped at the account's deadline/);
    // One attempt in the first pass and one in the second (without the deadline: 4 per pass, and the
    // account tried again within the pass).
    expect(org.calls.get(`${hung} sts:AssumeRoot`)).toBe(2);
    expect(report.accounts.filter((a) => a.status === 'error')).toHaveLength(1);
  });

  it('fails on an endpoint that never answers the first call after one request timeout, naming both', async () => {
    const org = smallOrg();
    let virtualMs = 0;
    let calls = 0;
    const hungIdentity = {
      whoAmI: async (): Promise<never> => {
        calls++;
        virtualMs += 30_001;
        throw new RootctlError(
          'NetworkError',
          'Could not reach AWS for sts:GetCallerIdentity: no answer from http://127.0.0.1:9 within 30 s',
          { details: { endpointFault: 'timeout' } },
        );
      },
    };
    const e = await audit(
      { ...org.ports, identity: hungIdentity, requestTimeoutMs: 30_000 },
      {
        limiter: new AdaptiveLimiter({ max: 100, now: () => virtualMs }),
        sleep: async (ms) => void (virtualMs += ms),
      },
    ).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'NetworkError' });
    expect((e as Error).message).toMatch(/sts:GetCallerIdentity: no answer from http:\/\/127\.0\.0\.1:9/);
    // One attempt: a second would end past the deadline (without it, four: 120 s).
    expect(calls).toBe(1);
    expect(virtualMs).toBe(30_001);
  });

  it('derives the default account deadline from the request timeout: 30 s, or two timeouts when longer', () => {
    expect(defaultAccountDeadlineMs(undefined)).toBe(30_000);
    expect(defaultAccountDeadlineMs(5_000)).toBe(30_000);
    expect(defaultAccountDeadlineMs(30_000)).toBe(60_000);
  });
});
