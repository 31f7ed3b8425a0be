/** The setup plan and its progress as text (table) or JSON. Pure strings; colour via a painter. */
import { noPaint, renderDoctorTable, type Painter } from '../doctor/render.js';
import type { DoctorReport } from '../doctor/types.js';
import type { SetupEvent, SetupPlan, SetupResult, SetupResultDocument } from './types.js';

export const SETUP_OUTPUTS = ['table', 'json'] as const;
export type SetupOutput = (typeof SETUP_OUTPUTS)[number];

export function renderPlanTable(plan: SetupPlan, paint: Painter = noPaint): string {
  const out: string[] = [];
  const what = plan.mode === 'undo' ? 'undo plan' : 'plan';
  out.push(
    paint(
      'bold',
      `rootctl setup: ${what} for organization ${plan.organizationId || '(none)'} (management account ${plan.managementAccountId || '?'})`,
    ),
  );
  if (plan.delegatedAdmin)
    out.push(`  IAM delegated administrator: ${plan.delegatedAdmin.accountId} (${plan.delegatedAdmin.name})`);
  if (plan.warnings.length) {
    out.push('', paint('yellow', 'Warnings (read before applying):'));
    for (const w of plan.warnings)
      out.push(`  ${paint('yellow', '!')} ${w.title}`, `      ${w.detail}`, `      next: ${w.next.text}`);
  }
  out.push('');
  if (!plan.steps.length) {
    out.push(
      paint(
        'green',
        plan.mode === 'undo'
          ? 'Nothing to undo: centralized root access is already off.'
          : 'Nothing to do: the organization already has everything this setup would do.',
      ),
    );
  } else {
    out.push(paint('bold', `Steps (${plan.steps.length}):`));
    plan.steps.forEach((s, i) =>
      out.push(`  ${i + 1}. ${s.description}`, `       ${paint('gray', `${s.action}  |  ${s.awsCli}`)}`),
    );
  }
  if (plan.skipped.length) {
    out.push('', paint('bold', 'Already done or not asked for (skipped):'));
    for (const s of plan.skipped) out.push(`  - ${s.reason}`);
  }
  return out.join('\n');
}

export function renderPlanJson(plan: SetupPlan): string {
  return JSON.stringify(plan, null, 2);
}

/** `rootctl setup --yes --output json`: the result, the plan it applied, and doctor's report afterwards. */
export function renderResultJson(result: SetupResult, plan: SetupPlan, doctor: DoctorReport): string {
  const doc: SetupResultDocument = { ...result, plan, doctor };
  return JSON.stringify(doc, null, 2);
}

/** After applying (table output): what doctor says now. */
export function renderVerified(after: DoctorReport, paint: Painter = noPaint): string {
  return `\n${paint('bold', 'Verified. What rootctl doctor says now:')}\n\n${renderDoctorTable(after, paint)}`;
}

/** One line per finished step, for live progress. */
export function renderResultLines(event: SetupEvent, paint: Painter = noPaint): string | undefined {
  if (event.kind === 'step-verify-wait')
    return `  [${event.index + 1}/${event.total}] ${event.step.description}: ${paint('yellow', `not visible yet, reading back again in ${event.delayMs / 1000} s (${event.attempt}/${event.attempts})`)}`;
  if (event.kind !== 'step-done') return undefined;
  const status =
    event.status === 'done' ? paint('green', 'done, verified') : paint('gray', 'already in effect');
  return `  [${event.index + 1}/${event.total}] ${event.step.description}: ${status}`;
}
