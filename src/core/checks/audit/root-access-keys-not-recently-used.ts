import { DEFAULT_RECENTLY_USED_DAYS } from '../../plan/options.js';
import { isRecentlyUsed } from '../../plan/planner.js';
import { CIS_ELIMINATE_ROOT_USE } from '../cis.js';
import { fail, pass, unknown, type Check } from '../types.js';
import { isOutcome, memberRoot, type AuditCheckInput } from './input.js';

const DAYS = DEFAULT_RECENTLY_USED_DAYS;

/**
 * A key used recently is in use somewhere: deleting it breaks that caller, which is why remediate
 * holds such keys back (same window, same rule: core/plan isRecentlyUsed). Judged against the
 * account's audit time, so the check is pure.
 */
export const rootAccessKeysNotRecentlyUsed: Check<AuditCheckInput> = {
  id: 'root-access-keys-not-recently-used',
  title: `Member account root access keys not used in the last ${DAYS} days`,
  severity: 'high',
  description: `No access key of a member account's root user was used in the ${DAYS} days before the audit (IAM GetAccessKeyLastUsed).`,
  remediation:
    'Find the caller first (rootctl activity --account <id>) and move it to a role; remediate holds such keys back until then (rootctl remediate --accounts <id> --only access-keys --include-recently-used).',
  cis: CIS_ELIMINATE_ROOT_USE,
  evaluate(input) {
    const root = memberRoot(input);
    if (isOutcome(root)) return root;
    if (!root.accessKeysPresent) return pass('the root user has no access keys');
    if (root.detail === 'summary')
      return unknown(
        'the root user has access keys; --detail summary does not read when they were last used',
      );
    const at = new Date(input.account.auditedAt);
    const recent = root.accessKeys.filter((k) => isRecentlyUsed(k.lastUsed?.date, at, DAYS));
    return recent.length
      ? fail(
          `used in the last ${DAYS} days: ${recent.map((k) => `${k.id} on ${k.lastUsed!.date} (${k.lastUsed!.service})`).join(', ')}`,
        )
      : pass(`no root access key was used in the last ${DAYS} days`);
  },
};
