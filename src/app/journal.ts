/**
 * The journal use cases, for `rootctl journal` and the library alike: the runs recorded (remediations
 * and exceptions, newest first) and one run with the plan it executed and every step. Read-only: the
 * database must already exist (a typo in its path must not create an empty one), and a postgres:// URL
 * carrying a password is refused (it would stay in shell history).
 */
import { RootctlError } from '../core/errors.js';
import type { Journal, JournalRun, JournalRuns } from '../store/journal.js';
import { checkDbFlag } from './remediate-store.js';

export interface JournalOptions {
  /** The journal database (a SQLite file path or a postgres:// URL); default: ROOTCTL_DB, else rootctl's default file. */
  db?: string | undefined;
}

export interface JournalListOptions extends JournalOptions {
  /** How many runs, newest first (default 50). */
  limit?: number | undefined;
}

async function withJournal<T>(options: JournalOptions, use: (journal: Journal) => Promise<T>): Promise<T> {
  if (options.db !== undefined) checkDbFlag(options.db);
  const [{ withExistingDb }, { Journal }] = await Promise.all([
    import('../store/db.js'),
    import('../store/journal.js'),
  ]);
  return withExistingDb(options.db, (db) => use(new Journal(db)));
}

/** The runs in the journal, newest first (what `rootctl journal --output json` prints). */
export async function listJournalRuns(options: JournalListOptions = {}): Promise<JournalRuns> {
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1)
    throw new RootctlError('InvalidInput', `--limit '${limit}' must be a positive whole number.`);
  const { journalRuns } = await import('../store/journal.js');
  return withJournal(options, async (journal) => journalRuns(await journal.listRuns(limit)));
}

/** One run, its plan and every step in the order recorded (`rootctl journal <run-id> --output json`). */
export async function showJournalRun(runId: string, options: JournalOptions = {}): Promise<JournalRun> {
  const { journalRun } = await import('../store/journal.js');
  return withJournal(options, async (journal) => {
    const run = await journal.getRun(runId);
    if (!run) throw new RootctlError('UnknownRun', `No run ${runId} in the journal.`);
    return journalRun(run, await journal.planOf(runId), await journal.steps(runId));
  });
}
