/** NotifierPort on the AWS SDK: sns:Publish to one topic. */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { NotifierPort } from '../core/ports.js';
import type { AwsContext } from './clients.js';

export function snsNotifier(
  ctx: Pick<AwsContext, 'clientConfig'>,
  topicArn: string,
): NotifierPort & { destroy(): void } {
  const client = new SNSClient(ctx.clientConfig());
  return {
    async publish(subject, message) {
      await client.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
    },
    destroy: () => client.destroy(),
  };
}
