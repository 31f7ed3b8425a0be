import { describe, expect, it } from 'vitest';
import { assumeRootPattern, matchesEventPattern, rootSignInPattern } from './event-pattern.js';

const event = (
  detail: Record<string, unknown>,
  source = 'aws.sts',
  detailType = 'AWS API Call via CloudTrail',
) => ({ source, 'detail-type': detailType, detail });

describe('event pattern matcher', () => {
  it('matches exact values in arrays and nested objects, ignoring fields not in the pattern', () => {
    expect(matchesEventPattern({ a: ['x', 'y'], b: { c: [1] } }, { a: 'y', b: { c: 1, d: 2 }, e: 3 })).toBe(
      true,
    );
    expect(matchesEventPattern({ a: ['x'] }, { a: 'X' })).toBe(false);
    expect(matchesEventPattern({ b: { c: [1] } }, { b: 'not an object' })).toBe(false);
    expect(matchesEventPattern({ b: { c: [1] } }, {})).toBe(false);
  });

  it('matches an array field when any element matches, and supports exists and prefix', () => {
    expect(matchesEventPattern({ r: ['a'] }, { r: ['b', 'a'] })).toBe(true);
    expect(matchesEventPattern({ r: [{ exists: false }] }, {})).toBe(true);
    expect(matchesEventPattern({ r: [{ exists: true }] }, {})).toBe(false);
    expect(matchesEventPattern({ r: [{ prefix: 'arn:aws:iam::' }] }, { r: 'arn:aws:iam::1:root' })).toBe(
      true,
    );
  });

  it('AssumeRoot pattern needs source, detail-type, eventSource and eventName together', () => {
    const p = assumeRootPattern();
    expect(matchesEventPattern(p, event({ eventSource: 'sts.amazonaws.com', eventName: 'AssumeRoot' }))).toBe(
      true,
    );
    expect(matchesEventPattern(p, event({ eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole' }))).toBe(
      false,
    );
    expect(
      matchesEventPattern(p, event({ eventSource: 'sts.amazonaws.com', eventName: 'AssumeRoot' }, 'aws.iam')),
    ).toBe(false);
    expect(
      matchesEventPattern(
        p,
        event(
          { eventSource: 'sts.amazonaws.com', eventName: 'AssumeRoot' },
          'aws.sts',
          'AWS Service Event via CloudTrail',
        ),
      ),
    ).toBe(false);
  });

  it('root sign-in pattern matches a root ConsoleLogin and not an IAM user sign-in', () => {
    const p = rootSignInPattern();
    const login = (type: string) =>
      event(
        { eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', userIdentity: { type } },
        'aws.signin',
        'AWS Console Sign In via CloudTrail',
      );
    expect(matchesEventPattern(p, login('Root'))).toBe(true);
    expect(matchesEventPattern(p, login('IAMUser'))).toBe(false);
  });
});
