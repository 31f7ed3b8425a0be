/**
 * Throttling and injected faults through the real SDK: the emulator throttles per calling account,
 * service and operation with AWS's error, injects 500/503 answers and dropped connections, and the
 * SDK's retries get through while the server keeps serving.
 */
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { type HttpRequest, type HttpResponse } from '@smithy/protocol-http';
import type { HttpHandlerOptions } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { adminPost, credsOf, startTestEmulator, stsClient } from './helpers/emulator-clients.js';

describe('throttling', () => {
  it('documents its default rates, throttles with Throttling, and the SDK retries through it', async () => {
    const t = await startTestEmulator({ accounts: 6, seed: 2, state: 'configured' }, undefined, true);
    try {
      const defaults = (await adminPost(t.url, 'config', {})) as {
        rates: { operations: Record<string, number>; defaultPerSecond: number };
      };
      expect(defaults.rates).toEqual({
        operations: { AssumeRoot: 100, LookupEvents: 2 },
        defaultPerSecond: 20,
      });
      await adminPost(t.url, 'config', { rates: { GetCallerIdentity: 1 } });
      const c = credsOf(t.scenario, 'security');
      const burst = (n: number, maxAttempts: number) =>
        Promise.allSettled(
          Array.from({ length: n }, () =>
            stsClient(t.url, c, maxAttempts).send(new GetCallerIdentityCommand({})),
          ),
        );

      const once = await burst(8, 1);
      const throttled = once
        .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
        .map((r) => r.reason as Error & { $metadata: { httpStatusCode: number } });
      expect(throttled.length).toBeGreaterThanOrEqual(3);
      for (const e of throttled)
        expect([e.name, e.message, e.$metadata.httpStatusCode]).toEqual(['Throttling', 'Rate exceeded', 400]);

      await adminPost(t.url, 'config', { rates: { GetCallerIdentity: 3 } }); // a new rate starts a full bucket
      const retried = await burst(8, 10);
      expect(retried.map((r) => r.status)).toEqual(Array(8).fill('fulfilled'));
      const attempts = retried.map(
        (r) =>
          (r as PromiseFulfilledResult<{ $metadata: { attempts?: number } }>).value.$metadata.attempts ?? 1,
      );
      expect(Math.max(...attempts)).toBeGreaterThan(1);
      // Another account (or operation) has its own bucket.
      await expect(
        stsClient(t.url, credsOf(t.scenario, 'management'), 1).send(new GetCallerIdentityCommand({})),
      ).resolves.toBeDefined();
      const stats = (await (await fetch(`${t.url}/_emulator/stats`)).json()) as { throttled: number };
      expect(stats.throttled).toBeGreaterThanOrEqual(throttled.length + 1);
    } finally {
      await t.close();
    }
  });
});

/** Counts what the SDK's transport sees: dropped connections and 5xx answers. */
class CountingHandler extends NodeHttpHandler {
  dropped = 0;
  serverErrors = 0;
  override async handle(req: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    try {
      const out = await super.handle(req, options);
      if (out.response.statusCode >= 500) this.serverErrors++;
      return out;
    } catch (e) {
      this.dropped++;
      throw e;
    }
  }
}

describe('fault injection', () => {
  it('drops connections and answers 500/503 at the configured rate; the SDK retries through and the server keeps serving', async () => {
    const t = await startTestEmulator({ accounts: 25, seed: 2, state: 'configured' });
    try {
      await adminPost(t.url, 'config', { faults: 0.3, seed: 3 });
      const transport = new CountingHandler();
      const c = credsOf(t.scenario, 'management');
      const common = {
        region: 'us-east-1',
        endpoint: t.url,
        credentials: c,
        maxAttempts: 8,
        requestHandler: transport,
      };
      const sts = new STSClient(common);
      const org = new OrganizationsClient(common);
      for (let i = 0; i < 25; i++)
        expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(
          t.scenario.organization!.managementAccountId,
        );
      const accounts = [];
      let token: string | undefined;
      do {
        const page = await org.send(new ListAccountsCommand(token ? { NextToken: token } : {}));
        accounts.push(...(page.Accounts ?? []));
        token = page.NextToken;
      } while (token);
      expect(accounts).toHaveLength(25);
      expect(transport.dropped).toBeGreaterThan(0);
      expect(transport.serverErrors).toBeGreaterThan(0);
      const stats = (await (await fetch(`${t.url}/_emulator/stats`)).json()) as { faults: number };
      expect(stats.faults).toBe(transport.dropped + transport.serverErrors);
      await adminPost(t.url, 'config', { faults: 0 });
      await expect(stsClient(t.url, c).send(new GetCallerIdentityCommand({}))).resolves.toBeDefined();
    } finally {
      await t.close();
    }
  });
});
