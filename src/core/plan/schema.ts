/**
 * A remediation plan as it is read back (a plan a library caller hands in, the journal's copy of a
 * run's plan): validated against this schema before anything runs, so a truncated, hand-edited or
 * newer plan is one clear InvalidPlan / PlanTooNew line, never a crash half-way through a run.
 * The schema mirrors ./types.ts field by field; the compile-time check at the end keeps them equal.
 */
import { z } from 'zod';
import { RootctlError } from '../errors.js';
import { isAccountId, type AccountId } from '../model/account-id.js';
import { ACTION_OF_KIND, CREDENTIAL_KINDS, PLAN_SCHEMA_VERSION, type Plan } from './types.js';

export const accountIdSchema = z.custom<AccountId>(
  (v) => typeof v === 'string' && isAccountId(v),
  'not an AWS account id (12 digits)',
);
const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date-time');
const kind = z.enum(CREDENTIAL_KINDS);
const action = z.enum([
  'DeactivateMFADevice',
  'DeleteAccessKey',
  'DeleteSigningCertificate',
  'DeleteLoginProfile',
]);

const deletion = z
  .object({
    kind,
    action,
    targetId: z.string().min(1),
    createdAt: z.string().optional(),
    status: z.enum(['Active', 'Inactive']).optional(),
    lastUsed: z.object({ date: z.string(), service: z.string(), region: z.string() }).optional(),
    recentlyUsed: z.boolean().optional(),
  })
  .refine((d) => ACTION_OF_KIND[d.kind] === d.action, {
    message: 'action does not match kind',
    path: ['action'],
  });

const accountPlan = z.object({
  accountId: accountIdSchema,
  accountName: z.string(),
  ouPath: z.string(),
  deletions: z.array(deletion),
  heldBack: z.array(deletion),
  /** An SCP may deny the deletions (a condition only the real request settles): named, still tried. */
  possiblyBlocked: z.string().optional(),
});

const heldForException = z.object({
  id: z.number().int(),
  task: z.string(),
  target: z.string(),
  openerArn: z.string(),
  openedAt: z.string(),
  expiresAt: z.string(),
  overdue: z.boolean(),
});

const untouched = z.object({
  accountId: accountIdSchema,
  accountName: z.string(),
  ouPath: z.string(),
  reason: z.enum(['management-account', 'suspended', 'blocked', 'audit-error', 'open-exception']),
  detail: z.string(),
  code: z.string().optional(),
  exceptions: z.array(heldForException).optional(),
});

const count = z.number().int().nonnegative();

export const planSchema = z.object({
  schemaVersion: z.literal(PLAN_SCHEMA_VERSION),
  createdAt: isoTime,
  organizationId: z.string(),
  managementAccountId: z.string(),
  callerArn: z.string(),
  scope: z.string(),
  options: z.object({
    only: z.array(kind),
    recentlyUsedDays: count,
    includeRecentlyUsed: z.boolean(),
  }),
  accounts: z.array(accountPlan).refine((a) => new Set(a.map((p) => p.accountId)).size === a.length, {
    message: 'an account is listed twice',
  }),
  clean: z.array(accountIdSchema),
  untouched: z.array(untouched),
  totals: z.object({
    accountsInScope: count,
    accountsToChange: count,
    accountsClean: count,
    deletions: count,
    byKind: z.object(
      Object.fromEntries(CREDENTIAL_KINDS.map((k) => [k, count])) as Record<
        (typeof CREDENTIAL_KINDS)[number],
        typeof count
      >,
    ),
    heldBack: count,
    untouched: count,
  }),
});

/** One line naming the first problem: "accounts.3.deletions.0.action: action does not match kind". */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.map(String).join('.');
  return `${path ? `${path}: ` : ''}${issue.message}`;
}

/**
 * The schemaVersion of a document, checked first: a newer one is PlanTooNew (written by a newer
 * rootctl), one that is missing or not a version InvalidPlan.
 */
export function checkSchemaVersion(value: unknown, current: number, what: string): void {
  const version =
    typeof value === 'object' && value !== null
      ? (value as { schemaVersion?: unknown }).schemaVersion
      : undefined;
  if (typeof version === 'number' && Number.isInteger(version) && version > current)
    throw new RootctlError(
      'PlanTooNew',
      `${what} has schemaVersion ${version}; this rootctl reads version ${current} and older.`,
    );
  if (version === undefined || typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw new RootctlError('InvalidPlan', `${what} is not a rootctl plan: it has no valid schemaVersion.`);
}

/**
 * A remediation plan from outside this process (a library caller's object, a JSON file, the journal),
 * validated: InvalidPlan or PlanTooNew with one line saying what is wrong.
 */
export function parsePlan(value: unknown, what = 'The plan'): Plan {
  checkSchemaVersion(value, PLAN_SCHEMA_VERSION, what);
  const r = planSchema.safeParse(value);
  if (!r.success)
    throw new RootctlError('InvalidPlan', `${what} is not a valid remediation plan: ${firstIssue(r.error)}.`);
  return r.data;
}

/** Parses JSON text, then the plan: a syntax error is InvalidPlan too. */
export function parsePlanJson(text: string, what = 'The plan'): Plan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new RootctlError(
      'InvalidPlan',
      `${what} is not JSON: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return parsePlan(value, what);
}

// The schema and the Plan type must describe the same thing: this fails to compile when they drift.
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const planTypeMatches: Equal<z.output<typeof planSchema>, Plan> = true;
void planTypeMatches;
