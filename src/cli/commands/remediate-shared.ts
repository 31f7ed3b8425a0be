/**
 * What `remediate`, `journal` and `exception` share on the command line: the database option, the
 * AWS contexts, the confirmation rule (a dry run unless --yes or an interactive yes), Ctrl-C as an
 * AbortSignal checked between steps, and progress lines on stderr.
 */
import type { Command } from 'commander';
import type { AuditContexts } from '../../app/audit.js';
import type { ApplyEvent } from '../../core/execute/types.js';
import { openDb, type Db } from '../../store/db.js';
import { checkDbFlag, storeLocation } from '../../app/remediate-store.js';
import type { CliIo } from '../io.js';
import { interruptSignal as processInterrupt } from '../interrupt.js';
import { ApplyProgress } from '../progress.js';
import { applyEventLine } from '../../app/remediate-view.js';
import { checkAwsOptions, connectionFrom, type AwsOptions } from '../options.js';

export { checkDbFlag };

export const DRY_RUN_LINE = 'dry run: nothing changed; run again with --yes to apply';

export interface DbOptions {
  db?: string;
}

export const DB_OPTION_HELP =
  'the journal, exceptions and audit history: a SQLite file or postgres://user@host/db (password from PGPASSWORD or ~/.pgpass); default ROOTCTL_DB or ~/.rootctl/rootctl.db';

export function addDbOption(cmd: Command): Command {
  return cmd.option('--db <file|url>', DB_OPTION_HELP);
}

/** Opens the store (refusing a location that does not exist, except the default file on first use). */
export async function openStore(opts: DbOptions): Promise<Db> {
  return openDb(storePath(opts));
}

/** --db, else ROOTCTL_DB, else the default file; a password in --db is refused (shell history). */
export function storePath(opts: DbOptions): string {
  return storeLocation(opts.db);
}

/** The audit's two contexts (listing with SDK retries; root sessions without, our retries own them). */
export async function contextsFrom(opts: AwsOptions, concurrency: number): Promise<AuditContexts> {
  checkAwsOptions(opts);
  const { createAuditContexts } = await import('../../app/audit.js');
  return createAuditContexts({
    ...connectionFrom(opts),
    concurrency,
  });
}

/**
 * True when the change may go ahead: --yes, or a "yes" typed at a terminal. Without either there is
 * no one to ask: the plan stands as a dry run (exit 0).
 */
export async function confirmed(
  io: CliIo,
  yes: boolean | undefined,
  question: string,
  json = false,
): Promise<boolean> {
  if (yes) return true;
  if (!io.interactive) {
    // With --output json stdout holds exactly one document; the line goes to stderr.
    if (json) io.err(DRY_RUN_LINE);
    else io.out(DRY_RUN_LINE);
    return false;
  }
  const ok = await io.confirm(question);
  if (!ok) io.err('rootctl: not applied; nothing changed.');
  return ok;
}

/**
 * The process's interrupt signal (cli/interrupt.ts): fires on the first Ctrl-C; the running steps
 * finish and are journaled, no new step starts; a second Ctrl-C exits at once.
 */
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  return { signal: processInterrupt(), dispose: () => undefined };
}

/**
 * Progress of a run on stderr. On a terminal (`live`): a counter redrawn in place while applying and
 * verifying, with a line of its own for each account that did not end DONE. Otherwise one line per
 * account as it finishes.
 */
export function progressPrinter(io: CliIo, live = false): (e: ApplyEvent) => void {
  const bar = live
    ? new ApplyProgress({
        write: (t) => (io.draw ? io.draw(t) : void process.stderr.write(t)),
        line: (t) => io.err(t),
        columns: process.stderr.columns,
      })
    : undefined;
  return (e) => {
    if (bar && e.kind !== 'run-started' && e.kind !== 'verifying' && e.kind !== 'retry-budget-spent') {
      bar.onEvent(e);
      return;
    }
    bar?.clear();
    const line = applyEventLine(e);
    if (line !== undefined) io.err(line);
    if (e.kind !== 'retry-budget-spent') bar?.onEvent(e);
  };
}
