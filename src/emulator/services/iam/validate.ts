/**
 * IAM input constraints from the service model (botocore `iam/2010-05-08/service-2.json`,
 * aws-sdk-js-v3 `codegen/sdk-codegen/aws-models/iam.json`): length and pattern of the members the
 * emulated operations take. A violation is `ValidationError` (400) in IAM's wording, every
 * violation of the request in one message, checked before the call is authorized.
 */
import { AwsError } from '../../http-types.js';
import { lowerFirst, type QueryInput } from '../../protocols/query.js';
import type { Operation } from '../types.js';

interface Constraint {
  min: number;
  max: number;
  /** The model's pattern, as the error message quotes it; matched against the whole value. */
  pattern: string;
}

const existingUserNameType: Constraint = { min: 1, max: 128, pattern: '[\\w+=,.@-]+' };
const userNameType: Constraint = { min: 1, max: 64, pattern: '[\\w+=,.@-]+' };
const accessKeyIdType: Constraint = { min: 16, max: 128, pattern: '[\\w]+' };
const certificateIdType: Constraint = { min: 24, max: 128, pattern: '[\\w]+' };
const serialNumberType: Constraint = { min: 9, max: 256, pattern: '[\\w+=/:,.@-]+' };
const markerType: Constraint = { min: 1, max: 320, pattern: '[\\u0020-\\u00FF]+' };

const LIST = { UserName: existingUserNameType, Marker: markerType };

/** Member constraints per operation (only the operations the emulator implements). */
export const IAM_INPUT_CONSTRAINTS: Record<string, Record<string, Constraint>> = {
  GetUser: { UserName: existingUserNameType },
  GetLoginProfile: { UserName: userNameType },
  CreateLoginProfile: { UserName: userNameType },
  DeleteLoginProfile: { UserName: userNameType },
  ListAccessKeys: LIST,
  ListSigningCertificates: LIST,
  ListMFADevices: LIST,
  GetAccessKeyLastUsed: { AccessKeyId: accessKeyIdType },
  DeleteAccessKey: { UserName: existingUserNameType, AccessKeyId: accessKeyIdType },
  UpdateAccessKey: { UserName: existingUserNameType, AccessKeyId: accessKeyIdType },
  DeleteSigningCertificate: { UserName: existingUserNameType, CertificateId: certificateIdType },
  DeactivateMFADevice: { UserName: existingUserNameType, SerialNumber: serialNumberType },
  DeleteVirtualMFADevice: { SerialNumber: serialNumberType },
  ListVirtualMFADevices: { Marker: markerType },
};

function violations(name: string, value: string, c: Constraint): string[] {
  const at = `Value '${value}' at '${lowerFirst(name)}' failed to satisfy constraint: Member must`;
  const out: string[] = [];
  // Lengths in UTF-16 code units would miscount astral characters; the model counts characters.
  const length = [...value].length;
  if (length < c.min) out.push(`${at} have length greater than or equal to ${c.min}`);
  if (length > c.max) out.push(`${at} have length less than or equal to ${c.max}`);
  if (length > 0 && !new RegExp(`^(?:${c.pattern})$`, 'u').test(value))
    out.push(`${at} satisfy regular expression pattern: ${c.pattern}`);
  return out;
}

export function validateIamInput(operation: string, input: QueryInput): void {
  const constraints = IAM_INPUT_CONSTRAINTS[operation];
  if (!constraints) return;
  const found: string[] = [];
  for (const [member, c] of Object.entries(constraints)) {
    const value = input.get(member);
    if (value !== undefined) found.push(...violations(member, value, c));
  }
  if (found.length === 0) return;
  const count = found.length === 1 ? '1 validation error' : `${found.length} validation errors`;
  throw new AwsError('ValidationError', `${count} detected: ${found.join('; ')}`, 400);
}

/** The operations with their input checked before authorization (the resource hook runs first). */
export function withInputValidation(
  operations: Record<string, Operation<QueryInput>>,
): Record<string, Operation<QueryInput>> {
  return Object.fromEntries(
    Object.entries(operations).map(([name, op]) => [
      name,
      {
        ...op,
        resource: (ctx, input: QueryInput) => {
          validateIamInput(name, input);
          return op.resource?.(ctx, input) ?? '*';
        },
      } satisfies Operation<QueryInput>,
    ]),
  );
}
