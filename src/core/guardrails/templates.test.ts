import { parse as parseHcl } from '@cdktf/hcl2json';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { taskPolicyArn } from '../model/task-policies.js';
import { evaluatePolicy } from '../model/policy/evaluate.js';
import { alertingCloudFormation, alertingTerraform } from './alerting.js';
import { assumeRootPattern, rootSignInPattern } from './event-pattern.js';
import { buildOperatorPolicy } from './operator-policy.js';
import { operatorRoleCloudFormation, operatorRoleTerraform } from './operator-role.js';
import { policyGrammarProblems } from './policy-grammar.js';

type Json = Record<string, any>;
const TRUSTED = 'arn:aws:iam::111122223333:role/SecOps';
const policy = buildOperatorPolicy({ tasks: ['audit', 'delete'], orgId: 'o-abcdefghij' });
const roleOptions = {
  policy,
  trustedPrincipalArn: TRUSTED,
  roleName: 'RootctlOperator',
  summary: ['tasks: audit, delete'],
};

/** The object inside `${jsonencode(...)}` as hcl2json returns it, parsed again as an HCL literal. */
async function jsonencodeArg(value: string): Promise<Json> {
  const m = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(value);
  expect(m, `not a jsonencode() call: ${value.slice(0, 60)}`).not.toBeNull();
  return ((await parseHcl('inner.tf', `x = ${m![1]}`)) as { x: Json }).x;
}

describe('operator role templates', () => {
  it('CloudFormation: parses as YAML; a role trusting exactly the named principal, with the operator policy inline', () => {
    const t = parseYaml(operatorRoleCloudFormation(roleOptions)) as Json;
    expect(t.AWSTemplateFormatVersion).toBe('2010-09-09');
    const role = t.Resources.RootctlOperatorRole;
    expect(role.Type).toBe('AWS::IAM::Role');
    const trust = role.Properties.AssumeRolePolicyDocument;
    expect(policyGrammarProblems(trust, { kind: 'resource' })).toEqual([]);
    expect(trust.Statement).toEqual([
      {
        Sid: 'TrustNamedPrincipalOnly',
        Effect: 'Allow',
        Principal: { AWS: TRUSTED },
        Action: 'sts:AssumeRole',
      },
    ]);
    const inline = role.Properties.Policies[0].PolicyDocument;
    expect(inline).toEqual(policy);
    expect(policyGrammarProblems(inline, { kind: 'identity' })).toEqual([]);
    expect(t.Outputs.RoleArn.Value).toEqual({ 'Fn::GetAtt': ['RootctlOperatorRole', 'Arn'] });
  });

  it('Terraform: parses as HCL; role + inline policy whose jsonencode() bodies are the same documents', async () => {
    const t = (await parseHcl('main.tf', operatorRoleTerraform(roleOptions))) as Json;
    const role = t.resource.aws_iam_role.rootctl_operator[0];
    expect(role.name).toBe('RootctlOperator');
    const trust = await jsonencodeArg(role.assume_role_policy);
    expect(trust.Statement[0].Principal).toEqual({ AWS: TRUSTED });
    const rp = t.resource.aws_iam_role_policy.rootctl_operator[0];
    expect(rp.role).toBe('${aws_iam_role.rootctl_operator.id}');
    const inline = await jsonencodeArg(rp.policy);
    expect(inline).toEqual(JSON.parse(JSON.stringify(policy)));
    expect(
      evaluatePolicy(inline as never, {
        action: 'sts:AssumeRoot',
        resource: 'arn:aws:iam::222233334444:root',
        keys: {
          'sts:TaskPolicyArn': taskPolicyArn('IAMAuditRootUserCredentials'),
          'aws:ResourceOrgID': 'o-abcdefghij',
        },
      }).decision,
    ).toBe('Allow');
  });
});

