/**
 * The scenario format and the generator: determinism, the invariants of a 10,000-account org, the
 * example file, one-line validation errors that name the field, and docs/scenario.md covering every
 * field of the schema.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { isRootctlError } from '../src/core/errors.js';
import { IAM_SERVICE_PRINCIPAL } from '../src/core/model/task-policies.js';
import { generateScenario } from '../src/emulator/scenario/generate.js';
import { parseScenarioText, validateScenario } from '../src/emulator/scenario/load.js';
import { ScenarioObjectSchema, type Scenario } from '../src/emulator/scenario/schema.js';
import { World } from '../src/emulator/world.js';

const ROOT = resolve(import.meta.dirname, '..');
const EXAMPLE = resolve(ROOT, 'examples/scenario-small.json');
const exampleJson = (): Record<string, any> => JSON.parse(readFileSync(EXAMPLE, 'utf8'));

/** The one-line message validateScenario fails with. */
function problem(value: unknown): string {
  try {
    validateScenario(value, 'org.json');
  } catch (e) {
    if (isRootctlError(e)) {
      expect(e.code).toBe('InvalidScenario');
      expect(e.exitCode).toBe(2);
      return e.message;
    }
    throw e;
  }
  throw new Error('expected the scenario to be rejected');
}

const ids = (s: Scenario) => ({
  org: s.organization?.id,
  root: s.organization?.rootId,
  ous: s.ous.map((o) => o.id),
  accounts: s.accounts.map((a) => a.id),
});

