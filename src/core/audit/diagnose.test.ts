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

const AWS = { partition: 'aws' } as const;

describe('diagnose', () => {
  // AWS's own texts (radkawar/stackd testdata/aws/iam/root_sessions.json, root_access.json).
  const BARE =
    'User: arn:aws:sts::111111111111:assumed-role/RootOps/me is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::222222222222:root';

  it("recognises AWS's AssumeRoot refusals in plain words", () => {
    const said = (message: string) => diagnose(f({ message }), { accountId: id, facts: AWS }).diagnosis;
    expect(said('Root credentials management feature is not enabled for your AWS Organization.')).toBe(
      DIAGNOSIS.rootCredentialsManagementOff,
    );
    expect(said('Root sessions feature is not enabled for your AWS Organization.')).toBe(
      DIAGNOSIS.rootSessionsOff,
    );
    expect(said('Service not enabled for AWS Organizations.')).toBe(DIAGNOSIS.trustedAccessOff);
    expect(said(BARE)).toBe(DIAGNOSIS.notAuthorized);
    expect(DIAGNOSIS.rootCredentialsManagementOff).toMatch(/RootCredentialsManagement is not enabled/);
    expect(DIAGNOSIS.notAuthorized).toMatch(/without a reason/);
    expect(
      said(
        'User: x is not authorized to perform: sts:AssumeRoot on resource: y with an explicit deny in an identity-based policy',
      ),
    ).toBe(DIAGNOSIS.callerNotAllowed);
  });

  it('treats the three organization-wide refusals and the bare denial as organization-wide, nothing else', () => {
    expect(
      orgWideDenial(
        f({ message: 'Root credentials management feature is not enabled for your AWS Organization.' }),
      ),
    ).toBe('root-credentials-management-off');
    expect(
      orgWideDenial(f({ message: 'Root sessions feature is not enabled for your AWS Organization.' })),
    ).toBe('root-sessions-off');
    expect(orgWideDenial(f({ message: 'Service not enabled for AWS Organizations.' }))).toBe(
      'trusted-access-off',
    );
    expect(orgWideDenial(f({ message: BARE }))).toBe('not-authorized');
    // A reason after the bare text is not AWS's bare denial; neither is another code.
    expect(orgWideDenial(f({ message: `${BARE} because of something else` }))).toBeUndefined();
    expect(orgWideDenial(f({ code: 'Throttling', message: BARE }))).toBeUndefined();
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
      { accountId: id, facts: AWS },
    );
    expect(e).toEqual({
      code: 'Throttling',
      message: 'Rate exceeded',
      diagnosis: 'throttled after 9 retries (iam:ListAccessKeys)',
    });
    expect(
      diagnose(f({ kind: 'network', code: 'NetworkError', retries: 3, reason: 'attempts' }), {
        accountId: id,
        facts: AWS,
      }).diagnosis,
    ).toMatch(/^network error calling sts:AssumeRoot after 3 retries/);
  });

  it("says when retries stopped because the run's retry budget was spent", () => {
    const spent = (kind: RawFailure['kind'], code: string) =>
      diagnose(f({ kind, code, retries: 0, reason: 'budget' }), { accountId: id, facts: AWS }).diagnosis;
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
      { accountId: id, facts: AWS },
    );
    expect(d.diagnosis).toBe('blocked by SCP p-zzzz1234');
  });

  it('marks accounts that were not attempted', () => {
    expect(
      diagnose(
        f({ notAttempted: true, message: 'Root sessions feature is not enabled for your AWS Organization.' }),
        { accountId: id, facts: AWS },
      ).diagnosis,
    ).toBe(`not attempted after the same denial for other accounts: ${DIAGNOSIS.rootSessionsOff}`);
    expect(
      orgWideDenial(
        f({ stage: 'session', message: 'Root sessions feature is not enabled for your AWS Organization.' }),
      ),
    ).toBeUndefined();
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
