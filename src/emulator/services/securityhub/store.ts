/**
 * Security Hub's findings per account and Region, beside the World (a WeakMap keyed by it, so a new
 * World starts empty). Holds the import rules that decide what an update may change.
 */
import type { World } from '../../world.js';

export type StoredFinding = Record<string, unknown> & {
  Id: string;
  ProductArn: string;
  GeneratorId: string;
  AwsAccountId: string;
};

const hubs = new WeakMap<World, Map<string, Map<string, StoredFinding>>>();

/** The findings of one account in one Region, keyed by `ProductArn|Id` (a finding's identity). */
export function findingsOf(world: World, accountId: string, region: string): Map<string, StoredFinding> {
  let byHub = hubs.get(world);
  if (!byHub) hubs.set(world, (byHub = new Map()));
  const key = `${accountId}/${region}`;
  let findings = byHub.get(key);
  if (!findings) byHub.set(key, (findings = new Map()));
  return findings;
}

/**
 * Fields BatchImportFindings does not change once a finding exists (API reference,
 * BatchImportFindings: "cannot be used to update ... Note, UserDefinedFields, VerificationState,
 * Workflow").
 */
const CUSTOMER_FIELDS = ['Note', 'UserDefinedFields', 'VerificationState', 'Workflow'] as const;

/**
 * A new finding, or an update of an existing one. Security Hub sets Workflow.Status itself: NEW on
 * import when none is given; RESOLVED when Compliance.Status becomes PASSED (or the record ARCHIVED)
 * while it was NEW or NOTIFIED; NEW again when a RESOLVED finding's Compliance.Status turns FAILED,
 * WARNING or NOT_AVAILABLE or its RecordState becomes ACTIVE (user guide, "Workflow" in
 * finding-workflow-status / asff-top-level-attributes).
 */
export function upsert(store: Map<string, StoredFinding>, incoming: StoredFinding, now: string): void {
  const key = `${incoming.ProductArn}|${incoming.Id}`;
  const old = store.get(key);
  const next: StoredFinding = { ...incoming, ProductFields: { ...(incoming.ProductFields as object) } };
  if (old) {
    for (const f of CUSTOMER_FIELDS) {
      if (old[f] === undefined) delete next[f];
      else next[f] = old[f];
    }
  }
  const workflow = (next.Workflow as { Status?: string } | undefined)?.Status ?? 'NEW';
  next.Workflow = { Status: nextWorkflow(workflow, old, next) };
  next.RecordState = next.RecordState ?? 'ACTIVE';
  (next.ProductFields as Record<string, string>)['aws/securityhub/FindingId'] =
    `${incoming.ProductArn}/${incoming.Id}`;
  next.ProcessedAt = now;
  store.set(key, next);
}

function compliance(f: Record<string, unknown> | undefined): string | undefined {
  return (f?.Compliance as { Status?: string } | undefined)?.Status;
}

function nextWorkflow(current: string, old: StoredFinding | undefined, next: StoredFinding): string {
  const status = compliance(next);
  const reopened =
    (status !== undefined && status !== 'PASSED' && compliance(old) === 'PASSED') ||
    (next.RecordState === 'ACTIVE' && old?.RecordState === 'ARCHIVED');
  if (current === 'RESOLVED' && reopened) return 'NEW';
  if (
    (current === 'NEW' || current === 'NOTIFIED') &&
    (status === 'PASSED' || next.RecordState === 'ARCHIVED')
  )
    return 'RESOLVED';
  return current;
}
