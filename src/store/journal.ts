/**
 * The journal: every remediation run, its plan, and each call it made - intent written before the
 * call, outcome after - in the store (SQLite with WAL and synchronous=FULL, or PostgreSQL: a committed
 * row survives `kill -9`). Tables in src/store/schema.ts. It records who ran it, when, the root session's access key id and the task policy;
 * never a secret. Schema documented in docs/remediate.md.
 */
import { randomBytes } from 'node:crypto';
import { RootctlError } from '../core/errors.js';
import type {
  JournalPort,
  NewRun,
  RunKind,
  RunStatus,
  StepIntent,
  StepOutcome,
  StepRecord,
} from '../core/execute/types.js';
import { stepKey } from '../core/execute/types.js';
import type { Plan } from '../core/plan/types.js';
import { firstIssue, parsePlanJson } from '../core/plan/schema.js';
import { z } from 'zod';
import type { Db } from './db.js';

export interface RunRow {
  /** `run-YYYYMMDD-HHMMSS-xxxxxx`: `rootctl journal <id>`. */
  id: string;
  /** remediate, exception-open or exception-close. */
  kind: RunKind;
  startedAt: string;
  /** null while running, or when the process died. */
  finishedAt: string | null;
  /** Who ran it (sts:GetCallerIdentity). */
  callerArn: string;
  scope: string;
  /** The options it was started with. */
  options: Record<string, unknown>;
  /** running (with no live process behind it: killed), interrupted, completed or failed. */
  status: RunStatus;
  resumedCount: number;
  lastResumedAt: string | null;
  lastResumedBy: string | null;
  /** Steps recorded, and how many of them are done / already gone / failed / intent only. */
  counts: { steps: number; done: number; alreadyGone: number; failed: number; pending: number };
}

export interface StepRow {
  id: number;
  runId: string;
  accountId: string;
  /** The call: AssumeRoot, DeleteAccessKey, CreateLoginProfile, DeleteBucketPolicy, Verify, ... */
  action: string;
  /** Key id, certificate id, MFA serial, `login-profile`, bucket, queue URL, or the task policy for AssumeRoot. */
  targetId: string;
  taskPolicy: string;
  /** The root session's access key id: links the step to its CloudTrail events. */
  sessionAccessKeyId: string | null;
  /** When the intent was recorded, before the call. */
  intentAt: string;
  /** null: intent recorded, no outcome (the process died during the call). */
  outcome: StepOutcome | null;
  outcomeAt: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** Extra facts, e.g. the resource policy saved before an unlock removed it. */
  detail: Record<string, unknown> | null;
}

/** Version of the `rootctl journal --output json` documents. */
export const JOURNAL_SCHEMA_VERSION = 1;

/** `rootctl journal --output json`: the runs in the journal. */
export interface JournalRuns {
  schemaVersion: typeof JOURNAL_SCHEMA_VERSION;
  kind: 'rootctl.journal-runs';
  /** Newest first (`--limit`). */
  runs: RunRow[];
}

/** `rootctl journal <run-id> --output json`: one run, its plan and every step. */
export interface JournalRun {
  schemaVersion: typeof JOURNAL_SCHEMA_VERSION;
  kind: 'rootctl.journal-run';
  run: RunRow;
  /** The plan the run executed (docs/remediate.md); null for a run that recorded none. */
  plan: Plan | null;
  /** In the order they were recorded. */
  steps: StepRow[];
}

export function journalRuns(runs: RunRow[]): JournalRuns {
  return { schemaVersion: JOURNAL_SCHEMA_VERSION, kind: 'rootctl.journal-runs', runs };
}

export function journalRun(run: RunRow, plan: Plan | undefined, steps: StepRow[]): JournalRun {
  return {
    schemaVersion: JOURNAL_SCHEMA_VERSION,
    kind: 'rootctl.journal-run',
    run,
    plan: plan ?? null,
    steps,
  };
}

interface RawRun {
  id: string;
  kind: string;
  started_at: string;
  finished_at: string | null;
  caller_arn: string;
  scope: string;
  options: string;
  status: string;
  resumed_count: number;
  last_resumed_at: string | null;
  last_resumed_by: string | null;
  steps: number;
  done: number;
  gone: number;
  failed: number;
  pending: number;
}

const RUN_SELECT = `SELECT r.*,
  (SELECT COUNT(*) FROM journal_steps s WHERE s.run_id = r.id) AS steps,
  (SELECT COUNT(*) FROM journal_steps s WHERE s.run_id = r.id AND s.outcome = 'done') AS done,
  (SELECT COUNT(*) FROM journal_steps s WHERE s.run_id = r.id AND s.outcome = 'already-gone') AS gone,
  (SELECT COUNT(*) FROM journal_steps s WHERE s.run_id = r.id AND s.outcome = 'failed') AS failed,
  (SELECT COUNT(*) FROM journal_steps s WHERE s.run_id = r.id AND s.outcome IS NULL) AS pending
  FROM journal_runs r`;

