import { describe, expect, it } from 'vitest';
import { mfaTypeOf } from './mfa-type.js';

describe('mfaTypeOf (serial forms from the IAM API reference and AWS CLI examples)', () => {
  it('reads a virtual device from its mfa/ ARN, in any partition', () => {
    expect(mfaTypeOf('arn:aws:iam::123456789012:mfa/root-account-mfa-device')).toBe('virtual');
    expect(mfaTypeOf('arn:aws-us-gov:iam::123456789012:mfa/Bob')).toBe('virtual');
  });
  it('reads a FIDO security key from its u2f/ ARN', () => {
    expect(mfaTypeOf('arn:aws:iam::123456789012:u2f/user/alice/fidokeyname-EXAMPLEBN5FHTECLFG7EXAMPLE')).toBe(
      'fido',
    );
    expect(mfaTypeOf('arn:aws:iam::123456789012:u2f/root-user/fidokeyname-EXAMPLE')).toBe('fido');
  });
  it('reads a hardware TOTP token from a plain serial', () => {
    expect(mfaTypeOf('GAHT12345678')).toBe('hardware');
    expect(mfaTypeOf('GAKT12345678')).toBe('hardware');
  });
  it('says unknown rather than guessing', () => {
    expect(mfaTypeOf('arn:aws:iam::123456789012:user/Bob')).toBe('unknown');
    expect(mfaTypeOf('arn:aws:iam::mfa/x')).toBe('unknown');
    expect(mfaTypeOf('short')).toBe('unknown');
  });
});
