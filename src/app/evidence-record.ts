/**
 * What a remediation run leaves for an auditor, recorded by the remediation use case
 * (applyPlanWith) so the CLI and the library record the same: one journaled `Verify` step per
 * verified account (intent before the verification audit, outcome after: verified, or what is left),
 * the verification audit saved to the history, and the plan's audit saved there too; both audits
 * marked with the run id (`remediation: { runId, phase }`). `exception close` records its verification
 * the same way (closeRecorder).
 */
import type { AccountAudit, AuditReport } from '../core/audit/model.js';
import type { AuditEvent, AuditPorts, KnownAccount } from '../core/audit/types.js';
import type { ApplyDeps } from '../core/execute/apply.js';
import type { ApplyEvent, ApplyResult, JournalPort } from '../core/execute/types.js';
import { verifyAccount } from '../core/execute/verify.js';
import { planAuditOfRun, verificationReport } from '../core/evidence/run-audits.js';
import type { AccountId } from '../core/model/account-id.js';
import { auditAccounts } from '../core/plan/index.js';
import type { Plan } from '../core/plan/types.js';
import type { Db } from '../store/db.js';
import { HistoryStore } from '../store/history.js';
import { VERSION } from '../version.js';

const AUDIT_TASK = 'IAMAuditRootUserCredentials' as const;
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export interface RunRecorderDeps {
  journal: JournalPort;
  history?: HistoryStore | undefined;
  region?: string | undefined;
  now?: (() => Date) | undefined;
}

export interface RunRecorder {
  /** Pass to executeDeletions: it learns the run id from `run-started`. */
  onEvent: (e: ApplyEvent) => void;
  /** deps.verify wrapped: journals each account's verification and saves the audit to the history. */
  verify: ApplyDeps['verify'];
  /** After the run: saves the plan's audit (when given) as the run's "before". */
  finish(result: ApplyResult): Promise<void>;
}

export function runRecorder(
  deps: RunRecorderDeps,
  plan: Plan,
  verify: ApplyDeps['verify'],
  options: {
    planAudit?: AuditReport | undefined;
    onEvent?: ((e: ApplyEvent) => void) | undefined;
    onWarning?: ((text: string) => void) | undefined;
  },
): RunRecorder {
  const now = deps.now ?? (() => new Date());
  let runId: string | undefined;
  const save = async (report: AuditReport): Promise<{ historyId?: number; historyError?: string }> => {
    if (!deps.history) return {};
    try {
      return { historyId: await deps.history.save(report) };
    } catch (e) {
      options.onWarning?.(`the ${report.remediation?.phase ?? ''} audit was not saved: ${errorText(e)}`);
      return { historyError: errorText(e) };
    }
  };
  const journaledVerify =
    verify &&
    (async (ids: AccountId[], known?: readonly KnownAccount[], onAuditEvent?: (e: AuditEvent) => void) => {
      if (runId === undefined) return verify(ids, known, onAuditEvent);
      const id = runId;
      const steps = new Map<AccountId, number>();
      for (const accountId of ids)
        steps.set(
          accountId,
          await deps.journal.recordIntent({
            runId: id,
            accountId,
            action: 'Verify',
            targetId: AUDIT_TASK,
            taskPolicy: AUDIT_TASK,
          }),
        );
      const startedAt = now();
      let audits: AccountAudit[];
      try {
        audits = await verify(ids, known, onAuditEvent);
      } catch (e) {
        for (const step of steps.values())
          await deps.journal.recordOutcome(step, {
            outcome: 'failed',
            errorCode: 'VerificationFailed',
            errorMessage: errorText(e),
          });
        throw e;
      }
      const report = verificationReport({
        plan,
        runId: id,
        audits,
        startedAt,
        finishedAt: now(),
        region: deps.region ?? options.planAudit?.metadata.region ?? '',
        rootctlVersion: VERSION,
        planAudit: options.planAudit,
      });
      const saved = await save(report);
      await journalOutcomes(deps.journal, plan, steps, audits, saved);
      return audits;
    });
  return {
    onEvent: (e) => {
      if (e.kind === 'run-started') runId = e.runId;
      options.onEvent?.(e);
    },
    verify: journaledVerify,
    async finish(result) {
      if (options.planAudit) await save(planAuditOfRun(options.planAudit, result.runId));
    },
  };
}

/**
 * `exception close`'s recorder: its verifying audit (a plain audit of the account through `ports`)
 * journaled step by step and saved to the history of `db`, like a remediation's.
 */
export function closeRecorder(
  db: Db,
  ports: AuditPorts & { journal: JournalPort },
  plan: Plan,
  region: string | undefined,
  onEvent?: (e: ApplyEvent) => void,
): RunRecorder {
  const deps = { journal: ports.journal, history: new HistoryStore(db), region };
  return runRecorder(deps, plan, auditAccounts(ports, { region }), { onEvent });
}

/** Each account's Verify step: done when every planned credential is gone, failed with what is left. */
async function journalOutcomes(
  journal: JournalPort,
  plan: Plan,
  steps: ReadonlyMap<AccountId, number>,
  audits: readonly AccountAudit[],
  saved: { historyId?: number; historyError?: string },
): Promise<void> {
  const planOf = new Map(plan.accounts.map((a) => [a.accountId, a]));
  const auditOf = new Map(audits.map((a) => [a.accountId, a]));
  for (const [accountId, step] of steps) {
    const accountPlan = planOf.get(accountId);
    const v = accountPlan
      ? verifyAccount(accountPlan, auditOf.get(accountId))
      : { verified: false, remaining: [], diagnosis: 'not in the plan' };
    const detail = { ...saved, remaining: v.remaining, status: auditOf.get(accountId)?.status ?? null };
    await journal.recordOutcome(
      step,
      v.verified
        ? { outcome: 'done', detail }
        : { outcome: 'failed', errorCode: 'NotVerified', errorMessage: v.diagnosis, detail },
    );
  }
}
