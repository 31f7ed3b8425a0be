/**
 * `enforceExceptions`: the library function behind `rootctl exception enforce` and `audit
 * --enforce-exceptions`, and the one a scheduled job (a Lambda) calls. It opens its own AWS clients and
 * the store (SQLite or PostgreSQL), holds the apply lock while it changes accounts (JournalBusy if a
 * remediation is applying), closes every overdue exception (core/exceptions/enforce.ts), and closes
 * everything it opened. With `dryRun` it only reads.
 */
import { enforceExceptions as coreEnforce, type EnforceResult } from '../core/exceptions/enforce.js';
import type { ApplyEvent } from '../core/execute/types.js';
import { auditPorts, createAuditContexts } from './audit.js';
import type { AwsConnection } from './library.js';

export interface EnforceLibraryOptions extends AwsConnection {
  /** The store (SQLite file or postgres:// URL); default ROOTCTL_DB or ~/.rootctl/rootctl.db. */
  db?: string | undefined;
  /** List what is overdue and change nothing. */
  dryRun?: boolean | undefined;
  /** The clock overdue is judged by; default the system clock. */
  now?: (() => Date) | undefined;
  signal?: AbortSignal | undefined;
  onEvent?: ((event: ApplyEvent) => void) | undefined;
}

export async function enforceExceptions(options: EnforceLibraryOptions = {}): Promise<EnforceResult> {
  const [{ openDb, defaultDbPath }, { lockForApply }, { Journal }, { ExceptionStore }, { scpBlockerLookup }] =
    await Promise.all([
      import('../store/db.js'),
      import('../store/apply-lock.js'),
      import('../store/journal.js'),
      import('../store/exceptions.js'),
      import('./remediate.js'),
    ]);
  const { closeRecorder } = await import('./evidence-record.js');
  const location = options.db ?? defaultDbPath();
  const contexts = createAuditContexts({
    profile: options.profile,
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    concurrency: 4,
  });
  let db: Awaited<ReturnType<typeof openDb>> | undefined;
  let lock: Awaited<ReturnType<typeof lockForApply>> | undefined;
  try {
    db = await openDb(location);
    // One applying run per journal: a remediation applying elsewhere makes this JournalBusy.
    if (!options.dryRun) lock = await lockForApply(location);
    const ports = { ...auditPorts(contexts), journal: new Journal(db), store: new ExceptionStore(db) };
    const callerArn = (await ports.identity.whoAmI()).arn;
    return await coreEnforce(ports, {
      callerArn,
      dryRun: options.dryRun,
      now: options.now,
      region: contexts.sessions.region,
      signal: options.signal,
      onEvent: options.onEvent,
      blockerOf: scpBlockerLookup(ports.organizations),
      // Each close's verification journaled and saved to the history, as `exception close` does.
      recorder: (plan) => closeRecorder(db!, ports, plan, contexts.sessions.region, options.onEvent),
    });
  } finally {
    await lock?.release();
    await db?.close();
    contexts.destroy();
  }
}