function toRun(r: RawRun): RunRow {
  return {
    id: r.id,
    kind: r.kind as RunKind,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    callerArn: r.caller_arn,
    scope: r.scope,
    options: storedJson(r.options, `run ${r.id}'s options`, jsonObject) ?? {},
    status: r.status as RunStatus,
    resumedCount: r.resumed_count,
    lastResumedAt: r.last_resumed_at,
    lastResumedBy: r.last_resumed_by,
    counts: {
      steps: Number(r.steps),
      done: Number(r.done),
      alreadyGone: Number(r.gone),
      failed: Number(r.failed),
      pending: Number(r.pending),
    },
  };
}

/** Run ids sort by time and are short enough to type: run-20250102-130405-3fa9c1. */
export function newRunId(now: Date): string {
  const t = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `run-${t}-${randomBytes(3).toString('hex')}`;
}

const jsonObject = z.record(z.string(), z.unknown());
const nullableText = z.string().nullish();

/** A journal_steps row as both stores return it (PostgreSQL's ids may come back as strings). */
const stepRowSchema = z.object({
  id: z.union([z.number(), z.string(), z.bigint()]),
  run_id: z.string(),
  account_id: z.string().regex(/^\d{12}$/),
  action: z.string().min(1),
  target_id: z.string(),
  task_policy: z.string(),
  session_access_key_id: nullableText,
  intent_at: z.string(),
  outcome: z.enum(['done', 'already-gone', 'failed']).nullish(),
  outcome_at: nullableText,
  error_code: nullableText,
  error_message: nullableText,
  detail: nullableText,
});

/** A JSON column read back and validated; StoreError (one line) when it is not what rootctl wrote. */
function storedJson<T>(text: string | null, what: string, schema: z.ZodType<T>): T | null {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RootctlError('StoreError', `The journal's ${what} is not JSON.`);
  }
  const r = schema.safeParse(value);
  if (!r.success)
    throw new RootctlError('StoreError', `The journal's ${what} is not valid: ${firstIssue(r.error)}.`);
  return r.data;
}

export class Journal implements JournalPort {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private stamp(): string {
    return this.now().toISOString();
  }

  /** SQLite orders runs of the same instant by rowid, PostgreSQL by its `seq` column. */
  private get order(): string {
    return this.db.backend === 'sqlite' ? 'r.started_at DESC, r.rowid DESC' : 'r.started_at DESC, r.seq DESC';
  }

