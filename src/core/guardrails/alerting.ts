/**
 * Alerting on root activity: an EventBridge rule for AssumeRoot (and optionally for root console
 * sign-in) with an SNS target, as CloudFormation or Terraform. Where it must be deployed is part of
 * the output, because a rule in the wrong account or Region silently sees nothing.
 */
import { assumeRootPattern, rootSignInPattern } from './event-pattern.js';
import { awsProviderRequirement, call, expr, toHcl, type HclBlock, type HclValue } from './hcl.js';
import type { IamPolicy } from './types.js';
import { toYaml, withComment, type YamlValue } from './yaml.js';

export interface AlertingOptions {
  /** Subscribe this address to a new topic. */
  email?: string | undefined;
  /** Use this existing topic instead of creating one. */
  topicArn?: string | undefined;
  includeRootSignIn?: boolean | undefined;
}

/** Where and why: printed in the template header and on stderr. */
export function alertingDeploymentNote(o: AlertingOptions): string[] {
  const lines = [
    'WHERE TO DEPLOY: in the account that calls sts:AssumeRoot - the IAM delegated administrator account and/or',
    'the management account (both, if operators use both) - and in EVERY Region operators use for STS.',
    'WHY: AssumeRoot works only on Regional STS endpoints (sts.<region>.amazonaws.com); CloudTrail records the call',
    'in the calling account, in the Region of the endpoint used, and EventBridge delivers it only to the default',
    'event bus of that account and Region. A rule in us-east-1 does not see AssumeRoot made via sts.eu-west-1.',
    'The member account records only what the session did (userIdentity.type "Root"), not the AssumeRoot call.',
    'Deploy per Region with a CloudFormation StackSet, or one Terraform provider/module instance per Region.',
  ];
  if (o.includeRootSignIn) {
    lines.push(
      'ROOT SIGN-IN: CloudTrail records a root console sign-in in us-east-1 of the account signed in to, and',
      'delivers it to that account only. The sign-in rule therefore covers the root user of the account it is',
      'deployed in: to cover member accounts, deploy this template in us-east-1 of each member account (e.g. a',
      'service-managed StackSet over the organization) or forward their events to a central event bus.',
    );
  }
  if (o.topicArn) {
    lines.push(
      'EXISTING TOPIC: the topic policy below REPLACES the access policy of that topic; if it already has one,',
      'merge the AllowEventBridgeToPublishRootAlerts statement into it instead. A KMS-encrypted topic also needs',
      'its key policy to let events.amazonaws.com use the key (kms:GenerateDataKey*, kms:Decrypt).',
    );
  } else if (o.email) {
    lines.push(
      'EMAIL: AWS sends a confirmation message to the address; nothing is delivered until it is confirmed.',
    );
  } else {
    lines.push(
      'NO SUBSCRIBER: the new topic has no subscription; subscribe to the TopicArn output to receive alerts.',
    );
  }
  return lines;
}

const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as YamlValue & HclValue;

function topicPolicy(topic: unknown, ruleArns: unknown[]): IamPolicy {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowEventBridgeToPublishRootAlerts',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topic as string,
        // Only these rules may publish: another rule (or account) cannot use the grant.
        Condition: { ArnEquals: { 'aws:SourceArn': ruleArns as string[] } },
      },
    ],
  };
}

const ASSUME_ROOT_COMMENT = [
  'Fires on every sts:AssumeRoot call (successful or denied) made from this account in this Region.',
];
const SIGN_IN_COMMENT = [
  'Fires on console sign-in by the root user of this account (recorded in us-east-1 only).',
];

export function alertingCloudFormation(o: AlertingOptions): string {
  const topicRef: YamlValue = o.topicArn ?? { Ref: 'AlertTopic' };
  const rules: [string, string, YamlValue, string[]][] = [
    ['AssumeRootRule', 'rootctl: AssumeRoot was called', json(assumeRootPattern()), ASSUME_ROOT_COMMENT],
  ];
  if (o.includeRootSignIn)
    rules.push([
      'RootSignInRule',
      'rootctl: a root user signed in to the console',
      json(rootSignInPattern()),
      SIGN_IN_COMMENT,
    ]);
  const resources: Record<string, YamlValue> = {};
  if (!o.topicArn)
    resources.AlertTopic = withComment(
      { Type: 'AWS::SNS::Topic', Properties: { DisplayName: 'rootctl root access alerts' } },
      ['New topic for root access alerts.'],
    );
  if (!o.topicArn && o.email) {
    resources.AlertEmailSubscription = withComment(
      {
        Type: 'AWS::SNS::Subscription',
        Properties: { TopicArn: topicRef, Protocol: 'email', Endpoint: o.email },
      },
      ['The address must confirm the subscription before alerts arrive.'],
    );
  }
  resources.AlertTopicPolicy = withComment(
    {
      Type: 'AWS::SNS::TopicPolicy',
      Properties: {
        Topics: [topicRef],
        PolicyDocument: json(
          topicPolicy(
            topicRef,
            rules.map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] })),
          ),
        ),
      },
    },
    o.topicArn
      ? [
          'Replaces the existing access policy of the topic: merge this statement if the topic already has one.',
        ]
      : ['Lets EventBridge (only the rules below) publish to the topic.'],
  );
  for (const [id, description, pattern, comment] of rules) {
    resources[id] = withComment(
      {
        Type: 'AWS::Events::Rule',
        Properties: {
          Description: description,
          State: 'ENABLED',
          EventPattern: pattern,
          Targets: [{ Id: 'rootctl-sns', Arn: topicRef }],
        },
      },
      comment,
    );
  }
  const outputs: Record<string, YamlValue> = {
    TopicArn: { Value: topicRef },
    AssumeRootRuleArn: { Value: { 'Fn::GetAtt': ['AssumeRootRule', 'Arn'] } },
  };
  if (o.includeRootSignIn) outputs.RootSignInRuleArn = { Value: { 'Fn::GetAtt': ['RootSignInRule', 'Arn'] } };
  return toYaml(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Description:
        'rootctl: alert on sts:AssumeRoot' + (o.includeRootSignIn ? ' and root console sign-in' : ''),
      Resources: resources,
      Outputs: outputs,
    },
    ['rootctl guardrails alerting (CloudFormation).', '', ...alertingDeploymentNote(o)],
  );
}

