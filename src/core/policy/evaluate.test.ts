import { describe, expect, it } from 'vitest';
import {
  evaluatePolicy,
  evaluateScps,
  globMatch,
  type PolicyDocument,
  type RequestContext,
} from './evaluate.js';
import { TASK_POLICY_DOCUMENTS } from './task-policies.js';

const rootCtx = (action: string, resource = 'arn:aws:iam::222222222222:root'): RequestContext => ({
  action,
  resource,
  keys: {
    'aws:PrincipalArn': 'arn:aws:iam::222222222222:root',
    'aws:AssumedRoot': 'true',
    'aws:PrincipalAccount': '222222222222',
  },
});

describe('policy evaluator', () => {
  it('matches wildcards, actions case-insensitively and resources case-sensitively', () => {
    expect(globMatch('iam:Get*', 'IAM:GetUser', true)).toBe(true);
    expect(globMatch('arn:aws:iam::*:root', 'arn:aws:iam::1:ROOT')).toBe(false);
    expect(globMatch('a?c', 'abc')).toBe(true);
  });

  it('lets the audit task call GetAccountSummary but not DeleteAccessKey', () => {
    const doc = TASK_POLICY_DOCUMENTS.IAMAuditRootUserCredentials;
    expect(evaluatePolicy(doc, rootCtx('iam:GetAccountSummary')).decision).toBe('NoMatch');
    expect(evaluatePolicy(doc, rootCtx('iam:DeleteAccessKey')).decision).toBe('ExplicitDeny');
  });

  it('denies DeleteVirtualMFADevice in a delete session because its resource is not the root ARN', () => {
    const doc = TASK_POLICY_DOCUMENTS.IAMDeleteRootUserCredentials;
    expect(evaluatePolicy(doc, rootCtx('iam:DeactivateMFADevice')).decision).toBe('NoMatch');
    expect(
      evaluatePolicy(doc, rootCtx('iam:DeleteVirtualMFADevice', 'arn:aws:iam::222222222222:mfa/root'))
        .decision,
    ).toBe('ExplicitDeny');
    expect(evaluatePolicy(doc, rootCtx('iam:GetAccountSummary')).decision).toBe('ExplicitDeny');
  });

  it('treats a missing key as true for negated operators and Null', () => {
    const doc: PolicyDocument = {
      Statement: [
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { Null: { 'aws:AssumedRoot': 'true' }, StringNotLike: { 'aws:SourceVpc': 'vpc-1' } },
        },
      ],
    };
    const ctx = { action: 's3:GetObject', resource: '*', keys: {} };
    expect(evaluatePolicy(doc, ctx).decision).toBe('ExplicitDeny');
    expect(evaluatePolicy(doc, { ...ctx, keys: { 'aws:AssumedRoot': 'true' } }).decision).toBe('NoMatch');
  });

  it('substitutes policy variables', () => {
    const doc = TASK_POLICY_DOCUMENTS.SQSUnlockQueuePolicy;
    const own = {
      action: 'sqs:GetQueueAttributes',
      resource: 'arn:aws:sqs:us-east-1:222222222222:q',
      keys: { ...rootCtx('x').keys, 'aws:ResourceAccount': '222222222222' },
    };
    expect(evaluatePolicy(doc, own).decision).toBe('NoMatch');
    expect(
      evaluatePolicy(doc, { ...own, keys: { ...own.keys, 'aws:ResourceAccount': '333333333333' } }).decision,
    ).toBe('ExplicitDeny');
  });

  it('needs an Allow at every SCP level and honours an explicit deny anywhere', () => {
    const allow = {
      id: 'p-full',
      name: 'Full',
      document: { Statement: [{ Effect: 'Allow' as const, Action: '*', Resource: '*' }] },
    };
    const deny = {
      id: 'p-deny',
      name: 'Deny',
      document: { Statement: [{ Effect: 'Deny' as const, Action: 'iam:*', Resource: '*' }] },
    };
    const ctx = rootCtx('iam:GetUser');
    expect(
      evaluateScps(
        [
          { targetId: 'r', policies: [allow] },
          { targetId: 'a', policies: [allow] },
        ],
        ctx,
      ).decision,
    ).toBe('Allow');
    expect(
      evaluateScps(
        [
          { targetId: 'r', policies: [allow] },
          { targetId: 'a', policies: [] },
        ],
        ctx,
      ),
    ).toEqual({ decision: 'ImplicitDeny', targetId: 'a' });
    expect(
      evaluateScps(
        [
          { targetId: 'r', policies: [allow, deny] },
          { targetId: 'a', policies: [allow] },
        ],
        ctx,
      ),
    ).toMatchObject({ decision: 'ExplicitDeny', targetId: 'r' });
  });
});
