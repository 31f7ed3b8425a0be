/** Parsing and defaults of the planner's options (`--only`, `--recently-used-days`). */
import { RootctlError } from '../errors.js';
import { CREDENTIAL_KINDS, type CredentialKind, type PlanOptions } from './types.js';

export const DEFAULT_RECENTLY_USED_DAYS = 30;

/** `--only password,access-keys` (commas and/or spaces); every kind when absent. */
export function parseOnly(value: string | undefined): CredentialKind[] {
  if (value === undefined) return [...CREDENTIAL_KINDS];
  const parts = value
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (!parts.length)
    throw new RootctlError(
      'InvalidInput',
      '--only needs at least one of: ' + CREDENTIAL_KINDS.join(', ') + '.',
    );
  for (const p of parts) {
    if (!(CREDENTIAL_KINDS as readonly string[]).includes(p)) {
      throw new RootctlError(
        'InvalidInput',
        `--only: '${p}' is not a credential kind (use ${CREDENTIAL_KINDS.join(', ')}).`,
      );
    }
  }
  // Keep the canonical order so plans compare equal however the list was typed.
  return CREDENTIAL_KINDS.filter((k) => parts.includes(k));
}

export function parseRecentlyUsedDays(value: string | number | undefined): number {
  if (value === undefined) return DEFAULT_RECENTLY_USED_DAYS;
  const n = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(n) || n < 0 || n > 3650) {
    throw new RootctlError(
      'InvalidInput',
      `--recently-used-days '${value}' must be a whole number of days from 0 to 3650.`,
    );
  }
  return n;
}

export function planOptions(
  input: {
    only?: string | CredentialKind[] | undefined;
    recentlyUsedDays?: string | number | undefined;
    includeRecentlyUsed?: boolean | undefined;
  } = {},
): PlanOptions {
  return {
    only: Array.isArray(input.only) ? parseOnly(input.only.join(',')) : parseOnly(input.only),
    recentlyUsedDays: parseRecentlyUsedDays(input.recentlyUsedDays),
    includeRecentlyUsed: input.includeRecentlyUsed === true,
  };
}
