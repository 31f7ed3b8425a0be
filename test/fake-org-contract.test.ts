/**
 * Contract of the in-memory organization (src/core/setup/fake-org.ts): the core doctor and setup unit
 * tests trust it to answer as the AWS adapters do. The same assertions run against `fakeOrgPorts` over
 * a copy of an emulated organization and against the real adapters (`setupPorts`, the AWS SDK over
 * HTTP) on that organization: the same reads, the same write effects, the same error codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsContext } from '../src/aws/clients.js';
import { setupPorts } from '../src/app/doctor.js';
import { isRootctlError } from '../src/core/errors.js';
import type { AccountId } from '../src/core/model/account-id.js';
import { IAM_SERVICE_PRINCIPAL, type OrgFeature } from '../src/core/model/task-policies.js';
import { fakeOrgPorts, type FakeOrgState } from '../src/core/setup/fake-org.js';
import type { SetupPorts } from '../src/core/setup/types.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { generateScenario } from '../src/emulator/scenario/generate.js';
import type { Scenario } from '../src/emulator/scenario/schema.js';
import { credsOf } from './helpers/emulator-clients.js';

interface Snapshot {
  organization: { id: string; featureSet: 'ALL'; managementAccountId: string; rootId: string };
  ous: { id: string; name: string; parentId: string }[];
  accounts: { id: string; name: string; status: 'ACTIVE' | 'SUSPENDED'; parentId: string }[];
  serviceAccess: { servicePrincipal: string }[];
  features: OrgFeature[];
  delegatedAdministrators: { accountId: string; servicePrincipal: string }[];
}

/** The fake's state for the emulated organization, seen by the account of `profile`. */
function fakeStateOf(snap: Snapshot, callerAccountId: string): FakeOrgState {
  return {
    caller: { accountId: callerAccountId },
    org: { ...snap.organization, scpEnabled: true },
    ous: snap.ous,
    accounts: snap.accounts.map((a) => ({ id: a.id, name: a.name, state: a.status, parentId: a.parentId })),
    trustedAccess: snap.serviceAccess.map((x) => x.servicePrincipal),
    features: [...snap.features],
    delegatedAdmins: snap.delegatedAdministrators
      .filter((d) => d.servicePrincipal === IAM_SERVICE_PRINCIPAL)
      .map((d) => d.accountId),
    scps: [],
    stsEndpoint: '',
    deny: [],
    writes: [],
  };
}

/** The AWS error code a port call failed with (RootctlError details.awsCode), or 'ok'. */
async function awsCodeOf(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'ok';
  } catch (e) {
    if (!isRootctlError(e)) throw e;
    return `${e.code}/${String((e.details as { awsCode?: string } | undefined)?.awsCode)}`;
  }
}

interface Org {
  snap: Snapshot;
  scenario: Scenario;
  ports(profile: 'management' | 'member'): SetupPorts;
  close(): Promise<void>;
}

async function emulated(
  state: 'fresh' | 'configured',
): Promise<{ emu: RunningEmulator; scenario: Scenario; snap: Snapshot }> {
  const scenario = generateScenario({ accounts: 10, seed: 17, state });
  const emu = await startEmulator(scenario, { knobs: { rates: { operations: {}, defaultPerSecond: 0 } } });
  const snap = (await (await fetch(`${emu.url}/_emulator/state`)).json()) as Snapshot;
  return { emu, scenario, snap };
}

const backends: [string, (state: 'fresh' | 'configured') => Promise<Org>][] = [
  [
    'fakeOrgPorts',
    async (state) => {
      const { emu, scenario, snap } = await emulated(state);
      await emu.close(); // only its state is used
      const accountOf = (p: string) => scenario.principals.find((x) => x.profile === p)!.accountId;
      const states = new Map<string, FakeOrgState>();
      return {
        snap,
        scenario,
        ports(profile) {
          // One organization seen by two callers: the member shares the management caller's state.
          const shared = states.get('org') ?? fakeStateOf(snap, accountOf('management'));
          states.set('org', shared);
          return fakeOrgPorts(
            new Proxy(shared, {
              get: (t, k) => (k === 'caller' ? { accountId: accountOf(profile) } : Reflect.get(t, k)),
            }),
          );
        },
        close: () => Promise.resolve(),
      };
    },
  ],
  [
    'AWS adapters on the emulator',
    async (state) => {
      const { emu, scenario, snap } = await emulated(state);
      const contexts: { destroy(): void }[] = [];
      return {
        snap,
        scenario,
        ports(profile) {
          const ctx = createAwsContext({
            endpoint: emu.url,
            region: 'us-east-1',
            maxAttempts: 1,
            credentials: credsOf(scenario, profile),
          });
          contexts.push(ctx);
          return setupPorts(ctx);
        },
        async close() {
          for (const c of contexts) c.destroy();
          await emu.close();
        },
      };
    },
  ],
];

