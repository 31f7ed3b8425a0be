import { describe, expect, it } from 'vitest';
import type { AccountId } from '../model/account-id.js';
import { TASK_POLICIES, taskPolicyArn } from '../model/task-policies.js';
import { evaluatePolicy, type RequestContext } from '../model/policy/evaluate.js';
import {
  buildOperatorPolicy,
  OPERATOR_SIDS,
  operatorPolicySizeWarning,
  ROOTCTL_READ_ACTIONS,
} from './operator-policy.js';
import { policyGrammarProblems } from './policy-grammar.js';

const MEMBER = '222233334444';
const OTHER = '555566667777';
const assumeRoot = (account: string, task: string, keys: Record<string, string> = {}): RequestContext => ({
  action: 'sts:AssumeRoot',
  resource: `arn:aws:iam::${account}:root`,
  keys: { 'sts:TaskPolicyArn': task, ...keys },
});
const AUDIT = taskPolicyArn('IAMAuditRootUserCredentials');
const DELETE = taskPolicyArn('IAMDeleteRootUserCredentials');

describe('operator policy', () => {
  it('is a well-formed identity policy whose JSON parses back unchanged', () => {
    const p = buildOperatorPolicy({
      tasks: ['audit', 'delete'],
      accounts: [MEMBER as AccountId],
      orgId: 'o-abcdefghij',
    });
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
    expect(policyGrammarProblems(p, { kind: 'identity' })).toEqual([]);
  });

  it('limits AssumeRoot with ArnEquals on sts:TaskPolicyArn and StringEqualsIfExists on aws:ResourceOrgID', () => {
    const p = buildOperatorPolicy({ tasks: ['audit', 'delete'], orgId: 'o-abcdefghij' });
    const st = p.Statement.find((s) => s.Sid === OPERATOR_SIDS.assumeRoot)!;
    expect(st).toMatchObject({
      Effect: 'Allow',
      Action: 'sts:AssumeRoot',
      Resource: ['arn:aws:iam::*:root'],
    });
    expect(st.Condition).toEqual({
      ArnEquals: { 'sts:TaskPolicyArn': [AUDIT, DELETE] },
      StringEqualsIfExists: { 'aws:ResourceOrgID': 'o-abcdefghij' },
    });
  });

  it('allows AssumeRoot with a chosen task policy and not with another one', () => {
    const p = buildOperatorPolicy({ tasks: ['audit', 'delete'] });
    expect(evaluatePolicy(p, assumeRoot(MEMBER, AUDIT)).decision).toBe('Allow');
    expect(evaluatePolicy(p, assumeRoot(MEMBER, DELETE)).decision).toBe('Allow');
    for (const other of [
      'IAMCreateRootUserPassword',
      'S3UnlockBucketPolicy',
      'SQSUnlockQueuePolicy',
    ] as const) {
      expect(evaluatePolicy(p, assumeRoot(MEMBER, taskPolicyArn(other))).decision).toBe('NoMatch');
    }
  });

  it('allows every task when all five are chosen, each with its exact ARN', () => {
    const p = buildOperatorPolicy({ tasks: TASK_POLICIES.map((t) => t.task) });
    for (const t of TASK_POLICIES)
      expect(evaluatePolicy(p, assumeRoot(MEMBER, taskPolicyArn(t.name))).decision).toBe('Allow');
    expect(
      evaluatePolicy(p, assumeRoot(MEMBER, 'arn:aws:iam::aws:policy/root-task/SomethingNew')).decision,
    ).toBe('NoMatch');
  });

  it('reads the older task spellings as the task names', () => {
    expect(buildOperatorPolicy({ tasks: ['unlock-s3', 'unlock-sqs'] })).toEqual(
      buildOperatorPolicy({ tasks: ['unlock-s3-bucket-policy', 'unlock-sqs-queue-policy'] }),
    );
  });

  it('restricts targets to the given accounts', () => {
    const p = buildOperatorPolicy({ tasks: ['audit'], accounts: [MEMBER as AccountId] });
    expect(evaluatePolicy(p, assumeRoot(MEMBER, AUDIT)).decision).toBe('Allow');
    expect(evaluatePolicy(p, assumeRoot(OTHER, AUDIT)).decision).toBe('NoMatch');
  });

  it('restricts targets to the organization with aws:ResourceOrgID where AWS sends it, and never refuses AssumeRoot for its absence', () => {
    const p = buildOperatorPolicy({ tasks: ['audit'], orgId: 'o-abcdefghij' });
    expect(
      evaluatePolicy(p, assumeRoot(MEMBER, AUDIT, { 'aws:ResourceOrgID': 'o-abcdefghij' })).decision,
    ).toBe('Allow');
    expect(
      evaluatePolicy(p, assumeRoot(MEMBER, AUDIT, { 'aws:ResourceOrgID': 'o-zzzzzzzzzz' })).decision,
    ).toBe('NoMatch');
    // The Service Authorization Reference documents only sts:TaskPolicyArn for sts:AssumeRoot.
    expect(evaluatePolicy(p, assumeRoot(MEMBER, AUDIT)).decision).toBe('Allow');
  });

  it('allows the reads rootctl makes and denies turning the features off', () => {
    const p = buildOperatorPolicy({ tasks: ['audit'] });
    for (const action of ROOTCTL_READ_ACTIONS)
      expect(evaluatePolicy(p, { action, resource: '*', keys: {} }).decision).toBe('Allow');
    expect(
      evaluatePolicy(p, { action: 'iam:DisableOrganizationsRootSessions', resource: '*', keys: {} }).decision,
    ).toBe('ExplicitDeny');
    expect(
      evaluatePolicy(p, { action: 'organizations:EnableAWSServiceAccess', resource: '*', keys: {} }).decision,
    ).toBe('NoMatch');
  });

  it('uses the partition in every ARN', () => {
    const p = buildOperatorPolicy({
      tasks: ['audit'],
      accounts: [MEMBER as AccountId],
      partition: 'aws-us-gov',
    });
    const text = JSON.stringify(p);
    expect(text).toContain(`arn:aws-us-gov:iam::${MEMBER}:root`);
    expect(text).toContain('arn:aws-us-gov:iam::aws:policy/root-task/IAMAuditRootUserCredentials');
    expect(text).not.toMatch(/arn:aws:/);
  });
});

