/**
 * The audit library: `audit(ports, options)` returns an AuditReport (the JSON output's schema).
 * With an AwsContext instead of ports, use `auditOrganization` from src/app/audit.ts.
 */
export { audit, DEFAULT_CONCURRENCY } from './run.js';
export type { AuditEvent, AuditOptions, AuditPorts, AuditRunStats, AuditScope } from './types.js';
export * from './model.js';
export {
  diffAudits,
  AUDIT_DIFF_SCHEMA_VERSION,
  type AuditDiff,
  type AccountChange,
  type ChangeKind,
} from './diff.js';
export { classifyFailure, type RawFailure } from './failure.js';
export { DIAGNOSIS, diagnose } from './diagnose.js';
