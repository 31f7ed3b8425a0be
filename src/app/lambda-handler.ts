/**
 * The AWS Lambda handler of the scheduled audit (`rootctl deploy scheduled-audit`), exported as
 * `rootctl/lambda`. Configured by environment variables only, so the same code runs in Lambda and
 * against the emulator (AWS_ENDPOINT_URL):
 *
 *   ROOTCTL_REPORT_BUCKET       required: the S3 bucket for reports and diffs
 *   ROOTCTL_REPORT_PREFIX       key prefix (default rootctl/)
 *   ROOTCTL_TOPIC_ARN           SNS topic for alerts (optional)
 *   ROOTCTL_SECURITY_HUB        "true": import findings into Security Hub
 *   ROOTCTL_ENFORCE_EXCEPTIONS  "true": close overdue exceptions first (`exception enforce`)
 *   ROOTCTL_DB                  exceptions database (optional; without it history lives in S3 only)
 *   ROOTCTL_CONCURRENCY, ROOTCTL_DETAIL (summary|full), ROOTCTL_OU (audit one OU)
 */
import { z } from 'zod';
import { RootctlError } from '../core/errors.js';
import { parseOuId } from '../core/model/account-id.js';
import type { ScheduledAuditResult } from '../core/continuous/scheduled.js';
import { scheduledAudit } from './scheduled-audit.js';

const flag = z
  .enum(['true', 'false', ''])
  .optional()
  .transform((v) => v === 'true');

const HandlerEnv = z.object({
  ROOTCTL_REPORT_BUCKET: z.string().min(3, 'ROOTCTL_REPORT_BUCKET must name the report bucket'),
  ROOTCTL_REPORT_PREFIX: z.string().optional(),
  ROOTCTL_TOPIC_ARN: z.string().startsWith('arn:').optional(),
  ROOTCTL_SECURITY_HUB: flag,
  ROOTCTL_ENFORCE_EXCEPTIONS: flag,
  ROOTCTL_DB: z.string().optional(),
  ROOTCTL_CONCURRENCY: z.coerce.number().int().min(1).max(1000).optional(),
  ROOTCTL_DETAIL: z.enum(['summary', 'full']).optional(),
  ROOTCTL_OU: z.string().optional(),
  AWS_REGION: z.string().optional(),
  AWS_ENDPOINT_URL: z.string().url().optional(),
  // Lambda puts the execution role's credentials here; read from the env given, like the SDK's fromEnv.
  AWS_ACCESS_KEY_ID: z.string().optional(),
  AWS_SECRET_ACCESS_KEY: z.string().optional(),
  AWS_SESSION_TOKEN: z.string().optional(),
});

const FanOutEvent = z.object({ ou: z.string().optional() }).passthrough();

/** What the function returns (and logs): the run's summary without the full report. */
export type ScheduledAuditOutput = Omit<ScheduledAuditResult, 'alerts'> & { alerts: string[] };

/** `exception enforce` from the library, when this version of the package has it (issue 13). */
type EnforceHook = () => Promise<unknown>;

export function createHandler(
  env: Record<string, string | undefined>,
  enforce?: EnforceHook,
): (event?: unknown) => Promise<ScheduledAuditOutput> {
  return async (event?: unknown) => {
    const parsed = HandlerEnv.safeParse(env);
    if (!parsed.success)
      throw new RootctlError(
        'InvalidInput',
        `Bad function configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    const e = parsed.data;
    // The per-OU fan-out (Step Functions Map) invokes the function with {"ou": "ou-..."}: that OU only,
    // with its own baseline under <prefix><ou>/.
    const fanned = FanOutEvent.safeParse(event ?? {});
    const ou = (fanned.success ? fanned.data.ou : undefined) ?? e.ROOTCTL_OU;
    const prefix =
      fanned.success && fanned.data.ou !== undefined
        ? `${e.ROOTCTL_REPORT_PREFIX ?? 'rootctl/'}${fanned.data.ou}/`
        : e.ROOTCTL_REPORT_PREFIX;
    if (e.ROOTCTL_ENFORCE_EXCEPTIONS && !enforce)
      throw new RootctlError(
        'InvalidInput',
        'ROOTCTL_ENFORCE_EXCEPTIONS is true but this rootctl version has no `exception enforce`.',
        { hint: 'Upgrade the function package, or set ROOTCTL_ENFORCE_EXCEPTIONS=false.' },
      );
    const result = await scheduledAudit({
      region: e.AWS_REGION,
      endpoint: e.AWS_ENDPOINT_URL,
      ...(e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY
        ? {
            credentials: {
              accessKeyId: e.AWS_ACCESS_KEY_ID,
              secretAccessKey: e.AWS_SECRET_ACCESS_KEY,
              ...(e.AWS_SESSION_TOKEN ? { sessionToken: e.AWS_SESSION_TOKEN } : {}),
            },
          }
        : {}),
      bucket: e.ROOTCTL_REPORT_BUCKET,
      prefix,
      topicArn: e.ROOTCTL_TOPIC_ARN,
      securityHub: e.ROOTCTL_SECURITY_HUB,
      enforceExceptions: e.ROOTCTL_ENFORCE_EXCEPTIONS ? enforce : undefined,
      db: e.ROOTCTL_DB,
      detail: e.ROOTCTL_DETAIL ?? 'full',
      // A Lambda has one connection pool and little memory: a modest fan-out (AssumeRoot is the bound).
      concurrency: e.ROOTCTL_CONCURRENCY ?? 20,
      ...(ou ? { scope: { kind: 'ou' as const, id: parseOuId(ou) } } : {}),
    });
    return { ...result, alerts: result.alerts.map((a) => a.text) };
  };
}

/** The Lambda entry point: `export { handler } from 'rootctl/lambda'`. */
export const handler = createHandler(process.env);
