/**
 * The store's contract, on embedded SQLite and on a real PostgreSQL server (test/global-postgres.ts):
 * history, journal, exceptions, schema versions, the refusal of missing and newer databases, and
 * `db copy` between the two.
 */
import { describe, expect, it } from 'vitest';
import { storeBackends } from '../../test/helpers/postgres.js';
import { AUDIT_SCHEMA_VERSION, summarize, type AccountAudit, type AuditReport } from '../core/audit/model.js';
import type { AccountId } from '../core/model/account-id.js';
import { cleanRoot } from '../core/checks/audit/samples.js';
import type { NewException } from '../core/exceptions/ports.js';
import { copyDatabase, dbStatus, migrateDatabase } from './admin.js';
import { initDb, openDb } from './db.js';
import { ExceptionStore, openExceptionInfos, overdueExceptions } from './exceptions.js';
import { HistoryStore } from './history.js';
import { Journal } from './journal.js';
import { LATEST } from './schema.js';

function report(org: string, at: string, accounts: AccountAudit[]): AuditReport {
  return {
    schemaVersion: AUDIT_SCHEMA_VERSION,
    organizationId: org,
    managementAccountId: '111111111111',
    generatedAt: at,
    metadata: {
      callerArn: 'arn:aws:sts::111111111111:assumed-role/A/b',
      callerRole: 'management',
      region: 'us-east-1',
      detail: 'summary',
      scope: 'organization',
      durationMs: 10,
      rootctlVersion: '0.1.0',
    },
    accounts,
    summary: summarize(accounts),
  };
}
const acct = (id: string, status: AccountAudit['status'], password = false): AccountAudit => ({
  accountId: id as AccountId,
  accountName: `n-${id}`,
  ouPath: 'Root/Prod',
  status,
  ...(status === 'compliant' || status === 'non_compliant'
    ? {
        root: { ...cleanRoot('summary'), password: { present: password } },
      }
    : {}),
  ...(status === 'error' ? { error: { code: 'AccessDenied', message: 'm', diagnosis: 'd' } } : {}),
  auditedAt: '2025-01-01T00:00:00.000Z',
});

const A = '300000000001' as AccountId;
const exception = (over: Partial<NewException> = {}): NewException => ({
  accountId: A,
  task: 'password-recovery',
  target: 'root-user',
  reason: 'INC-1',
  openerArn: 'arn:aws:sts::2:assumed-role/RootOps/alice',
  openedAt: '2025-03-01T12:00:00.000Z',
  expiresAt: '2025-03-01T16:00:00.000Z',
  savedPolicy: null,
  openRunId: null,
  ...over,
});

