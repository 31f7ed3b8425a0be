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

/** The Amazon States Language rules the fan-out relies on (States Language spec: Map, Task, Retry). */
function fanOutProblems(definition: Json, functionArn: string): string[] {
  const problems: string[] = [];
  const map = definition.States?.[definition.StartAt];
  if (map?.Type !== 'Map') problems.push('StartAt is not a Map state');
  if (map?.ItemsPath !== '$.ous') problems.push('the Map does not iterate over $.ous');
  if (map?.End !== true) problems.push('the Map does not end the execution');
  const processor = map?.ItemProcessor;
  const task = processor?.States?.[processor?.StartAt];
  if (task?.Type !== 'Task') problems.push('the iteration is not a Task');
  if (!/^arn:aws[a-z-]*:states:::lambda:invoke$/.test(task?.Resource ?? ''))
    problems.push('the Task is not lambda:invoke');
  if (task?.Parameters?.FunctionName !== functionArn) problems.push('the Task invokes another function');
  if (task?.Parameters?.['Payload.$'] !== '$') problems.push('the Task does not pass the OU');
  if (map?.ItemSelector?.['ou.$'] !== '$$.Map.Item.Value') problems.push('the item is not passed as {ou}');
  return problems;
}

describe('scheduled-audit fan-out per OU (Step Functions Map)', () => {
  const fan = { ...options, fanOut: true };

  it('CloudFormation: a state machine whose Map invokes the function per OU, started by the schedule', () => {
    const t = parseYaml(scheduledAuditCloudFormation(fan)) as Json;
    const resources = t.Resources as Record<string, Json>;
    const problems = Object.values(resources).flatMap((r) =>
      specProblems(r.Type, r.Properties ?? {}, CLOUDFORMATION_SPEC),
    );
    expect(problems).toEqual([]);
    const sm = resources.StateMachine!.Properties;
    expect(resources.StateMachine!.Type).toBe('AWS::StepFunctions::StateMachine');
    expect(fanOutProblems(sm.Definition, '${FunctionArn}')).toEqual([]);
    expect(sm.DefinitionSubstitutions.FunctionArn).toEqual({ 'Fn::GetAtt': ['Function', 'Arn'] });
    expect(JSON.stringify(resources.StateMachineRole!.Properties.Policies)).toContain(
      'lambda:InvokeFunction',
    );
    const target = resources.Schedule!.Properties.Target;
    expect(target.Arn).toEqual({ Ref: 'StateMachine' });
    expect(JSON.stringify(target.Input)).toContain('OuIds');
    expect(JSON.stringify(resources.SchedulerRole!.Properties.Policies)).toContain('states:StartExecution');
    expect(t.Parameters.OuIds.Type).toBe('CommaDelimitedList');
    // Without the option there is no state machine.
    const plain = parseYaml(scheduledAuditCloudFormation(options)) as Json;
    expect(Object.values(plain.Resources as Record<string, Json>).map((r) => r.Type)).not.toContain(
      'AWS::StepFunctions::StateMachine',
    );
  });

  it('the fan-out check fails on a definition that does not fan out (so it can catch a mistake)', () => {
    const t = parseYaml(scheduledAuditCloudFormation(fan)) as Json;
    const broken = structuredClone(t.Resources.StateMachine.Properties.Definition) as Json;
    broken.States.AuditEachOu.ItemsPath = '$.accounts';
    expect(fanOutProblems(broken, '${FunctionArn}')).toEqual(['the Map does not iterate over $.ous']);
    expect(specProblems('AWS::StepFunctions::StateMachine', { Definition: {} }, CLOUDFORMATION_SPEC)).toEqual(
      ['AWS::StepFunctions::StateMachine: missing required RoleArn'],
    );
  });

  it('Terraform: aws_sfn_state_machine with the same definition, started by the schedule with var.ou_ids', async () => {
    const t = (await parseHcl('main.tf', scheduledAuditTerraform(fan))) as Json;
    const problems: string[] = [];
    for (const [type, byName] of Object.entries(t.resource as Record<string, Json>))
      for (const [, [body]] of Object.entries(byName))
        problems.push(...specProblems(type, body, TERRAFORM_SPEC, TERRAFORM_META_ARGUMENTS));
    expect(problems).toEqual([]);
    const sm = t.resource.aws_sfn_state_machine.fan_out[0];
    expect(sm.role_arn).toBe('${aws_iam_role.state_machine.arn}');
    const definition = sm.definition as string;
    expect(definition).toMatch(/^\$\{jsonencode\(/);
    expect(definition).toContain('ItemsPath = "$.ous"');
    expect(definition).toContain('Resource = "arn:aws:states:::lambda:invoke"');
    expect(definition).toContain('FunctionName = aws_lambda_function.audit.arn');
    const target = t.resource.aws_scheduler_schedule.audit[0].target[0];
    expect(target.arn).toBe('${aws_sfn_state_machine.fan_out.arn}');
    expect(target.input).toContain('var.ou_ids');
    expect(t.variable.ou_ids).toBeDefined();
  });
});