type TerraformRule = [id: string, name: string, description: string, pattern: HclValue, comment: string[]];

function terraformRules(o: AlertingOptions): TerraformRule[] {
  const rules: TerraformRule[] = [
    [
      'assume_root',
      'rootctl-assume-root',
      'rootctl: AssumeRoot was called',
      json(assumeRootPattern()),
      ASSUME_ROOT_COMMENT,
    ],
  ];
  if (o.includeRootSignIn)
    rules.push([
      'root_sign_in',
      'rootctl-root-sign-in',
      'rootctl: a root user signed in to the console',
      json(rootSignInPattern()),
      SIGN_IN_COMMENT,
    ]);
  return rules;
}

/** The provider requirement, and the new topic (with its e-mail subscription) unless one is given. */
function terraformTopicBlocks(o: AlertingOptions, topicArn: HclValue): HclBlock[] {
  const blocks: HclBlock[] = [awsProviderRequirement()];
  if (!o.topicArn)
    blocks.push({
      type: 'resource',
      labels: ['aws_sns_topic', 'rootctl_alerts'],
      comment: ['New topic for root access alerts.'],
      attributes: { name: 'rootctl-root-access-alerts' },
    });
  if (!o.topicArn && o.email) {
    blocks.push({
      type: 'resource',
      labels: ['aws_sns_topic_subscription', 'email'],
      comment: ['The address must confirm the subscription before alerts arrive.'],
      attributes: { topic_arn: topicArn, protocol: 'email', endpoint: o.email },
    });
  }
  return blocks;
}

/** The topic policy letting only the rules publish. */
function terraformPolicyBlock(o: AlertingOptions, topicArn: HclValue, rules: TerraformRule[]): HclBlock {
  // References cannot pass through JSON; put them back into the policy after the round trip.
  const policy = json(
    topicPolicy(
      '__TOPIC__',
      rules.map(([id]) => `__RULE_${id}__`),
    ),
  );
  return {
    type: 'resource',
    labels: ['aws_sns_topic_policy', 'rootctl_alerts'],
    comment: o.topicArn
      ? [
          'Replaces the existing access policy of the topic: merge this statement if the topic already has one.',
        ]
      : ['Lets EventBridge (only the rules below) publish to the topic.'],
    attributes: { arn: topicArn, policy: call('jsonencode', replaceMarkers(policy, topicArn)) },
  };
}

function terraformRuleBlocks(rules: TerraformRule[], topicArn: HclValue): HclBlock[] {
  return rules.flatMap(([id, name, description, pattern, comment]): HclBlock[] => [
    {
      type: 'resource',
      labels: ['aws_cloudwatch_event_rule', id],
      comment,
      attributes: { name, description, event_pattern: call('jsonencode', pattern) },
    },
    {
      type: 'resource',
      labels: ['aws_cloudwatch_event_target', `${id}_sns`],
      attributes: {
        rule: expr(`aws_cloudwatch_event_rule.${id}.name`),
        target_id: 'rootctl-sns',
        arn: topicArn,
      },
    },
  ]);
}

export function alertingTerraform(o: AlertingOptions): string {
  const topicArn: HclValue = o.topicArn ?? expr('aws_sns_topic.rootctl_alerts.arn');
  const rules = terraformRules(o);
  const blocks: HclBlock[] = [
    ...terraformTopicBlocks(o, topicArn),
    terraformPolicyBlock(o, topicArn, rules),
    ...terraformRuleBlocks(rules, topicArn),
    { type: 'output', labels: ['topic_arn'], attributes: { value: topicArn } },
    {
      type: 'output',
      labels: ['assume_root_rule_arn'],
      attributes: { value: expr('aws_cloudwatch_event_rule.assume_root.arn') },
    },
  ];
  return toHcl(blocks, ['rootctl guardrails alerting (Terraform).', '', ...alertingDeploymentNote(o)]);
}

function replaceMarkers(v: HclValue, topicArn: HclValue): HclValue {
  if (v === '__TOPIC__') return topicArn;
  if (typeof v === 'string') {
    const m = /^__RULE_(\w+)__$/.exec(v);
    return m ? expr(`aws_cloudwatch_event_rule.${m[1]}.arn`) : v;
  }
  if (Array.isArray(v)) return v.map((x) => replaceMarkers(x, topicArn));
  if (typeof v === 'object' && v !== null && !('kind' in v))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replaceMarkers(x, topicArn)]));
  return v;
}