describe('alerting templates', () => {
  it('CloudFormation with email: topic, subscription, topic policy for events.amazonaws.com, one rule per pattern', () => {
    const text = alertingCloudFormation({ email: 'sec@example.com', includeRootSignIn: true });
    const t = parseYaml(text) as Json;
    const r = t.Resources;
    expect(r.AlertTopic.Type).toBe('AWS::SNS::Topic');
    expect(r.AlertEmailSubscription.Properties).toEqual({
      TopicArn: { Ref: 'AlertTopic' },
      Protocol: 'email',
      Endpoint: 'sec@example.com',
    });
    expect(r.AssumeRootRule.Properties.EventPattern).toEqual(assumeRootPattern());
    expect(r.AssumeRootRule.Properties.Targets).toEqual([{ Id: 'rootctl-sns', Arn: { Ref: 'AlertTopic' } }]);
    expect(r.RootSignInRule.Properties.EventPattern).toEqual(rootSignInPattern());
    const tp = r.AlertTopicPolicy.Properties;
    expect(tp.Topics).toEqual([{ Ref: 'AlertTopic' }]);
    expect(
      policyGrammarProblems(
        JSON.parse(
          JSON.stringify(tp.PolicyDocument)
            .replace(/\{"Ref":"AlertTopic"\}/g, '"arn:aws:sns:us-east-1:111122223333:t"')
            .replace(
              /\{"Fn::GetAtt":\["(\w+)","Arn"\]\}/g,
              '"arn:aws:events:us-east-1:111122223333:rule/$1"',
            ),
        ),
        { kind: 'resource' },
      ),
    ).toEqual([]);
    expect(tp.PolicyDocument.Statement[0]).toMatchObject({
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sns:Publish',
    });
    expect(tp.PolicyDocument.Statement[0].Condition.ArnEquals['aws:SourceArn']).toEqual([
      { 'Fn::GetAtt': ['AssumeRootRule', 'Arn'] },
      { 'Fn::GetAtt': ['RootSignInRule', 'Arn'] },
    ]);
    // Where to deploy, and why, is in the template itself.
    expect(text).toMatch(/# WHERE TO DEPLOY: .*delegated administrator/);
    expect(text).toMatch(/# .*EVERY Region operators use for STS/);
    expect(text).toMatch(/# .*Regional STS endpoints/);
    expect(text).toMatch(/# ROOT SIGN-IN: .*us-east-1/);
  });

  it('CloudFormation with an existing topic: no new topic, the ARN is used as target and in the topic policy, with a warning', () => {
    const arn = 'arn:aws:sns:eu-west-1:111122223333:security-alerts';
    const text = alertingCloudFormation({ topicArn: arn });
    const t = parseYaml(text) as Json;
    expect(Object.keys(t.Resources).sort()).toEqual(['AlertTopicPolicy', 'AssumeRootRule']);
    expect(t.Resources.AssumeRootRule.Properties.Targets[0].Arn).toBe(arn);
    expect(t.Resources.AlertTopicPolicy.Properties.Topics).toEqual([arn]);
    expect(t.Resources.AlertTopicPolicy.Properties.PolicyDocument.Statement[0].Resource).toBe(arn);
    expect(text).toContain('REPLACES the access policy');
  });

  it('Terraform with email: parses as HCL; rule patterns and topic policy survive jsonencode', async () => {
    const text = alertingTerraform({ email: 'sec@example.com', includeRootSignIn: true });
    const t = (await parseHcl('main.tf', text)) as Json;
    const res = t.resource;
    expect(res.aws_sns_topic.rootctl_alerts[0].name).toBe('rootctl-root-access-alerts');
    expect(res.aws_sns_topic_subscription.email[0]).toMatchObject({
      protocol: 'email',
      endpoint: 'sec@example.com',
      topic_arn: '${aws_sns_topic.rootctl_alerts.arn}',
    });
    expect(await jsonencodeArg(res.aws_cloudwatch_event_rule.assume_root[0].event_pattern)).toEqual(
      assumeRootPattern(),
    );
    expect(await jsonencodeArg(res.aws_cloudwatch_event_rule.root_sign_in[0].event_pattern)).toEqual(
      rootSignInPattern(),
    );
    expect(res.aws_cloudwatch_event_target.assume_root_sns[0]).toMatchObject({
      rule: '${aws_cloudwatch_event_rule.assume_root.name}',
      arn: '${aws_sns_topic.rootctl_alerts.arn}',
    });
    const tp = await jsonencodeArg(res.aws_sns_topic_policy.rootctl_alerts[0].policy);
    expect(tp.Statement[0].Resource).toBe('${aws_sns_topic.rootctl_alerts.arn}');
    expect(tp.Statement[0].Condition.ArnEquals['aws:SourceArn']).toEqual([
      '${aws_cloudwatch_event_rule.assume_root.arn}',
      '${aws_cloudwatch_event_rule.root_sign_in.arn}',
    ]);
    expect(
      policyGrammarProblems(
        JSON.parse(JSON.stringify(tp).replace(/"\$\{[^}]+\}"/g, '"arn:aws:sns:us-east-1:111122223333:x"')),
        { kind: 'resource' },
      ),
    ).toEqual([]);
    expect(text).toMatch(/# WHERE TO DEPLOY/);
  });

  it('Terraform with an existing topic creates no topic or subscription', async () => {
    const arn = 'arn:aws:sns:us-east-1:111122223333:security-alerts';
    const t = (await parseHcl('main.tf', alertingTerraform({ topicArn: arn }))) as Json;
    expect(t.resource.aws_sns_topic).toBeUndefined();
    expect(t.resource.aws_sns_topic_subscription).toBeUndefined();
    expect(t.resource.aws_cloudwatch_event_target.assume_root_sns[0].arn).toBe(arn);
    expect(t.resource.aws_cloudwatch_event_rule.root_sign_in).toBeUndefined();
  });
});