describe('operator policy size', () => {
  it('warns when a long account list takes the policy over the IAM quotas', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => String(100000000000 + i) as AccountId);
    expect(
      operatorPolicySizeWarning(buildOperatorPolicy({ tasks: ['audit'], accounts: ids(20) })),
    ).toBeUndefined();
    expect(operatorPolicySizeWarning(buildOperatorPolicy({ tasks: ['audit'], accounts: ids(200) }))).toMatch(
      /fits only as an inline role policy/,
    );
    expect(operatorPolicySizeWarning(buildOperatorPolicy({ tasks: ['audit'], accounts: ids(400) }))).toMatch(
      /too large even for an inline/,
    );
  });
});

describe('policy grammar check', () => {
  it('catches misspelt operators, elements, missing Resource and bad Null values', () => {
    const bad = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'sts:AssumeRoot', Condition: { ArnEqual: { 'sts:TaskPolicyArn': 'x' } } },
        { Effect: 'Permit', Action: 'x', Resource: '*', Condtion: {} },
        { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Null: { 'aws:AssumedRoot': 'maybe' } } },
      ],
    };
    const problems = policyGrammarProblems(bad, { kind: 'identity' });
    expect(problems).toEqual(
      expect.arrayContaining([
        'Statement[0]: unknown condition operator ArnEqual',
        'Statement[0]: Resource is required',
        'Statement[1]: Effect must be Allow or Deny',
        'Statement[1]: unknown element Condtion',
        'Statement[1]: malformed action "x"',
        'Statement[2]: Null takes "true" or "false"',
      ]),
    );
  });
});
