/** The caller's own account: iam:GetAccountSummary with the caller's credentials (no root session). */
import { GetAccountSummaryCommand, type IAMClient } from '@aws-sdk/client-iam';
import type { CallerAccountPort } from '../core/ports.js';
import { awsCall } from './wrap.js';

export function callerAccount(iam: IAMClient): CallerAccountPort {
  return {
    accountSummary: () =>
      awsCall('iam:GetAccountSummary', async () => {
        const m: Record<string, number | undefined> =
          (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap ?? {};
        const r: { password?: boolean; accessKeys?: boolean; signingCertificates?: boolean; mfa?: boolean } =
          {};
        const set = (key: keyof typeof r, k: string) => {
          const v = m[k];
          if (v !== undefined) r[key] = v > 0;
        };
        set('password', 'AccountPasswordPresent');
        set('accessKeys', 'AccountAccessKeysPresent');
        set('signingCertificates', 'AccountSigningCertificatesPresent');
        set('mfa', 'AccountMFAEnabled');
        return r;
      }),
  };
}
