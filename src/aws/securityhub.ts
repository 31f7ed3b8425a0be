/** SecurityHubPort on the AWS SDK: BatchImportFindings and GetFindings in the caller's account. */
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
} from '@aws-sdk/client-securityhub';
import type { SecurityHubPort } from '../core/ports.js';
import type { AwsContext } from './clients.js';

export function securityHub(ctx: Pick<AwsContext, 'clientConfig'>): SecurityHubPort & { destroy(): void } {
  const client = new SecurityHubClient({ ...ctx.clientConfig(), maxAttempts: 1 });
  return {
    async importFindings(findings) {
      const out = await client.send(
        new BatchImportFindingsCommand({ Findings: findings as AwsSecurityFinding[] }),
      );
      return (out.FailedFindings ?? []).map((f) => ({
        id: f.Id ?? '',
        code: f.ErrorCode ?? 'Unknown',
        message: f.ErrorMessage ?? '',
      }));
    },
    async activeFindingIds(productArn, generatorIdPrefix) {
      const ids: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new GetFindingsCommand({
            Filters: {
              ProductArn: [{ Value: productArn, Comparison: 'EQUALS' }],
              GeneratorId: [{ Value: generatorIdPrefix, Comparison: 'PREFIX' }],
              RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
            },
            MaxResults: 100,
            ...(token ? { NextToken: token } : {}),
          }),
        );
        for (const f of page.Findings ?? []) if (f.Id) ids.push(f.Id);
        token = page.NextToken;
      } while (token);
      return ids;
    },
    destroy: () => client.destroy(),
  };
}
