/**
 * Audit tests against the emulator over HTTP: start an org, audit it with a profile's credentials,
 * and derive each account's expected record from GET /_emulator/state (the ground truth).
 */
import { expect } from 'vitest';
import { auditOrganization, createAuditContexts } from '../../src/app/audit.js';
import type { AccountAudit, AuditReport } from '../../src/core/audit/model.js';
import type { AuditOptions } from '../../src/core/audit/types.js';
import { credsOf } from './emulator-clients.js';
import type { Scenario } from '../../src/emulator/scenario/schema.js';

export interface TruthAccount {
  id: string;
  name: string;
  status: string;
  parentId: string;
  root: {
    password: boolean;
    passwordCreateDate: string | null;
    accessKeys: {
      id: string;
      status: string;
      createDate: string;
      lastUsed?: { date: string; service: string; region: string };
    }[];
    signingCertificates: { id: string; status: string }[];
    mfaDevices: { serialNumber: string }[];
  };
}

export interface Truth {
  organization: { id: string; managementAccountId: string; rootId: string };
  ous: { id: string; name: string; parentId: string }[];
  accounts: TruthAccount[];
  policies: { id: string; name: string; awsManaged: boolean; targets: string[] }[];
  features: string[];
}

export async function truthOf(url: string): Promise<Truth> {
  return (await (await fetch(`${url}/_emulator/state`)).json()) as Truth;
}

export interface EmulatorStatsBody {
  calls: Record<string, number>;
  throttled: number;
  throttledCalls: Record<string, number>;
  faults: number;
}

export async function emulatorStats(url: string): Promise<EmulatorStatsBody> {
  return (await (await fetch(`${url}/_emulator/stats`)).json()) as EmulatorStatsBody;
}

/** Throttled calls of one service (`sts`, `iam`, `organizations`), from the stats. */
export function throttledIn(stats: EmulatorStatsBody, service: string): number {
  return Object.entries(stats.throttledCalls)
    .filter(([k]) => k.startsWith(`${service}:`))
    .reduce((n, [, v]) => n + v, 0);
}

export async function setKnobs(url: string, knobs: Record<string, unknown>): Promise<void> {
  const r = await fetch(`${url}/_emulator/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(knobs),
  });
  if (!r.ok) throw new Error(`config failed: ${r.status}`);
}

export async function auditAs(
  url: string,
  scenario: Scenario,
  profile: string,
  options: AuditOptions = {},
): Promise<AuditReport> {
  const ctx = createAuditContexts({
    endpoint: url,
    region: 'us-east-1',
    credentials: credsOf(scenario, profile),
  });
  try {
    return await auditOrganization(ctx, options);
  } finally {
    ctx.destroy();
  }
}

/** Root first, then each OU down to the account's parent (ids). */
export function pathOf(truth: Truth, accountId: string): string[] {
  const ous = new Map(truth.ous.map((o) => [o.id, o]));
  const a = truth.accounts.find((x) => x.id === accountId)!;
  const path: string[] = [];
  let id: string | undefined = a.parentId;
  while (id !== undefined) {
    path.unshift(id);
    id = ous.get(id)?.parentId;
  }
  return path;
}

export function ouPathOf(truth: Truth, accountId: string): string {
  const ous = new Map(truth.ous.map((o) => [o.id, o]));
  return [
    'Root',
    ...pathOf(truth, accountId)
      .slice(1)
      .map((id) => ous.get(id)!.name),
  ].join('/');
}

/** The policy named `name` if it is attached on the account's path. */
export function blockingPolicy(truth: Truth, accountId: string, name = 'DenyRootUser') {
  const path = pathOf(truth, accountId);
  const p = truth.policies.find((x) => x.name === name);
  const target = p?.targets.find((t) => path.includes(t));
  return p && target ? { id: p.id, name: p.name, target } : undefined;
}

export function expectedStatus(truth: Truth, a: TruthAccount): AccountAudit['status'] {
  if (a.id === truth.organization.managementAccountId || a.status !== 'ACTIVE') return 'skipped';
  if (blockingPolicy(truth, a.id)) return 'error';
  const r = a.root;
  return r.password || r.accessKeys.length || r.signingCertificates.length || r.mfaDevices.length
    ? 'non_compliant'
    : 'compliant';
}

/** A date as epoch milliseconds (formats differ between the wire and the state), or undefined. */
export function when(d: string | null | undefined): number | undefined {
  return d === null || d === undefined ? undefined : Date.parse(d);
}

/** Every account of the truth appears exactly once in the report, with the expected status and details. */
export function expectMatchesTruth(report: AuditReport, truth: Truth, accountIds?: string[]): void {
  const ids = report.accounts.map((a) => a.accountId as string);
  expect(new Set(ids).size, 'no account doubled').toBe(ids.length);
  const scope = accountIds ?? truth.accounts.map((a) => a.id);
  expect([...ids].sort()).toEqual([...scope].sort());
  const byId = new Map(report.accounts.map((a) => [a.accountId as string, a]));
  for (const t of truth.accounts.filter((x) => scope.includes(x.id))) {
    const got = byId.get(t.id)!;
    const want = expectedStatus(truth, t);
    expect(got.status, `${t.id} (${t.name}) ${got.error?.diagnosis ?? ''}`).toBe(want);
    expect(got.ouPath).toBe(ouPathOf(truth, t.id));
    expect(got.accountName).toBe(t.name);
    if (got.root?.detail === 'full') {
      expect(got.root.password.present).toBe(t.root.password);
      expect(got.root.accessKeys.map((k) => [k.id, k.status]).sort()).toEqual(
        t.root.accessKeys.map((k) => [k.id, k.status]).sort(),
      );
      expect(when(got.root.password.createDate), `${t.id} password created`).toBe(
        when(t.root.passwordCreateDate),
      );
      for (const k of t.root.accessKeys) {
        const gk = got.root.accessKeys.find((x) => x.id === k.id)!;
        expect(when(gk.createDate), `${k.id} created`).toBe(when(k.createDate));
        expect(when(gk.lastUsed?.date), `${k.id} last used`).toBe(when(k.lastUsed?.date));
        expect(gk.lastUsed?.service).toBe(k.lastUsed?.service);
        expect(gk.lastUsed?.region).toBe(k.lastUsed?.region);
      }
      expect(got.root.signingCertificates.map((c) => c.id).sort()).toEqual(
        t.root.signingCertificates.map((c) => c.id).sort(),
      );
      expect(got.root.mfaDevices.map((d) => d.serialNumber).sort()).toEqual(
        t.root.mfaDevices.map((d) => d.serialNumber).sort(),
      );
    } else if (got.root) {
      expect([
        got.root.password.present,
        got.root.accessKeysPresent,
        got.root.signingCertificatesPresent,
        got.root.mfaPresent,
      ]).toEqual([
        t.root.password,
        t.root.accessKeys.length > 0,
        t.root.signingCertificates.length > 0,
        t.root.mfaDevices.length > 0,
      ]);
    }
  }
}