describe.each(storeBackends())('the store on $name', (backend) => {
  const run = it.runIf(backend.available);

  run('saves audits with per-account rows, lists them newest first, finds the baseline', async () => {
    const db = await initDb(await backend.fresh());
    try {
      const h = new HistoryStore(db);
      const a = await h.save(
        report('o-aaaaaaaaaa', '2025-01-01T00:00:00.000Z', [
          acct('222222222222', 'compliant'),
          acct('333333333333', 'error'),
        ]),
      );
      const other = await h.save(
        report('o-bbbbbbbbbb', '2025-01-02T00:00:00.000Z', [acct('444444444444', 'compliant')]),
      );
      const b = await h.save(
        report('o-aaaaaaaaaa', '2025-01-03T00:00:00.000Z', [acct('222222222222', 'non_compliant', true)]),
      );
      expect((await h.list()).map((r) => r.id)).toEqual([b, other, a]);
      expect((await h.list({ organizationId: 'o-aaaaaaaaaa' }))[1]).toEqual(
        expect.objectContaining({
          id: a,
          total: 2,
          compliant: 1,
          error: 1,
          scope: 'organization',
          durationMs: 10,
        }),
      );
      const bReport = (await h.get(b))!;
      expect(await h.baseline(bReport, b)).toMatchObject({ id: a, sameScope: true });
      expect((await h.baseline(bReport, b))?.report.generatedAt).toBe('2025-01-01T00:00:00.000Z');
      expect(await h.baseline((await h.get(a))!, a)).toBeUndefined();
      expect((await h.get(b))?.accounts[0]?.status).toBe('non_compliant');
      expect(
        await db.all(
          'SELECT account_id, status, has_root_credentials, password FROM audit_accounts WHERE audit_id = ? ORDER BY account_id',
          [a],
        ),
      ).toEqual([
        { account_id: '222222222222', status: 'compliant', has_root_credentials: 0, password: 0 },
        { account_id: '333333333333', status: 'error', has_root_credentials: null, password: null },
      ]);
      expect(await h.latestId('o-bbbbbbbbbb')).toBe(other);
    } finally {
      await db.close();
    }
  });

  run('journals runs and steps, counts them, and resumes only the latest run', async () => {
    const location = await backend.fresh();
    const db = await initDb(location);
    const at = new Date('2025-03-01T12:00:00.000Z');
    const journal = new Journal(db, () => at);
    try {
      const base = {
        kind: 'remediate' as const,
        callerArn: 'arn:x',
        scope: '--all',
        options: { n: 1 },
        plan: undefined,
      };
      // Two runs in the same instant: the second started is the latest.
      const first = await journal.startRun(base);
      const second = await journal.startRun(base);
      const step = {
        runId: second,
        accountId: A,
        action: 'DeleteAccessKey' as const,
        targetId: 'AKIA1',
        taskPolicy: 'IAMDeleteRootUserCredentials' as const,
      };
      const ids = await Promise.all([1, 2, 3].map(() => journal.recordIntent(step)));
      expect(new Set(ids).size).toBe(3);
      await journal.recordOutcome(ids[0]!, {
        outcome: 'done',
        sessionAccessKeyId: 'ASIA1',
        detail: { a: 1 },
      });
      await journal.recordOutcome(ids[0]!, { outcome: 'done', detail: { b: 2 } });
      await journal.recordOutcome(ids[1]!, {
        outcome: 'failed',
        errorCode: 'Throttling',
        errorMessage: 'slow',
      });
      await journal.finishRun(second, 'interrupted');
      expect((await journal.listRuns()).map((r) => r.id)).toEqual([second, first]);
      expect((await journal.getRun(second))?.counts).toEqual({
        steps: 3,
        done: 1,
        alreadyGone: 0,
        failed: 1,
        pending: 1,
      });
      expect((await journal.latestResumable())?.id).toBe(second);
      const steps = await journal.steps(second);
      expect(steps[0]).toMatchObject({
        outcome: 'done',
        sessionAccessKeyId: 'ASIA1',
        detail: { a: 1, b: 2 },
      });
      expect([...(await journal.completedSteps(second))]).toEqual([`${A}|DeleteAccessKey|AKIA1`]);
      await journal.resumeRun(second, 'arn:y');
      expect(await journal.getRun(second)).toMatchObject({
        status: 'running',
        resumedCount: 1,
        lastResumedBy: 'arn:y',
      });
      await journal.finishRun(second, 'completed');
      await expect(journal.resumeRun(second, 'arn:y')).rejects.toMatchObject({ code: 'NothingToResume' });
    } finally {
      await db.close();
    }
  });

  run('keeps one open exception per account, task and target, even for two connections at once', async () => {
    const location = await backend.fresh();
    const one = await initDb(location);
    const two = await openDb(location);
    try {
      const [x, y] = [new ExceptionStore(one), new ExceptionStore(two)];
      const results = await Promise.allSettled([x.insert(exception()), y.insert(exception())]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: 'ExceptionAlreadyOpen' });
      const id = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<number>).value;
      // Another target of the same account is its own exception.
      await y.insert(exception({ task: 'unlock-s3-bucket-policy', target: 'b1', savedPolicy: '{"p":1}' }));
      expect((await y.openFor(A)).map((e) => e.target)).toEqual(['root-user', 'b1']);
      expect(await x.findOpen(A, 'password-recovery', 'root-user')).toMatchObject({ id, reason: 'INC-1' });
      expect((await openExceptionInfos(two)).map((e) => e.id).sort()).toHaveLength(2);
      expect((await overdueExceptions(one, new Date('2025-03-01T17:00:00Z'))).get(A)).toEqual({
        task: 'password-recovery',
        expiresAt: '2025-03-01T16:00:00.000Z',
      });
      await x.close([id], {
        closedAt: '2025-03-01T13:00:00.000Z',
        closedBy: 'arn:c',
        runId: 'run-1',
        note: 'n',
      });
      expect(await y.list()).toHaveLength(1);
      expect((await y.list({ includeClosed: true })).find((e) => e.id === id)).toMatchObject({
        closedBy: 'arn:c',
        closeRunId: 'run-1',
        note: 'n',
      });
      // Closed, it can be opened again.
      await expect(x.insert(exception())).resolves.toBeGreaterThan(id);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it.runIf(backend.available && backend.name === 'postgres')(
    'refuses the second of two exceptions inserted while the first is not committed yet (PostgreSQL)',
    async () => {
      const location = await backend.fresh();
      const one = await initDb(location);
      const two = await openDb(location);
      try {
        let second: Promise<unknown> = Promise.resolve('not started');
        await one.transaction(async (tx) => {
          await new ExceptionStore(tx).insert(exception());
          // READ COMMITTED: the second connection does not see the uncommitted row; only the unique
          // index makes it wait for this transaction and then refuses it.
          second = new ExceptionStore(two).insert(exception()).catch((e: unknown) => e);
          await new Promise((r) => setTimeout(r, 300));
        });
        expect(await second).toMatchObject({ code: 'ExceptionAlreadyOpen' });
        expect(await new ExceptionStore(two).list()).toHaveLength(1);
      } finally {
        await one.close();
        await two.close();
      }
    },
  );

  run('refuses a location that does not exist, with the way to create it', async () => {
    const location = await backend.fresh();
    // The SQLite file does not exist yet; the new PostgreSQL database has no rootctl tables.
    const refusal = await openDb(location).catch((e: unknown) => e);
    expect(refusal).toMatchObject({
      code: 'NoDatabase',
      exitCode: 2,
      hint: expect.stringContaining(`rootctl db init --db ${location}`),
    });
    if (backend.name === 'postgres') {
      const nowhere = location.replace(/\/rootctl_\w+$/, '/rootctl_no_such_db');
      await expect(openDb(nowhere)).rejects.toMatchObject({
        code: 'NoDatabase',
        hint: expect.stringContaining('createdb'),
      });
    }
    await (await initDb(location)).close();
    expect((await dbStatus(location)).upToDate).toBe(true);
  });

  run('refuses a database written by a newer rootctl, and writes nothing to it', async () => {
    const location = await backend.fresh();
    const db = await initDb(location);
    await db.run('INSERT INTO schema_migrations (store, version) VALUES (?, ?)', [
      'journal',
      LATEST.journal + 1,
    ]);
    await db.close();
    const snapshot = async () => {
      const d = await openDb(location, { readonly: true }).catch(() => undefined);
      expect(d).toBeUndefined();
      return JSON.stringify(await rawRows(location));
    };
    const before = await snapshot();
    for (const open of [
      () => openDb(location),
      () => openDb(location, { readonly: true }),
      () => migrateDatabase(location),
    ])
      await expect(open()).rejects.toMatchObject({
        code: 'DatabaseTooNew',
        message: expect.stringContaining(`journal ${LATEST.journal + 1}`),
      });
    expect(await snapshot()).toBe(before);
  });

  run('reports its backend, schema and counts', async () => {
    const location = await backend.fresh();
    const db = await initDb(location);
    await new ExceptionStore(db).insert(exception({ expiresAt: '2000-01-01T00:00:00.000Z' }));
    await new HistoryStore(db).save(
      report('o-aaaaaaaaaa', '2025-01-01T00:00:00.000Z', [acct('222222222222', 'compliant')]),
    );
    await db.close();
    expect(await dbStatus(location)).toMatchObject({
      backend: backend.name,
      upToDate: true,
      schema: { journal: { version: LATEST.journal, latest: LATEST.journal } },
      counts: { audits: 1, journalRuns: 0, exceptionsOpen: 0, exceptionsOverdue: 1, exceptionsClosed: 0 },
    });
  });
});

/** Every row of schema_migrations, read with the backend's own driver, bypassing rootctl's checks. */
async function rawRows(location: string): Promise<unknown[]> {
  if (location.startsWith('postgres')) {
    const { default: pg } = await import('pg');
    const c = new pg.Client({ connectionString: location });
    await c.connect();
    try {
      return (await c.query('SELECT store, version FROM schema_migrations ORDER BY store, version')).rows;
    } finally {
      await c.end();
    }
  }
  const { openSqlite } = await import('./sqlite.js');
  const c = openSqlite(location, { readonly: true });
  try {
    return c.prepare('SELECT store, version FROM schema_migrations ORDER BY store, version').all();
  } finally {
    c.close();
  }
}

const [sqlite, postgres] = storeBackends();
describe('db copy', () => {
  it.runIf(postgres!.available)(
    'moves a SQLite history into PostgreSQL and back, ids and order kept',
    async () => {
      const from = await sqlite!.fresh();
      const db = await initDb(from);
      const h = new HistoryStore(db);
      const j = new Journal(db, () => new Date('2025-03-01T12:00:00.000Z'));
      const audits = [
        await h.save(report('o-aaaaaaaaaa', '2025-01-01T00:00:00.000Z', [acct('222222222222', 'compliant')])),
      ];
      const runs = [
        await j.startRun({ kind: 'remediate', callerArn: 'a', scope: 's', options: {}, plan: undefined }),
      ];
      runs.push(
        await j.startRun({ kind: 'remediate', callerArn: 'b', scope: 's', options: {}, plan: undefined }),
      );
      await j.recordIntent({
        runId: runs[1]!,
        accountId: A,
        action: 'AssumeRoot',
        targetId: 't',
        taskPolicy: 'IAMDeleteRootUserCredentials',
      });
      await new ExceptionStore(db).insert(exception());
      await db.close();

      const to = await postgres!.fresh();
      const counts = await copyDatabase(from, to);
      expect(counts).toEqual({
        audits: 1,
        audit_accounts: 1,
        journal_runs: 2,
        journal_plan: 0,
        journal_steps: 1,
        exceptions: 1,
      });
      const copy = await openDb(to);
      try {
        expect((await new Journal(copy).listRuns()).map((r) => r.id)).toEqual([runs[1], runs[0]]);
        expect(await new HistoryStore(copy).latestId()).toBe(audits[0]);
        // New rows get ids after the copied ones.
        const next = await new HistoryStore(copy).save(
          report('o-aaaaaaaaaa', '2025-01-02T00:00:00.000Z', []),
        );
        expect(next).toBe(audits[0]! + 1);
      } finally {
        await copy.close();
      }
      // A target that already has rows is refused; and the copy goes back to a new SQLite file.
      await expect(copyDatabase(from, to)).rejects.toMatchObject({
        code: 'InvalidInput',
        message: expect.stringContaining('already has rows'),
      });
      const back = await sqlite!.fresh();
      expect((await copyDatabase(to, back)).audits).toBe(2);
    },
  );
});
