import { describe, expect, it } from 'vitest';
import { unknownConditionOperators } from '../../core/model/policy/evaluate.js';
import { generateScenario } from './generate.js';
import { parseScenario } from './schema.js';

const withCondition = (condition: Record<string, unknown>) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: condition }],
});

describe('condition operators IAM does not know', () => {
  it('are found, with their qualifiers and IfExists, names case-sensitive', () => {
    const known = withCondition({
      StringEqualsIfExists: { 'aws:PrincipalAccount': '1' },
      'ForAnyValue:StringLike': { 'aws:TagKeys': 'a*' },
      NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
      DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' },
      Null: { 'aws:AssumedRoot': 'true' },
      BinaryEquals: { 'aws:x': 'QUJD' },
      ArnNotLikeIfExists: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' },
    });
    expect(unknownConditionOperators(known)).toEqual([]);
    const bad = withCondition({
      StringEqualz: { a: 'b' },
      stringequals: { a: 'b' },
      NullIfExists: { a: 'true' },
      'ForSomeValues:StringLike': { a: 'b' },
    });
    expect(unknownConditionOperators(bad)).toEqual([
      'StringEqualz',
      'stringequals',
      'NullIfExists',
      'ForSomeValues:StringLike',
    ]);
  });

  it('make a scenario SCP or identity policy refused at load, as AWS refuses them when written', () => {
    const scenario = generateScenario({ accounts: 5, seed: 1, state: 'configured' });
    const scp = structuredClone(scenario);
    scp.policies[0]!.content = JSON.stringify(withCondition({ StringEqualz: { a: 'b' } }));
    expect(() => parseScenario(scp)).toThrow(
      "condition operator 'StringEqualz' is not an IAM condition operator (Organizations would refuse it: MalformedPolicyDocumentException)",
    );
    const identity = structuredClone(scenario);
    identity.principals[0]!.policies = [withCondition({ DateAfter: { a: 'b' } })];
    expect(() => parseScenario(identity)).toThrow(
      "condition operator 'DateAfter' is not an IAM condition operator (IAM would refuse it: MalformedPolicyDocument)",
    );
    expect(() => parseScenario(scenario)).not.toThrow();
  });
});
