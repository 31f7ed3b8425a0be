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

  describe('unknown, said out loud', () => {
    const denyRoot = (condition: Record<string, Record<string, string>>): PolicyDocument => ({
      Statement: [
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' }, ...condition },
        },
      ],
    });
    const analysis: RequestContext = { ...rootCtx('iam:DeleteLoginProfile'), knowledge: 'partial' };

    it('a Deny on a key only a real request has (NotIpAddress aws:SourceIp) might apply: Unknown', () => {
      const doc = denyRoot({ NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } });
      expect(evaluatePolicy(doc, analysis)).toMatchObject({ decision: 'Unknown', possibly: 'Deny' });
      // With the request known, the answer is certain either way.
      const at = (ip: string) => ({ ...analysis, keys: { ...analysis.keys, 'aws:SourceIp': ip } });
      expect(evaluatePolicy(doc, at('198.51.100.1')).decision).toBe('ExplicitDeny');
      expect(evaluatePolicy(doc, at('192.0.2.10')).decision).toBe('NoMatch');
    });

    it('DateGreaterThan aws:CurrentTime is Unknown at analysis time', () => {
      const doc = denyRoot({ DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } });
      expect(evaluatePolicy(doc, analysis).decision).toBe('Unknown');
    });

    it('an operator the evaluator does not implement is Unknown, never "no match"', () => {
      const doc = denyRoot({ StringMatchesRegex: { 'aws:PrincipalArn': '.*' } });
      expect(evaluatePolicy(doc, rootCtx('iam:DeleteLoginProfile')).decision).toBe('Unknown');
      expect(evaluatePolicy(doc, analysis).decision).toBe('Unknown');
    });

    it('a key known to be absent is certain: the Null exemption still exempts root sessions', () => {
      const doc = denyRoot({ Null: { 'aws:AssumedRoot': 'true' } });
      expect(evaluatePolicy(doc, analysis).decision).toBe('NoMatch');
      const rootUser = { ...analysis, keys: { ...analysis.keys, 'aws:AssumedRoot': undefined } };
      expect(evaluatePolicy(doc, rootUser).decision).toBe('ExplicitDeny');
    });

    it('a certain denial wins over an uncertain one across SCP levels', () => {
      const full = {
        id: 'p-full',
        name: 'Full',
        document: { Statement: [{ Effect: 'Allow' as const, Action: '*' }] },
      };
      const maybe = {
        id: 'p-ip',
        name: 'DenyOutsideCorp',
        document: denyRoot({ NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }),
      };
      const levels = [
        { targetId: 'r-1', policies: [full, maybe] },
        { targetId: 'ou-1', policies: [full] },
      ];
      expect(evaluateScps(levels, analysis)).toMatchObject({
        decision: 'Unknown',
        possibly: 'Deny',
        targetId: 'r-1',
        policy: { id: 'p-ip' },
      });
      expect(evaluateScps([...levels, { targetId: 'a', policies: [] }], analysis)).toMatchObject({
        decision: 'ImplicitDeny',
        targetId: 'a',
      });
    });

    it('NotPrincipal and Principal match the caller when it is named', () => {
      const doc: PolicyDocument = {
        Statement: [
          {
            Effect: 'Deny',
            NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/Ops' },
            Action: '*',
            Resource: '*',
          },
        ],
      };
      const as = (arn: string): RequestContext => ({
        action: 's3:GetObject',
        resource: '*',
        keys: {},
        principal: { AWS: [arn] },
      });
      expect(evaluatePolicy(doc, as('arn:aws:iam::111122223333:role/Ops')).decision).toBe('NoMatch');
      expect(evaluatePolicy(doc, as('arn:aws:iam::111122223333:role/Dev')).decision).toBe('ExplicitDeny');
    });
  });
});
