/**
 * IAM organization features over real HTTP with the real SDK: every precondition AWS checks, who may
 * enable and disable, idempotency, compared with the emulator's state.
 */
import {
  DisableOrganizationsRootSessionsCommand,
  EnableOrganizationsRootCredentialsManagementCommand,
  EnableOrganizationsRootSessionsCommand,
  ListOrganizationsFeaturesCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../src/emulator/scenario/schema.js';
import { credsOf, emulatorState, errorOf, iamClient, startTestEmulator } from './helpers/emulator-clients.js';

const SMALL = { accounts: 12, seed: 21 } as const;

/** A delegated-admin role that may call every IAM action (the generated operator role may not). */
function addSecurityAdmin(s: Scenario): void {
  const security = s.accounts.find((a) => a.name === 'Security')!;
  s.principals.push({
    profile: 'security-admin',
    accessKeyId: 'ASIASECURITYADMIN0001',
    secretAccessKey: 'securityAdminSecretKeyExample0000000000',
    sessionToken: 'IQoJsecurityAdminToken',
    accountId: security.id,
    kind: 'role',
    roleName: 'IamAdmin',
    sessionName: 'rootctl',
    allow: ['*'],
  });
}

describe('IAM organization features', () => {
  it('lists the enabled features for the management account and the IAM delegated admin', async () => {
    const t = await startTestEmulator({ ...SMALL, state: 'configured' });
    try {
      const truth = await emulatorState(t.url);
      for (const profile of ['management', 'security']) {
        const out = await iamClient(t.url, credsOf(t.scenario, profile)).send(
          new ListOrganizationsFeaturesCommand({}),
        );
        expect(out.OrganizationId).toBe(t.scenario.organization!.id);
        expect([...(out.EnabledFeatures ?? [])].sort()).toEqual([...truth.features].sort());
      }
    } finally {
      await t.close();
    }
  });

  it('refuses a plain member account and Enable* from the delegated admin, which may still Disable*', async () => {
    const t = await startTestEmulator({ ...SMALL, state: 'configured' }, addSecurityAdmin);
    try {
      const member = iamClient(t.url, credsOf(t.scenario, 'member'));
      expect((await errorOf(member.send(new ListOrganizationsFeaturesCommand({})))).name).toBe(
        'AccountNotManagementOrDelegatedAdministratorException',
      );
      const admin = iamClient(t.url, credsOf(t.scenario, 'security-admin'));
      const refused = await errorOf(admin.send(new EnableOrganizationsRootSessionsCommand({})));
      expect(refused.name).toBe('CallerIsNotManagementAccountException');
      expect(refused.$metadata?.httpStatusCode).toBe(400);
      const off = await admin.send(new DisableOrganizationsRootSessionsCommand({}));
      expect(off.EnabledFeatures).toEqual(['RootCredentialsManagement']);
      expect((await emulatorState(t.url)).features).toEqual(['RootCredentialsManagement']);
      // The generated operator role is only allowed iam:ListOrganizationsFeatures.
      const operator = iamClient(t.url, credsOf(t.scenario, 'security'));
      expect((await errorOf(operator.send(new DisableOrganizationsRootSessionsCommand({})))).name).toBe(
        'AccessDenied',
      );
    } finally {
      await t.close();
    }
  });

  it('enables from the management account once trusted access is on, idempotently', async () => {
    const t = await startTestEmulator({ ...SMALL, state: 'fresh' }, (s) =>
      s.serviceAccess.push({ servicePrincipal: 'iam.amazonaws.com', dateEnabled: '2025-01-01T00:00:00Z' }),
    );
    try {
      const iam = iamClient(t.url, credsOf(t.scenario, 'management'));
      expect((await iam.send(new ListOrganizationsFeaturesCommand({}))).EnabledFeatures ?? []).toEqual([]);
      expect(
        (await iam.send(new EnableOrganizationsRootCredentialsManagementCommand({}))).EnabledFeatures,
      ).toEqual(['RootCredentialsManagement']);
      const first = await iam.send(new EnableOrganizationsRootSessionsCommand({}));
      const again = await iam.send(new EnableOrganizationsRootSessionsCommand({}));
      expect(first.EnabledFeatures).toEqual(['RootCredentialsManagement', 'RootSessions']);
      expect(again).toMatchObject({
        OrganizationId: t.scenario.organization!.id,
        EnabledFeatures: first.EnabledFeatures,
      });
      const truth = await emulatorState(t.url);
      expect(truth.features.sort()).toEqual(['RootCredentialsManagement', 'RootSessions']);
      expect(truth.events.filter((e) => e.eventName === 'EnableOrganizationsRootSessions')).toHaveLength(2);
    } finally {
      await t.close();
    }
  });

  it.each([
    ['ServiceAccessNotEnabledException', (_s: Scenario): void => undefined, 'fresh'],
    ['OrganizationNotInAllFeaturesModeException', (_s: Scenario): void => undefined, 'consolidated'],
    ['OrganizationNotFoundException', (s: Scenario): void => void (s.organization = null), 'fresh'],
  ] as const)('refuses with %s when the organization does not allow it', async (code, edit, kind) => {
    const t = await startTestEmulator(
      {
        ...SMALL,
        state: 'fresh',
        ...(kind === 'consolidated' ? { featureSet: 'CONSOLIDATED_BILLING' as const } : {}),
      },
      edit,
    );
    try {
      const iam = iamClient(t.url, credsOf(t.scenario, 'management'));
      for (const call of [
        new ListOrganizationsFeaturesCommand({}),
        new EnableOrganizationsRootSessionsCommand({}),
      ]) {
        const e = await errorOf(iam.send(call));
        expect(e.name).toBe(code);
        expect(e.$metadata?.httpStatusCode).toBe(400);
      }
      expect((await emulatorState(t.url)).features).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