describe('generateScenario', () => {
  it('gives the same organization for the same seed, and another for another seed', () => {
    const a = generateScenario({ accounts: 80, seed: 42, blockingScp: true });
    const b = generateScenario({ accounts: 80, seed: 42, blockingScp: true });
    const c = generateScenario({ accounts: 80, seed: 43, blockingScp: true });
    expect(ids(b)).toEqual(ids(a));
    expect(b.principals).toEqual(a.principals);
    expect(b.accounts.map((x) => x.root)).toEqual(a.accounts.map((x) => x.root));
    expect(ids(c).accounts).not.toEqual(ids(a).accounts);
    expect(ids(c).org).not.toEqual(ids(a).org);
  });

  it('generates the smallest organizations (4 accounts) with an active member account for every seed', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const s = generateScenario({ accounts: 4, seed, state: 'configured' });
      expect(s.accounts, `seed ${seed}`).toHaveLength(4);
      const member = s.principals.find((p) => p.profile === 'member')!;
      const home = s.accounts.find((a) => a.id === member.accountId)!;
      expect(home.status, `seed ${seed}`).toBe('ACTIVE');
    }
  });

  it('always has a suspended account from 20 accounts up', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const s = generateScenario({ accounts: 20 + seed, seed });
      const suspendedOu = s.ous.find((o) => o.name === 'Suspended')!.id;
      const suspended = s.accounts.filter((a) => a.status === 'SUSPENDED');
      expect(suspended.length, `seed ${seed}`).toBeGreaterThan(0);
      for (const a of suspended) expect(a.parentId).toBe(suspendedOu);
    }
  });

  it('generates a valid 10,000-account organization with its invariants', () => {
    const s = generateScenario({ accounts: 10_000, seed: 7, blockingScp: true, state: 'configured' });
    expect(s.accounts).toHaveLength(10_000);
    const accountIds = new Set(s.accounts.map((a) => a.id));
    expect(accountIds.size).toBe(10_000);
    for (const id of accountIds) expect(id).toMatch(/^\d{12}$/);

    const org = s.organization!;
    const mgmt = s.accounts.filter((a) => a.id === org.managementAccountId);
    expect(mgmt).toHaveLength(1);
    expect(mgmt[0]!.status).toBe('ACTIVE');
    expect(mgmt[0]!.parentId).toBe(org.rootId);

    const ouName = (id: string) => s.ous.find((o) => o.id === id)?.name;
    const security = s.principals.find((p) => p.profile === 'security')!;
    const securityAccount = s.accounts.find((a) => a.id === security.accountId)!;
    expect(securityAccount.status).toBe('ACTIVE');
    expect(ouName(securityAccount.parentId)).toBe('Security');
    expect(s.delegatedAdministrators).toEqual([
      expect.objectContaining({ accountId: securityAccount.id, servicePrincipal: IAM_SERVICE_PRINCIPAL }),
    ]);
    expect(s.features.sort()).toEqual(['RootCredentialsManagement', 'RootSessions']);

    const suspended = s.accounts.filter((a) => a.status === 'SUSPENDED');
    expect(suspended.length).toBeGreaterThan(100);
    expect(new Set(suspended.map((a) => ouName(a.parentId)))).toEqual(new Set(['Suspended']));

    // The blocking SCP sits on exactly one OU, which holds several active accounts.
    const blocking = s.policies.filter((p) => p.name === 'DenyRootUser');
    expect(blocking).toHaveLength(1);
    expect(blocking[0]!.targets).toHaveLength(1);
    const blockedOu = blocking[0]!.targets[0]!;
    expect(blockedOu).toMatch(/^ou-/);
    expect(
      s.accounts.filter((a) => a.parentId === blockedOu && a.status === 'ACTIVE').length,
    ).toBeGreaterThanOrEqual(4);
    expect(JSON.parse(blocking[0]!.content).Statement[0].Condition).not.toHaveProperty('Null');

    // FullAWSAccess covers every level, as AWS attaches it by default.
    const full = s.policies.find((p) => p.id === 'p-FullAWSAccess')!;
    expect(new Set(full.targets)).toEqual(new Set([org.rootId, ...s.ous.map((o) => o.id), ...accountIds]));

    // A realistic credential mix.
    const withKeys = s.accounts.filter((a) => a.root.accessKeys.length > 0).length;
    const none = s.accounts.filter(
      (a) =>
        !a.root.password &&
        !a.root.accessKeys.length &&
        !a.root.signingCertificates.length &&
        !a.root.mfaDevices.length,
    ).length;
    expect(withKeys).toBeGreaterThan(1000);
    expect(none).toBeGreaterThan(2000);

    // It passes its own schema and reference checks, and the World builds from it.
    const again = validateScenario(JSON.parse(JSON.stringify(s)));
    expect(again.accounts).toHaveLength(10_000);
    const world = new World(again);
    expect(world.accounts.size).toBe(10_000);
    const blockedAccount = s.accounts.find((a) => a.parentId === blockedOu && a.status === 'ACTIVE')!;
    expect(world.scpLevels(blockedAccount.id).map((l) => l.targetId)).toEqual([
      org.rootId,
      blockedOu,
      blockedAccount.id,
    ]);
  });

  it('leaves trusted access, features and the delegated admin off in a fresh org, and SCPs out of a consolidated-billing one', () => {
    const fresh = generateScenario({ accounts: 30, seed: 2 });
    expect([fresh.serviceAccess, fresh.delegatedAdministrators, fresh.features]).toEqual([[], [], []]);
    const cb = generateScenario({ accounts: 30, seed: 2, featureSet: 'CONSOLIDATED_BILLING' });
    expect(cb.organization!.featureSet).toBe('CONSOLIDATED_BILLING');
    expect(cb.policies).toEqual([]);
    expect(() => validateScenario(cb)).not.toThrow();
  });
});

