import type { ScpBlockerReport } from '../../doctor/types.js';
import type { ScpTarget } from '../../ports.js';
import type { DoctorIssue } from '../../doctor/types.js';
import { fromFact, type DoctorCheck } from './shared.js';

function targetText(t: ScpTarget): string {
  const kind = t.type === 'ROOT' ? 'root' : t.type === 'ORGANIZATIONAL_UNIT' ? 'OU' : 'account';
  return `${kind} ${t.name || t.id} (${t.id})`;
}

function blockerIssue(b: ScpBlockerReport): DoctorIssue {
  const n = b.accountsBlocked ?? b.accountsCovered;
  const count = n === null ? 'an unknown number of' : String(n);
  const where = `${count} active member account${n === 1 ? '' : 's'}`;
  const what =
    b.kind === 'possibly-blocking'
      ? `may deny root sessions (not ruled out): root tasks may fail in ${where}`
      : b.kind === 'allow-list'
        ? `allows no root-task calls where attached: root tasks fail in ${where}`
        : `denies root sessions: root tasks fail in ${where}`;
  const fix =
    b.kind === 'allow-list'
      ? `Add the root-task actions (or iam:*) to the Allow statement of ${b.policyName}, or attach FullAWSAccess beside it`
      : `Add "Null": {"aws:AssumedRoot": "true"} to the condition of the Deny statement in ${b.policyName}`;
  return {
    id: 'blocking-scp',
    policyId: b.policyId,
    title: `SCP ${b.policyName} (${b.policyId}) ${what}`,
    detail: `${b.reason} Attached to ${b.targets.map(targetText).join(', ') || 'no target'}.`,
    next: {
      kind: 'scp',
      text: `${fix}, then: aws organizations update-policy --policy-id ${b.policyId} --content file://${b.policyName}.json (or detach it); check with rootctl guardrails scp --check`,
    },
  };
}

/**
 * A blocking SCP is a warning, not a gap: centralized root access works everywhere else, and root
 * tasks fail with AccessDenied only in the accounts it covers. One issue per SCP.
 */
export const scpsAllowRootSessions: DoctorCheck = {
  id: 'scps-allow-root-sessions',
  issueId: 'blocking-scp',
  level: 'warning',
  title: 'No SCP denies root sessions their root-task calls',
  severity: 'medium',
  description:
    'No service control policy denies (or may deny, or fails to allow) the calls of the root tasks to root sessions in active member accounts.',
  remediation:
    'Exempt root sessions from the Deny ("Null": {"aws:AssumedRoot": "true"}) or allow the root-task actions; check with rootctl guardrails scp --check.',
  evaluate(f) {
    return fromFact(f.scps, ({ blockers }) =>
      blockers.length
        ? {
            status: 'fail',
            reason: `${blockers.length} SCP${blockers.length === 1 ? '' : 's'} may block root tasks: ${blockers.map((b) => b.policyName).join(', ')}`,
            issues: blockers.map(blockerIssue),
          }
        : { status: 'pass', reason: 'no SCP blocks root sessions' },
    );
  },
};
