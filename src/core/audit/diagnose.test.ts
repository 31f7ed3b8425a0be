import { describe, expect, it } from 'vitest';
import type { AccountId } from '../model/account-id.js';
import { DIAGNOSIS, diagnose, orgWideDenial } from './diagnose.js';
import type { RawFailure } from './failure.js';
import { classifyFailure, toRawFailure } from './failure.js';
import { AwsCallError } from '../aws-call-error.js';
import { RootctlError } from '../errors.js';
import { RetryFailure } from '../concurrency/retry.js';

const id = '222222222222' as AccountId;
const f = (over: Partial<RawFailure>): RawFailure => ({
  stage: 'assume-root',
  code: 'AccessDenied',
  message: '',
  operation: 'sts:AssumeRoot',
  kind: 'fatal',
  retries: 0,
  reason: 'fatal',
  ...over,
});

describe('diagnose', () => {
  it('recognises AssumeRoot denials in plain words', () => {
    expect(
      diagnose(
        f({
          message:
            'User: x is not authorized to perform: sts:AssumeRoot on resource: y because privileged root actions (RootSessions) are not enabled for the organization',
        }),
        { accountId: id },
      ).diagnosis,
    ).toBe(DIAGNOSIS.rootSessionsOff);
    expect(
      diagnose(
        f({
          message:
            'User: x is not authorized to perform: sts:AssumeRoot on resource: y because no identity-based policy allows the sts:AssumeRoot action',
        }),
        { accountId: id },
      ).diagnosis,
    ).toBe(DIAGNOSIS.callerNotAllowed);
    expect(
      diagnose(
        f({
          message:
            'User: x is not authorized to perform: sts:AssumeRoot on resource: y with an explicit deny in an identity-based policy',
        }),
        { accountId: id },
      ).diagnosis,
    ).toBe(DIAGNOSIS.callerNotAllowed);
    expect(
      diagnose(
        f({
          message:
            'because the caller is not in the management account or the IAM delegated administrator account of the organization',
        }),
        { accountId: id },
      ).diagnosis,
    ).toBe(DIAGNOSIS.callerNotAdmin);
  });

  it('keeps AWS code and message, and says how many retries were spent', () => {
    const e = diagnose(
      f({
        stage: 'session',
        code: 'Throttling',
        message: 'Rate exceeded',
        operation: 'iam:ListAccessKeys',
        kind: 'throttling',
        retries: 9,
        reason: 'attempts',
      }),
      { accountId: id },
    );
    expect(e).toEqual({
      code: 'Throttling',
      message: 'Rate exceeded',
      diagnosis: 'throttled after 9 retries (iam:ListAccessKeys)',
    });
    expect(
      diagnose(f({ kind: 'network', code: 'NetworkError', retries: 3, reason: 'attempts' }), {
        accountId: id,
      }).diagnosis,
    ).toMatch(/^network error calling sts:AssumeRoot after 3 retries/);
  });

  it("says when retries stopped because the run's retry budget was spent", () => {
    const spent = (kind: RawFailure['kind'], code: string) =>
      diagnose(f({ kind, code, retries: 0, reason: 'budget' }), { accountId: id }).diagnosis;
    expect(spent('network', 'NetworkError')).toBe(
      "network error calling sts:AssumeRoot after 0 retries; the run's retry budget was spent (calls kept failing): check the endpoint, proxy and connectivity",
    );
    expect(spent('transient', 'ServiceUnavailable')).toBe(
      "AWS service error ServiceUnavailable calling sts:AssumeRoot after 0 retries; the run's retry budget was spent (calls kept failing)",
    );
  });

  it('falls back to the policy id in the message when the SCPs are not known', () => {
    const d = diagnose(
      f({
        stage: 'session',
        operation: 'iam:GetAccountSummary',
        message:
          'with an explicit deny in a service control policy: arn:aws:organizations::111111111111:policy/o-abc/service_control_policy/p-zzzz1234',
      }),
      { accountId: id },
    );
    expect(d.diagnosis).toBe('blocked by SCP p-zzzz1234');
  });

  it('marks accounts that were not attempted', () => {
    expect(
      diagnose(f({ notAttempted: true, message: 'RootSessions are not enabled' }), { accountId: id })
        .diagnosis,
    ).toBe(`not attempted after the same denial for other accounts: ${DIAGNOSIS.rootSessionsOff}`);
    expect(orgWideDenial(f({ stage: 'session', message: 'RootSessions' }))).toBeUndefined();
  });
});

describe('failure classification', () => {
  it('classifies adapter errors for retrying', () => {
    expect(
      classifyFailure(new AwsCallError('Throttling', 'Rate exceeded', 'sts:AssumeRoot', 'throttling')),
    ).toBe('throttling');
    expect(classifyFailure(new AwsCallError('AccessDenied', 'no', 'sts:AssumeRoot'))).toBe('fatal');
    expect(classifyFailure(new AwsCallError('ServiceFailure', 'x', 'iam:ListMFADevices'))).toBe('transient');
    expect(classifyFailure(new RootctlError('Throttled', 'x'))).toBe('throttling');
    expect(classifyFailure(new RootctlError('NetworkError', 'x'))).toBe('network');
    expect(
      classifyFailure(new RootctlError('AwsError', 'x', { details: { awsCode: 'ServiceException' } })),
    ).toBe('transient');
    expect(classifyFailure(new RootctlError('AccessDenied', 'x'))).toBe('fatal');
  });

  it('turns a retry failure into a raw failure with AWS code, operation and retries', () => {
    const raw = toRawFailure(
      new RetryFailure(
        new AwsCallError('InternalError', 'boom', 'iam:GetLoginProfile', 'transient'),
        'transient',
        4,
        'attempts',
      ),
      'session',
      'iam',
    );
    expect(raw).toMatchObject({
      stage: 'session',
      code: 'InternalError',
      operation: 'iam:GetLoginProfile',
      retries: 3,
      kind: 'transient',
    });
    expect(toRawFailure(new TypeError('oops'), 'session', 'iam')).toMatchObject({
      stage: 'internal',
      code: 'InternalError',
    });
  });
});
