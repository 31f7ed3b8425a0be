import { parse as parseHcl } from '@cdktf/hcl2json';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  CLOUDFORMATION_SPEC,
  CURRENT_NODE_RUNTIMES,
  TERRAFORM_META_ARGUMENTS,
  TERRAFORM_SPEC,
} from '../../../test/helpers/iac-resource-spec.js';
import { policyGrammarProblems } from '../guardrails/policy-grammar.js';
import { scheduledAuditCloudFormation } from './cloudformation.js';
import { functionPolicy, type ScheduledAuditStackOptions } from './scheduled-audit.js';
import { scheduledAuditTerraform } from './terraform.js';

type Json = Record<string, any>;
const options: ScheduledAuditStackOptions = {
  partition: 'aws',
  orgId: 'o-abcdefghij',
  functionName: 'rootctl-scheduled-audit',
  schedule: 'rate(1 day)',
  securityHub: true,
  enforceExceptions: false,
  concurrency: 20,
  prefix: 'rootctl/',
};

/** Problems of one resource against the spec table: unknown type, unknown or missing properties. */
function specProblems(
  type: string,
  props: Json,
  spec: typeof CLOUDFORMATION_SPEC,
  extra: string[] = [],
): string[] {
  const s = spec[type];
  if (!s) return [`${type}: not a resource type of the spec table`];
  return [
    ...Object.keys(props)
      .filter((k) => !s.properties.includes(k) && !extra.includes(k))
      .map((k) => `${type}: unknown property ${k}`),
    ...s.required.filter((k) => !(k in props)).map((k) => `${type}: missing required ${k}`),
  ];
}

describe('scheduled-audit CloudFormation template', () => {
  const t = parseYaml(scheduledAuditCloudFormation(options)) as Json;
  const resources = Object.values(t.Resources as Record<string, Json>);

  it('parses, and every resource has a known type with known properties and its required ones', () => {
    expect(t.AWSTemplateFormatVersion).toBe('2010-09-09');
    const problems = resources.flatMap((r) => specProblems(r.Type, r.Properties ?? {}, CLOUDFORMATION_SPEC));
    expect(problems).toEqual([]);
    expect(resources.map((r) => r.Type).sort()).toEqual(
      [
        'AWS::IAM::Role',
        'AWS::IAM::Role',
        'AWS::Lambda::Function',
        'AWS::Logs::LogGroup',
        'AWS::S3::Bucket',
        'AWS::SNS::Topic',
        'AWS::Scheduler::Schedule',
      ].sort(),
    );
  });

  it('the schema check fails on an unknown property or type (so it can catch a typo)', () => {
    expect(
      specProblems(
        'AWS::Lambda::Function',
        { Runtime: 'x', Code: {}, Role: 'r', Timout: 1 },
        CLOUDFORMATION_SPEC,
      ),
    ).toEqual(['AWS::Lambda::Function: unknown property Timout']);
    expect(specProblems('AWS::Lambda::Fn', {}, CLOUDFORMATION_SPEC)).toHaveLength(1);
  });

  it('bucket versioned, encrypted, public access blocked; current Node runtime; role = operator policy for the audit', () => {
    const b = t.Resources.ReportBucket.Properties;
    expect(b.VersioningConfiguration.Status).toBe('Enabled');
    expect(
      b.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm,
    ).toBe('AES256');
    expect(Object.values(b.PublicAccessBlockConfiguration)).toEqual([true, true, true, true]);
    const fn = t.Resources.Function.Properties;
    expect(CURRENT_NODE_RUNTIMES).toContain(fn.Runtime);
    expect(fn.Timeout).toBe(900);
    const [audit, handler] = t.Resources.FunctionRole.Properties.Policies;
    expect(audit.PolicyDocument).toEqual(JSON.parse(JSON.stringify(functionPolicy(options))));
    expect(policyGrammarProblems(audit.PolicyDocument, { kind: 'identity' })).toEqual([]);
    const actions = handler.PolicyDocument.Statement.flatMap((s: Json) => [s.Action].flat());
    expect(actions.sort()).toEqual(
      [
        's3:GetObject',
        's3:ListBucket',
        's3:PutObject',
        'securityhub:BatchImportFindings',
        'securityhub:GetFindings',
        'sns:Publish',
      ].sort(),
    );
    expect(t.Resources.Schedule.Properties.Target.Arn).toEqual({ 'Fn::GetAtt': ['Function', 'Arn'] });
  });

  it('without Security Hub the role has no securityhub action; with enforce, AssumeRoot may use the delete task', () => {
    const t2 = parseYaml(
      scheduledAuditCloudFormation({ ...options, securityHub: false, enforceExceptions: true }),
    ) as Json;
    const [audit, handler] = t2.Resources.FunctionRole.Properties.Policies;
    expect(JSON.stringify(handler)).not.toContain('securityhub');
    expect(JSON.stringify(audit)).toContain('IAMDeleteRootUserCredentials');
    expect(t2.Resources.Function.Properties.Environment.Variables.ROOTCTL_ENFORCE_EXCEPTIONS).toBe('true');
  });
});

describe('scheduled-audit Terraform', () => {
  it('parses as HCL; every resource is a known type with known arguments and its required ones', async () => {
    const t = (await parseHcl('main.tf', scheduledAuditTerraform(options))) as Json;
    const problems: string[] = [];
    for (const [type, byName] of Object.entries(t.resource as Record<string, Json>))
      for (const [, [body]] of Object.entries(byName))
        problems.push(...specProblems(type, body, TERRAFORM_SPEC, TERRAFORM_META_ARGUMENTS));
    expect(problems).toEqual([]);
    const fn = t.resource.aws_lambda_function.audit[0];
    expect(CURRENT_NODE_RUNTIMES).toContain(fn.runtime);
    expect(t.resource.aws_s3_bucket_versioning.reports[0].versioning_configuration[0].status).toBe('Enabled');
    expect(t.resource.aws_iam_role_policy.handler[0].policy).toContain(
      '${aws_s3_bucket.reports.arn}/rootctl/*',
    );
    expect(t.resource.aws_scheduler_schedule.audit[0].target[0].arn).toBe('${aws_lambda_function.audit.arn}');
  });
});