const sorted = (xs: string[]) => [...xs].sort();

describe.each(backends)('the organization ports: %s', (_name, make) => {
  describe('reads of a configured organization', () => {
    let org: Org;
    beforeAll(async () => {
      org = await make('configured');
    });
    afterAll(() => org.close());

    it('describe the organization, its root, accounts, OUs and parents as they are', async () => {
      const o = org.ports('management').organizations;
      const { snap } = org;
      expect(await o.describeOrganization()).toMatchObject({
        id: snap.organization.id,
        featureSet: 'ALL',
        managementAccountId: snap.organization.managementAccountId,
      });
      expect((await o.listRoots()).map((r) => r.id)).toEqual([snap.organization.rootId]);
      const listed = [];
      for await (const page of o.listAccountPages()) listed.push(...page);
      expect(sorted(listed.map((a) => `${a.id} ${a.name} ${a.state}`))).toEqual(
        sorted(snap.accounts.map((a) => `${a.id} ${a.name} ${a.status}`)),
      );
      const rootId = snap.organization.rootId;
      expect(sorted((await o.listOusForParent(rootId)).map((x) => x.id))).toEqual(
        sorted(snap.ous.filter((x) => x.parentId === rootId).map((x) => x.id)),
      );
      const ou = snap.ous[0]!;
      expect(sorted((await o.listAccountsForParent(ou.id)).map((a) => a.id))).toEqual(
        sorted(snap.accounts.filter((a) => a.parentId === ou.id).map((a) => a.id)),
      );
      const member = snap.accounts.find((a) => a.parentId !== rootId)!;
      expect(await o.parentOf(member.id)).toBe(member.parentId);
    });

    it('report trusted access, the IAM delegated administrator and the features', async () => {
      const p = org.ports('management');
      const { snap } = org;
      expect(sorted(await p.organizations.listServiceAccess())).toEqual(
        sorted(snap.serviceAccess.map((x) => x.servicePrincipal)),
      );
      const admins = await p.organizations.listDelegatedAdministrators(IAM_SERVICE_PRINCIPAL);
      expect(admins.map((a) => a.id)).toEqual(
        snap.delegatedAdministrators
          .filter((d) => d.servicePrincipal === IAM_SERVICE_PRINCIPAL)
          .map((d) => d.accountId),
      );
      expect(sorted((await p.features.listFeatures()).enabled)).toEqual(sorted(snap.features));
    });

    it('refuse a member account the organization reads with AccessDenied', async () => {
      const o = org.ports('member').organizations;
      expect(
        await awsCodeOf(async () => {
          for await (const _ of o.listAccountPages()) break;
        }),
      ).toBe('AccessDenied/AccessDeniedException');
      expect(await awsCodeOf(() => o.listServiceAccess())).toBe('AccessDenied/AccessDeniedException');
    });
  });

  describe('writes on a fresh organization', () => {
    let org: Org;
    beforeAll(async () => {
      org = await make('fresh');
    });
    afterAll(() => org.close());

    it('refuse IAM feature calls before trusted access, then enable, register and refuse a second admin', async () => {
      const p = org.ports('management');
      const security = org.scenario.principals.find((x) => x.profile === 'security')!.accountId as AccountId;
      const other = org.snap.accounts.find(
        (a) => a.id !== security && a.id !== org.snap.organization.managementAccountId,
      )!.id as AccountId;
      expect(await awsCodeOf(() => p.features.listFeatures())).toBe(
        'AwsError/ServiceAccessNotEnabledException',
      );
      await p.writer.enableServiceAccess(IAM_SERVICE_PRINCIPAL);
      expect(await p.organizations.listServiceAccess()).toContain(IAM_SERVICE_PRINCIPAL);
      expect(await p.features.enable('RootCredentialsManagement')).toEqual(['RootCredentialsManagement']);
      expect((await p.features.listFeatures()).enabled).toEqual(['RootCredentialsManagement']);
      await p.writer.registerDelegatedAdministrator(security, IAM_SERVICE_PRINCIPAL);
      const admins = await p.organizations.listDelegatedAdministrators(IAM_SERVICE_PRINCIPAL);
      expect(admins.map((a) => a.id)).toEqual([security]);
      expect(
        await awsCodeOf(() => p.writer.registerDelegatedAdministrator(other, IAM_SERVICE_PRINCIPAL)),
      ).toBe('AwsError/ConstraintViolationException');
      expect(
        await awsCodeOf(() => p.writer.deregisterDelegatedAdministrator(other, IAM_SERVICE_PRINCIPAL)),
      ).toBe('AwsError/AccountNotRegisteredException');
    });
  });
});
