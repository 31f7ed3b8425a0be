/**
 * What `rootctl remediate` is asked to do, checked before any AWS call: the scope (one of
 * --accounts / --ou / --all, or --resume with none of the plan-making flags), the plan options, and
 * the plan file of --out (refused if it exists: rootctl never overwrites a file it did not create).
 */
import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { RootctlError } from '../core/errors.js';
import { parseAccountList, parseOuId } from '../core/model/account-id.js';
import { planOptions, type RemediationScope } from '../core/plan/index.js';
import { renderPlanJson } from '../core/plan/render.js';
import type { Plan, PlanOptions } from '../core/plan/types.js';

/** The flags of `rootctl remediate` as given on the command line (strings, unparsed). */
export interface RemediationFlags {
  yes?: boolean | undefined;
  concurrency?: string | undefined;
  maxPlanAge?: string | undefined;
  showPlan?: boolean | undefined;
  out?: string | undefined;
  quiet?: boolean | undefined;
  accounts?: string | undefined;
  ou?: string | undefined;
  all?: boolean | undefined;
  resume?: boolean | undefined;
  only?: string | undefined;
  recentlyUsedDays?: string | undefined;
  includeRecentlyUsed?: boolean | undefined;
}

function resumeFlagsRefused(flags: RemediationFlags, given: string[]): void {
  const extra = [
    ...given,
    flags.only !== undefined && '--only',
    flags.recentlyUsedDays !== undefined && '--recently-used-days',
    flags.includeRecentlyUsed && '--include-recently-used',
  ].filter(Boolean);
  if (extra.length)
    throw new RootctlError(
      'UsageError',
      `--resume continues the journaled plan as it was made; it takes no ${extra.join(', ')}.`,
    );
}

/** Usage checks that need no AWS call; undefined for --resume (the journal's plan and scope). */
export function remediationScope(flags: RemediationFlags): RemediationScope | undefined {
  const given = [
    flags.accounts !== undefined && '--accounts',
    flags.ou !== undefined && '--ou',
    flags.all && '--all',
  ].filter((g): g is string => typeof g === 'string');
  if (flags.resume) {
    resumeFlagsRefused(flags, given);
    return undefined;
  }
  if (given.length !== 1)
    throw new RootctlError(
      'UsageError',
      given.length
        ? `Choose one scope, not ${given.join(' and ')}.`
        : 'Choose a scope: --accounts ID,..., --ou OU_ID or --all (or --resume).',
    );
  if (flags.accounts !== undefined) return { kind: 'accounts', accountIds: parseAccountList(flags.accounts) };
  if (flags.ou !== undefined) return { kind: 'ou', ouId: parseOuId(flags.ou) };
  return { kind: 'all' };
}

/** The scope and, for a new plan, its options (--only, --recently-used-days, --include-recently-used). */
export function remediationInput(flags: RemediationFlags): {
  scope: RemediationScope | undefined;
  options: PlanOptions | undefined;
} {
  const scope = remediationScope(flags);
  const options = scope
    ? planOptions({
        only: flags.only,
        recentlyUsedDays: flags.recentlyUsedDays,
        includeRecentlyUsed: flags.includeRecentlyUsed,
      })
    : undefined;
  return { scope, options };
}

/**
 * Refuses a plan file that exists (OutputExists: never overwritten, not even by a newer plan) or
 * whose folder does not exist, before anything is audited. Returns the absolute path.
 */
export function checkPlanOut(out: string): string {
  const path = resolve(out);
  if (existsSync(path))
    throw new RootctlError(
      'OutputExists',
      `--out ${out} already exists${statSync(path).isDirectory() ? ' (a folder)' : ''}; rootctl does not overwrite it.`,
      { hint: 'Name a new file for --out, or move the old plan away first.' },
    );
  if (!existsSync(dirname(path)))
    throw new RootctlError('InvalidInput', `--out ${out}: the folder ${dirname(path)} does not exist.`);
  return path;
}

/**
 * Writes the plan as its JSON (what `--output json` prints and the plan schema reads back) to a new
 * file readable by its owner only (0600: the plan names accounts and credential ids). A file that
 * appeared since checkPlanOut is not overwritten either (OutputExists).
 */
export function writePlanFile(path: string, plan: Plan): void {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') checkPlanOut(path);
    throw new RootctlError('InvalidInput', `--out ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    writeSync(fd, `${renderPlanJson(plan)}\n`);
  } finally {
    closeSync(fd);
  }
}
