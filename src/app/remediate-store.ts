/**
 * Where the journal, exceptions and audit history live (remediate, journal, exception and the other
 * commands with --db): the --db value, else ROOTCTL_DB, else the default file. A password written in
 * a postgres:// URL is refused: it would stay in shell history.
 */
import { RootctlError } from '../core/errors.js';
import { defaultDbPath } from '../store/db.js';
import { isPostgresUrl, redactUrl, urlHasPassword } from '../store/postgres.js';

export function checkDbFlag(value: string): void {
  if (isPostgresUrl(value) && urlHasPassword(value))
    throw new RootctlError(
      'InvalidInput',
      `--db ${redactUrl(value)} carries a password, which would stay in shell history.`,
      {
        hint: 'Leave the password out of the URL and put it in PGPASSWORD or ~/.pgpass.',
      },
    );
}

/** --db, else ROOTCTL_DB, else the default file; a password in --db is refused (shell history). */
export function storeLocation(db: string | undefined): string {
  if (db !== undefined) checkDbFlag(db);
  return db ?? defaultDbPath();
}