describe('scenario files', () => {
  it('loads the example, which uses every section of the format', () => {
    const s = parseScenarioText(readFileSync(EXAMPLE, 'utf8'), 'scenario-small.json');
    const raw = exampleJson();
    expect(Object.keys(raw).sort()).toEqual(Object.keys(ScenarioObjectSchema.shape).sort());
    expect(s.accounts.map((a) => a.id)).toEqual(raw.accounts.map((a: { id: string }) => a.id));
    expect(s.accounts.some((a) => a.status === 'SUSPENDED')).toBe(true);
    expect(s.accounts.some((a) => a.root.accessKeys.some((k) => k.lastUsed))).toBe(true);
    expect(s.accounts.some((a) => a.buckets.length && a.queues.length)).toBe(true);
  });

  it('fills in defaults for the optional fields', () => {
    const raw = exampleJson();
    delete raw.accounts[3].status;
    delete raw.accounts[3].root;
    delete raw.principals[0].allow;
    delete raw.serviceAccess;
    const s = validateScenario(raw);
    expect(s.accounts[3]!.status).toBe('ACTIVE');
    expect(s.accounts[3]!.root).toEqual({
      password: null,
      accessKeys: [],
      signingCertificates: [],
      mfaDevices: [],
    });
    expect(s.principals[0]!.allow).toEqual(['*']);
    expect(s.serviceAccess).toEqual([]);
  });

  const cases: [string, (s: Record<string, any>) => void, RegExp][] = [
    [
      'a bad account id',
      (s) => (s.accounts[2].id = '12345'),
      /^org\.json: accounts\[2\]\.id: must be an account id of exactly 12 digits \(got "12345"\)/,
    ],
    [
      'a missing required field',
      (s) => delete s.accounts[1].email,
      /^org\.json: accounts\[1\]\.email: required field is missing/,
    ],
    [
      'a misspelt field',
      (s) => (s.accounts[0].parentid = 'x'),
      /^org\.json: accounts\[0\]: unknown field "parentid"/,
    ],
    [
      'an unknown parent',
      (s) => (s.accounts[4].parentId = 'ou-ex12-nothere1'),
      /^org\.json: accounts\[4\]\.parentId: ou-ex12-nothere1 is neither the root/,
    ],
    [
      'a wrong enum value',
      (s) => (s.accounts[1].status = 'CLOSED'),
      /^org\.json: accounts\[1\]\.status: .*ACTIVE.*SUSPENDED/,
    ],
    [
      'a policy target that does not exist',
      (s) => s.policies[1].targets.push('999999999999'),
      /^org\.json: policies\[1\]\.targets\[1\]: 999999999999 is not the root, an OU or an account/,
    ],
    [
      'a management account that is not an account',
      (s) => (s.organization.managementAccountId = '999999999999'),
      /^org\.json: organization\.managementAccountId: 999999999999 is not one of the accounts/,
    ],
    [
      'an OU cycle',
      (s) => (s.ous[1].parentId = 'ou-ex12-prodprod'),
      /^org\.json: ous\[\d\]\.parentId: .*cycle/,
    ],
    [
      'a duplicate access key',
      (s) => (s.principals[1].accessKeyId = s.principals[0].accessKeyId),
      /^org\.json: principals\[1\]\.accessKeyId: duplicate access key id/,
    ],
    [
      'a policy that is not JSON',
      (s) => (s.policies[1].content = 'Deny everything'),
      /^org\.json: policies\[1\]\.content: must be a policy document as JSON text/,
    ],
    [
      'a bad timestamp',
      (s) => (s.accounts[2].root.accessKeys[0].createDate = 'yesterday'),
      /^org\.json: accounts\[2\]\.root\.accessKeys\[0\]\.createDate: must be an ISO 8601 timestamp/,
    ],
    [
      'a delegated admin outside the accounts',
      (s) => (s.delegatedAdministrators[0].accountId = '999999999999'),
      /^org\.json: delegatedAdministrators\[0\]\.accountId: 999999999999 is not one of the accounts/,
    ],
  ];
  it.each(cases)('names the field on one line for %s', (_name, mutate, expected) => {
    const raw = exampleJson();
    mutate(raw);
    const message = problem(raw);
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });

  it('reports JSON syntax errors on one line', () => {
    let message = '';
    try {
      parseScenarioText('{\n  "accounts": [,]\n}', 'org.json');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^org\.json: not valid JSON: /);
    expect(message).not.toContain('\n');
  });
});

describe('docs/scenario.md', () => {
  it('documents every field of the schema', () => {
    const doc = readFileSync(resolve(ROOT, 'docs/scenario.md'), 'utf8');
    const missing = fieldNames(ScenarioObjectSchema).filter((f) => !doc.includes(`\`${f}\``));
    expect(missing).toEqual([]);
  });
});

/** Every object key anywhere in a zod schema (through arrays, optionals, defaults and nullables). */
function fieldNames(schema: z.ZodType): string[] {
  const out = new Set<string>();
  const walk = (s: z.ZodType): void => {
    const def = (
      s as unknown as {
        def: { type: string; innerType?: z.ZodType; element?: z.ZodType; shape?: Record<string, z.ZodType> };
      }
    ).def;
    if (def.type === 'object' && def.shape) {
      for (const [k, v] of Object.entries(def.shape)) {
        out.add(k);
        walk(v);
      }
    } else if (def.type === 'array' && def.element) walk(def.element);
    else if (def.innerType) walk(def.innerType);
  };
  walk(schema);
  return [...out];
}
