import { describe, expect, it } from 'vitest';
import { evaluatePolicy, type RequestContext } from '../model/policy/evaluate.js';
import { policyGrammarProblems, minifiedLength } from './policy-grammar.js';
import { recommendedScps, SCP_MAX_CHARS } from './scps.js';

const OPERATOR = 'arn:aws:iam::111122223333:role/RootOps';
const scps = recommendedScps({
  operatorRoleArns: [OPERATOR, 'arn:aws:iam::111122223333:role/break-glass-*'],
});
const byId = (id: string) => scps.find((s) => s.id === id)!.document;

const root = (acct: string, action: string, assumedRoot: boolean): RequestContext => ({
  action,
  resource: `arn:aws:iam::${acct}:root`,
  keys: {
    'aws:PrincipalArn': `arn:aws:iam::${acct}:root`,
    ...(assumedRoot ? { 'aws:AssumedRoot': 'true' } : {}),
  },
});

describe('recommended SCPs', () => {
  it('are well-formed SCPs under the 5,120 character quota, each explaining what it protects and breaks', () => {
    expect(scps.map((s) => s.id)).toEqual([
      'deny-assume-root-except-operators',
      'deny-root-user-except-root-sessions',
      'protect-centralized-root-access',
    ]);
    for (const s of scps) {
      expect(policyGrammarProblems(JSON.parse(JSON.stringify(s.document)), { kind: 'scp' })).toEqual([]);
      expect(minifiedLength(s.document)).toBeLessThan(SCP_MAX_CHARS);
      expect(s.protects.length).toBeGreaterThan(20);
      expect(s.breaks.length).toBeGreaterThan(20);
    }
  });

  it('leaves out the AssumeRoot SCP without operator roles', () => {
    expect(recommendedScps().map((s) => s.id)).toEqual([
      'deny-root-user-except-root-sessions',
      'protect-centralized-root-access',
    ]);
  });

  it('denies the root user but not root sessions, through the Null aws:AssumedRoot carve-out', () => {
    const doc = byId('deny-root-user-except-root-sessions');
    expect(JSON.stringify(doc)).toContain('"Null":{"aws:AssumedRoot":"true"}');
    expect(evaluatePolicy(doc, root('222233334444', 'iam:CreateAccessKey', false)).decision).toBe(
      'ExplicitDeny',
    );
    for (const action of [
      'iam:DeleteLoginProfile',
      'iam:GetAccountSummary',
      's3:DeleteBucketPolicy',
      'sqs:SetQueueAttributes',
    ]) {
      expect(evaluatePolicy(doc, root('222233334444', action, true)).decision).toBe('NoMatch');
    }
    const role = {
      action: 'ec2:RunInstances',
      resource: '*',
      keys: { 'aws:PrincipalArn': 'arn:aws:iam::222233334444:role/App' },
    };
    expect(evaluatePolicy(doc, role).decision).toBe('NoMatch');
  });

  it('denies AssumeRoot to every role except the operator roles (wildcards included)', () => {
    const doc = byId('deny-assume-root-except-operators');
    const ctx = (principal: string): RequestContext => ({
      action: 'sts:AssumeRoot',
      resource: 'arn:aws:iam::222233334444:root',
      keys: { 'aws:PrincipalArn': principal },
    });
    expect(evaluatePolicy(doc, ctx(OPERATOR)).decision).toBe('NoMatch');
    expect(evaluatePolicy(doc, ctx('arn:aws:iam::111122223333:role/break-glass-1')).decision).toBe('NoMatch');
    expect(evaluatePolicy(doc, ctx('arn:aws:iam::111122223333:role/Admin')).decision).toBe('ExplicitDeny');
  });

  it('denies disabling the features, and trusted access / delegation only for IAM', () => {
    const doc = byId('protect-centralized-root-access');
    const ctx = (action: string, sp?: string): RequestContext => ({
      action,
      resource: '*',
      keys: sp ? { 'organizations:ServicePrincipal': sp } : {},
    });
    expect(evaluatePolicy(doc, ctx('iam:DisableOrganizationsRootSessions')).decision).toBe('ExplicitDeny');
    expect(evaluatePolicy(doc, ctx('iam:DisableOrganizationsRootCredentialsManagement')).decision).toBe(
      'ExplicitDeny',
    );
    expect(
      evaluatePolicy(doc, ctx('organizations:DisableAWSServiceAccess', 'iam.amazonaws.com')).decision,
    ).toBe('ExplicitDeny');
    expect(
      evaluatePolicy(doc, ctx('organizations:DeregisterDelegatedAdministrator', 'iam.amazonaws.com'))
        .decision,
    ).toBe('ExplicitDeny');
    expect(
      evaluatePolicy(doc, ctx('organizations:DisableAWSServiceAccess', 'config.amazonaws.com')).decision,
    ).toBe('NoMatch');
  });
});
