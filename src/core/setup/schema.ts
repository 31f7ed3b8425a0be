/**
 * A setup plan as it is read back (a library caller's saved plan handed to applySetup): validated
 * before any step runs, schemaVersion first (a newer plan is PlanTooNew). Mirrors ./types.ts; the
 * compile-time check at the end keeps the two equal.
 */
import { z } from 'zod';
import { RootctlError } from '../errors.js';
import { checkSchemaVersion, firstIssue } from '../plan/schema.js';
import { SETUP_SCHEMA_VERSION, type SetupPlan } from './types.js';

const stepKind = z.enum([
  'enable-trusted-access',
  'enable-root-credentials-management',
  'enable-root-sessions',
  'register-delegated-admin',
  'deregister-delegated-admin',
  'disable-root-sessions',
  'disable-root-credentials-management',
  'disable-trusted-access',
]);

const issue = z.object({
  id: z.string(),
  title: z.string(),
  detail: z.string(),
  next: z.object({
    kind: z.enum(['rootctl', 'aws-cli', 'console', 'credentials', 'permissions', 'scp']),
    text: z.string(),
  }),
  policyId: z.string().exactOptional(),
});

export const setupPlanSchema = z
  .object({
    schemaVersion: z.literal(SETUP_SCHEMA_VERSION),
    kind: z.literal('rootctl.setup-plan'),
    mode: z.enum(['setup', 'undo']),
    generatedAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date-time'),
    organizationId: z.string(),
    managementAccountId: z.string(),
    callerAccountId: z.string(),
    delegatedAdmin: z.object({ accountId: z.string().regex(/^\d{12}$/), name: z.string() }).nullable(),
    steps: z.array(
      z.object({
        kind: stepKind,
        action: z.string(),
        description: z.string(),
        awsCli: z.string(),
        accountId: z
          .string()
          .regex(/^\d{12}$/)
          .exactOptional(),
      }),
    ),
    skipped: z.array(z.object({ kind: stepKind, reason: z.string() })),
    warnings: z.array(issue),
  })
  .refine(
    (p) =>
      p.steps.every(
        (s) =>
          (s.kind !== 'register-delegated-admin' && s.kind !== 'deregister-delegated-admin') || s.accountId,
      ),
    { message: 'a delegated-admin step names no accountId', path: ['steps'] },
  );

/** A setup plan from outside this process, validated: InvalidPlan or PlanTooNew with one line. */
export function parseSetupPlan(value: unknown, what = 'The setup plan'): SetupPlan {
  checkSchemaVersion(value, SETUP_SCHEMA_VERSION, what);
  const r = setupPlanSchema.safeParse(value);
  if (!r.success)
    throw new RootctlError('InvalidPlan', `${what} is not a valid setup plan: ${firstIssue(r.error)}.`);
  return r.data;
}

// The schema and the SetupPlan type must describe the same thing: this fails to compile when they drift.
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const setupPlanTypeMatches: Equal<z.output<typeof setupPlanSchema>, SetupPlan> = true;
void setupPlanTypeMatches;