  private async write<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof RootctlError) throw e;
      throw new RootctlError(
        'StoreError',
        `Could not write the journal: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      );
    }
  }

  async startRun(run: NewRun): Promise<string> {
    const id = newRunId(this.now());
    await this.write(() =>
      this.db.transaction(async (tx) => {
        await tx.run(
          'INSERT INTO journal_runs (id, kind, started_at, caller_arn, scope, options, status) VALUES (?, ?, ?, ?, ?, ?, ?)',
          [id, run.kind, this.stamp(), run.callerArn, run.scope, JSON.stringify(run.options), 'running'],
        );
        if (run.plan)
          await tx.run('INSERT INTO journal_plan (run_id, schema_version, plan) VALUES (?, ?, ?)', [
            id,
            run.plan.schemaVersion,
            JSON.stringify(run.plan),
          ]);
      }),
    );
    return id;
  }

  async resumeRun(runId: string, callerArn: string): Promise<void> {
    const changed = await this.write(() =>
      this.db.run(
        "UPDATE journal_runs SET status = 'running', finished_at = NULL, resumed_count = resumed_count + 1, last_resumed_at = ?, last_resumed_by = ? WHERE id = ? AND status <> 'completed'",
        [this.stamp(), callerArn, runId],
      ),
    );
    // Another process may have completed the run between the plan shown and the lock taken.
    if (changed.changes === 0)
      throw new RootctlError(
        'NothingToResume',
        `Run ${runId} cannot be resumed: it has completed, or the journal does not have it.`,
      );
  }

  async completedSteps(runId: string): Promise<ReadonlySet<string>> {
    const rows = await this.db.all<{ account_id: string; action: string; target_id: string }>(
      "SELECT account_id, action, target_id FROM journal_steps WHERE run_id = ? AND outcome IN ('done', 'already-gone')",
      [runId],
    );
    return new Set(rows.map((r) => stepKey(r.account_id, r.action, r.target_id)));
  }

  async attemptedSteps(runId: string): Promise<ReadonlySet<string>> {
    const rows = await this.db.all<{ account_id: string; action: string; target_id: string }>(
      'SELECT account_id, action, target_id FROM journal_steps WHERE run_id = ?',
      [runId],
    );
    return new Set(rows.map((r) => stepKey(r.account_id, r.action, r.target_id)));
  }

  async recordIntent(i: StepIntent): Promise<number> {
    const id = await this.write(() =>
      this.db.insert(
        'INSERT INTO journal_steps (run_id, account_id, action, target_id, task_policy, session_access_key_id, intent_at, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [
          i.runId,
          i.accountId,
          i.action,
          i.targetId,
          i.taskPolicy,
          i.sessionAccessKeyId ?? null,
          this.stamp(),
          i.detail === undefined ? null : JSON.stringify(i.detail),
        ],
      ),
    );
    return id!;
  }

  async recordOutcome(stepId: number, o: StepRecord): Promise<void> {
    await this.write(() =>
      this.db.transaction(async (tx) => {
        let detail: string | null | undefined;
        if (o.detail !== undefined) {
          const prev = await tx.get<{ detail: string | null }>(
            'SELECT detail FROM journal_steps WHERE id = ?',
            [stepId],
          );
          detail = JSON.stringify({
            ...(storedJson(prev?.detail ?? null, `step ${stepId}'s detail`, jsonObject) ?? {}),
            ...o.detail,
          });
        }
        await tx.run(
          `UPDATE journal_steps SET outcome = ?, outcome_at = ?, error_code = ?, error_message = ?,
             session_access_key_id = COALESCE(?, session_access_key_id), detail = COALESCE(?, detail)
           WHERE id = ?`,
          [
            o.outcome,
            this.stamp(),
            o.errorCode ?? null,
            o.errorMessage ?? null,
            o.sessionAccessKeyId ?? null,
            detail ?? null,
            stepId,
          ],
        );
      }),
    );
  }

  async finishRun(runId: string, status: RunStatus): Promise<void> {
    await this.write(() =>
      this.db.run('UPDATE journal_runs SET status = ?, finished_at = ? WHERE id = ?', [
        status,
        status === 'running' ? null : this.stamp(),
        runId,
      ]),
    );
  }

  async listRuns(limit = 50): Promise<RunRow[]> {
    return (await this.db.all<RawRun>(`${RUN_SELECT} ORDER BY ${this.order} LIMIT ?`, [limit])).map(toRun);
  }

  async getRun(runId: string): Promise<RunRow | undefined> {
    const r = await this.db.get<RawRun>(`${RUN_SELECT} WHERE r.id = ?`, [runId]);
    return r && toRun(r);
  }

  /**
   * The latest remediation run that did not finish: interrupted, still `running` because its process
   * died, or `failed` with planned steps not done (a lost network, AWS failing after retries). A failed
   * run whose every planned step is done (it failed on verification or on accounts it could not
   * touch) has nothing left to resume.
   */
  async latestResumable(kind: RunKind = 'remediate'): Promise<RunRow | undefined> {
    // Only the latest run counts: once a newer run has been made, an older plan is stale and is
    // never picked up again (that would delete what a plan confirmed long ago).
    const r = await this.db.get<RawRun>(`${RUN_SELECT} WHERE r.kind = ? ORDER BY ${this.order} LIMIT 1`, [
      kind,
    ]);
    if (!r) return undefined;
    const resumable =
      r.status === 'running' ||
      r.status === 'interrupted' ||
      (r.status === 'failed' && (await this.stepsLeft(r.id)) > 0);
    return resumable ? toRun(r) : undefined;
  }

  /** Planned deletions of a run the journal does not have as done (or already gone). */
  async stepsLeft(runId: string): Promise<number> {
    const plan = await this.planOf(runId);
    if (!plan) return 0;
    const done = await this.completedSteps(runId);
    return plan.accounts.reduce(
      (n, a) => n + a.deletions.filter((d) => !done.has(stepKey(a.accountId, d.action, d.targetId))).length,
      0,
    );
  }

  async planOf(runId: string): Promise<Plan | undefined> {
    const r = await this.db.get<{ plan: string }>('SELECT plan FROM journal_plan WHERE run_id = ?', [runId]);
    // Validated like any plan read back: a damaged or newer row is one clear line, not a crash mid-run.
    return r && parsePlanJson(r.plan, `The plan journaled for run ${runId}`);
  }

  async steps(runId: string): Promise<StepRow[]> {
    const rows = await this.db.all('SELECT * FROM journal_steps WHERE run_id = ? ORDER BY id', [runId]);
    return rows.map((raw) => {
      const r = stepRowSchema.safeParse(raw);
      if (!r.success)
        throw new RootctlError(
          'StoreError',
          `The journal's step ${String(raw.id)} of run ${runId} is not valid: ${firstIssue(r.error)}.`,
          { hint: 'The journal was changed outside rootctl; `rootctl journal` lists the runs it can read.' },
        );
      const s = r.data;
      return {
        id: Number(s.id),
        runId: s.run_id,
        accountId: s.account_id,
        action: s.action,
        targetId: s.target_id,
        taskPolicy: s.task_policy,
        sessionAccessKeyId: s.session_access_key_id ?? null,
        intentAt: s.intent_at,
        outcome: s.outcome ?? null,
        outcomeAt: s.outcome_at ?? null,
        errorCode: s.error_code ?? null,
        errorMessage: s.error_message ?? null,
        detail: storedJson(s.detail ?? null, `step ${String(s.id)}'s detail`, jsonObject),
      };
    });
  }
}
