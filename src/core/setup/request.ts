/**
 * What setup is asked to do, from options as given (the CLI's flags, the library's options), checked
 * before any AWS call so a typo never reaches the organization. Refusals are usage errors (exit 2).
 */
import { RootctlError } from '../errors.js';
import { parseAccountId } from '../model/account-id.js';
import { parseFeatures } from './features.js';
import type { SetupRequest } from './types.js';

export interface SetupInput {
  /** 'undo' plans the way back. Default 'setup'. */
  mode?: 'setup' | 'undo' | undefined;
  /** The account to register as IAM delegated administrator (12 digits); required unless delegate is false. */
  delegatedAdmin?: string | undefined;
  /** false: enable the features only, no delegated administrator. Default true. */
  delegate?: boolean | undefined;
  /** 'credentials-management' / 'root-sessions' (or AWS's names), as a list or comma-separated. Default both. */
  features?: string | readonly string[] | undefined;
}

export function setupRequest(input: SetupInput): SetupRequest {
  const delegate = input.delegate ?? true;
  if (input.mode === 'undo') {
    if (input.delegatedAdmin !== undefined || !delegate || input.features !== undefined) {
      throw new RootctlError(
        'UsageError',
        '--undo takes neither --delegated-admin, --no-delegate nor --features: it reverses everything setup does.',
      );
    }
    return { mode: 'undo' };
  }
  const delegatedAdmin =
    input.delegatedAdmin === undefined ? undefined : parseAccountId(input.delegatedAdmin);
  if (delegate && delegatedAdmin === undefined) {
    throw new RootctlError(
      'UsageError',
      'Give the account to register as IAM delegated administrator with --delegated-admin <account-id>, or pass --no-delegate.',
    );
  }
  if (!delegate && delegatedAdmin !== undefined) {
    throw new RootctlError('UsageError', '--delegated-admin and --no-delegate cannot be used together.');
  }
  const list = typeof input.features === 'string' ? input.features : input.features?.join(',');
  const features = list === undefined ? undefined : parseFeatures(list);
  return { mode: 'setup', delegatedAdmin, delegate, ...(features ? { features } : {}) };
}
