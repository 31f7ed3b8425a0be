import { RootctlError } from '../errors.js';

/** A 12-digit AWS account id. Branded so a plain string cannot be passed by mistake. */
export type AccountId = string & { readonly __brand: 'AccountId' };

const ACCOUNT_ID = /^\d{12}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;

export function isAccountId(value: string): value is AccountId {
  return ACCOUNT_ID.test(value);
}

export function parseAccountId(value: string): AccountId {
  const v = value.trim();
  if (!isAccountId(v)) {
    throw new RootctlError('InvalidAccountId', `'${value}' is not an AWS account id (12 digits expected).`);
  }
  return v;
}

/** Parses `--accounts 111111111111,222222222222` (commas and/or spaces); rejects duplicates silently by de-duplicating. */
export function parseAccountList(value: string): AccountId[] {
  const parts = value
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (parts.length === 0) throw new RootctlError('InvalidAccountId', 'No account id given.');
  return [...new Set(parts.map(parseAccountId))];
}

export function isOuId(value: string): boolean {
  return OU_ID.test(value);
}

export function isRootId(value: string): boolean {
  return ROOT_ID.test(value);
}

export function parseOuId(value: string): string {
  const v = value.trim();
  if (!isOuId(v) && !isRootId(v)) {
    throw new RootctlError(
      'InvalidOuId',
      `'${value}' is not an OU id (ou-xxxx-xxxxxxxx) or root id (r-xxxx).`,
    );
  }
  return v;
}
