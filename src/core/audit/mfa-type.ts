/**
 * The kind of an MFA device, from the serial number IAM's ListMFADevices returns (AWS's forms):
 * - virtual (authenticator app): the device ARN, `arn:<partition>:iam::<account>:mfa/<name>`
 *   (IAM API reference, MFADevice.SerialNumber: "For virtual MFA devices, the serial number is the
 *   device ARN"; AWS CLI `list-mfa-devices` example `arn:aws:iam::123456789012:mfa/Bob`);
 * - FIDO security key (passkey / U2F): an ARN with a `u2f/` resource, e.g.
 *   `arn:aws:iam::123456789012:u2f/user/alice/fidokeyname-EXAMPLE...` (AWS CLI `get-mfa-device`
 *   example, which also reports `Certifications.FIDO`);
 * - hardware TOTP token: the serial printed on the device, not an ARN, e.g. `GAHT12345678`
 *   (STS GetSessionToken SerialNumber) or `GAKT12345678` (AWS CLI `list-mfa-devices` example).
 * Anything else (an ARN of another shape) is `unknown`, never guessed.
 */
export type MfaType = 'virtual' | 'hardware' | 'fido' | 'unknown';

export const MFA_TYPE_LABEL: Record<MfaType, string> = {
  virtual: 'virtual MFA',
  hardware: 'hardware TOTP token',
  fido: 'FIDO security key',
  unknown: 'MFA device of unknown type',
};

export function mfaTypeOf(serialNumber: string): MfaType {
  const arn = /^arn:[a-z-]+:iam::\d{12}:([a-z0-9]+)\//.exec(serialNumber);
  if (arn) return arn[1] === 'mfa' ? 'virtual' : arn[1] === 'u2f' ? 'fido' : 'unknown';
  if (serialNumber.startsWith('arn:')) return 'unknown';
  return /^[\w+=,.@-]{9,256}$/.test(serialNumber) ? 'hardware' : 'unknown';
}
