import { describe, expect, it } from 'vitest';
import { RootctlError } from '../errors.js';
import {
  parseEmail,
  parseOrgId,
  parsePrincipalArnList,
  parseRoleArnList,
  parseSnsTopicArn,
  parseTaskList,
  parseTrustedPrincipalArn,
} from './inputs.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof RootctlError ? `${e.code}:${e.exitCode}` : 'not a RootctlError';
  }
}

describe('guardrails inputs', () => {
  it('parses task lists in catalogue order and rejects unknown names with UnknownTask (exit 2)', () => {
    expect(parseTaskList('delete, audit')).toEqual(['audit', 'delete']);
    expect(codeOf(() => parseTaskList('audit,reboot'))).toBe('UnknownTask:2');
    expect(codeOf(() => parseTaskList(' , '))).toBe('UnknownTask:2');
  });

  it('validates organization ids, trusted principals, role and principal ARNs, topics and emails', () => {
    expect(parseOrgId('o-abcdefghij')).toBe('o-abcdefghij');
    expect(codeOf(() => parseOrgId('o-ABC'))).toBe('InvalidInput:2');
    expect(parseTrustedPrincipalArn('arn:aws:iam::111122223333:role/path/Ops').arn).toBe(
      'arn:aws:iam::111122223333:role/path/Ops',
    );
    expect(parseTrustedPrincipalArn('arn:aws-cn:iam::111122223333:root').partition).toBe('aws-cn');
    for (const bad of [
      'arn:aws:iam::111122223333:role/*',
      'arn:aws:s3:::bucket',
      'arn:aws:iam::12345:role/x',
      'RootOps',
    ])
      expect(codeOf(() => parseTrustedPrincipalArn(bad))).toBe('InvalidArn:2');
    expect(
      parseRoleArnList('arn:aws:iam::111122223333:role/RootOps,arn:aws:iam::111122223333:role/bg-*'),
    ).toHaveLength(2);
    expect(codeOf(() => parseRoleArnList('arn:aws:iam::111122223333:user/alice'))).toBe('InvalidArn:2');
    expect(parsePrincipalArnList('arn:aws:sts::111122223333:assumed-role/RootOps/*')).toHaveLength(1);
    expect(codeOf(() => parsePrincipalArnList('arn:aws:s3:::b'))).toBe('InvalidArn:2');
    expect(parseSnsTopicArn('arn:aws:sns:eu-west-1:111122223333:alerts').arn).toBe(
      'arn:aws:sns:eu-west-1:111122223333:alerts',
    );
    expect(codeOf(() => parseSnsTopicArn('arn:aws:sns:eu-west-1:111122223333:alerts.fifo'))).toBe(
      'InvalidInput:2',
    );
    expect(codeOf(() => parseSnsTopicArn('arn:aws:sqs:eu-west-1:111122223333:q'))).toBe('InvalidArn:2');
    expect(codeOf(() => parseEmail('not-an-email'))).toBe('InvalidInput:2');
  });
});
