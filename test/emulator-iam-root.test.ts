/**
 * IAM root-credential calls in root sessions over real HTTP with the real SDK (UserName omitted),
 * compared with the emulator's state; plus role and root-user semantics outside root sessions.
 */
import {
  CreateLoginProfileCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteSigningCertificateCommand,
  DeleteVirtualMFADeviceCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListSigningCertificatesCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RootCredentials } from '../src/emulator/scenario/schema.js';
import {
  assumeRoot,
  credsOf,
  emulatorState,
  errorOf,
  iamClient,
  members,
  startTestEmulator,
  stateAccount,
  type TestEmulator,
} from './helpers/emulator-clients.js';

const SMALL = { accounts: 12, seed: 21 } as const;

const FULL_ROOT: RootCredentials = {
  password: { createDate: '2021-05-01T10:00:00Z' },
  accessKeys: [
    {
      id: 'AKIAFULLROOTKEY00001',
      status: 'Active',
      createDate: '2020-01-01T00:00:00Z',
      lastUsed: { date: '2025-01-02T03:04:05Z', service: 's3', region: 'eu-west-1' },
    },
    { id: 'AKIAFULLROOTKEY00002', status: 'Inactive', createDate: '2020-02-01T00:00:00Z' },
  ],
  signingCertificates: [
    {
      id: 'CERTFULLROOT000000000000000001',
      status: 'Active',
      uploadDate: '2019-01-01T00:00:00Z',
      body: '-----BEGIN CERTIFICATE-----\nMIIEXAMPLE\n-----END CERTIFICATE-----',
    },
  ],
  mfaDevices: [
    {
      serialNumber: 'arn:aws:iam::000000000000:mfa/root-account-mfa-device',
      enableDate: '2022-03-04T05:06:07Z',
      virtual: true,
    },
  ],
};

describe('IAM in root sessions', () => {
  let t: TestEmulator;
  let full = '';
  let bare = '';
  let mfaOnly = '';
  beforeAll(async () => {
    t = await startTestEmulator({ ...SMALL, state: 'configured' }, (s) => {
      const legacy = s.ous.find((o) => o.name === 'Legacy')!.id;
      const [a, b, c] = members(s, (x) => x.parentId !== legacy && x.name !== 'Security');
      a!.root = structuredClone(FULL_ROOT);
      a!.root.mfaDevices[0]!.serialNumber = `arn:aws:iam::${a!.id}:mfa/root-account-mfa-device`;
      b!.root = { password: null, accessKeys: [], signingCertificates: [], mfaDevices: [] };
      c!.root = {
        password: null,
        accessKeys: [],
        signingCertificates: [],
        mfaDevices: [
          {
            serialNumber: `arn:aws:iam::${c!.id}:mfa/root-account-mfa-device`,
            enableDate: '2023-01-01T00:00:00Z',
            virtual: true,
          },
        ],
      };
      s.principals.push({
        profile: 'mfa-admin',
        accessKeyId: 'ASIAMFAADMINEXAMPLE1',
        secretAccessKey: 'mfaAdminSecretKeyExample000000000000000',
        sessionToken: 'IQoJmfaAdminToken',
        accountId: c!.id,
        kind: 'role',
        roleName: 'Admin',
        sessionName: 'rootctl',
        allow: ['*'],
      });
      [full, bare, mfaOnly] = [a!.id, b!.id, c!.id];
    });
  });
  afterAll(async () => t.close());

  it('audits root credentials exactly as the state holds them', async () => {
    const iam = iamClient(
      t.url,
      await assumeRoot(t.url, credsOf(t.scenario, 'security'), full, 'IAMAuditRootUserCredentials'),
    );
    const truth = await stateAccount(t.url, full);
    const summary = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap!;
    expect(summary).toMatchObject({
      AccountMFAEnabled: truth.root.mfaDevices.length ? 1 : 0,
      AccountAccessKeysPresent: truth.root.accessKeys.length ? 1 : 0,
      AccountSigningCertificatesPresent: truth.root.signingCertificates.length ? 1 : 0,
      AccountPasswordPresent: truth.root.password ? 1 : 0,
      AccessKeysPerUserQuota: 2,
    });
    const profile = await iam.send(new GetLoginProfileCommand({}));
    expect(profile.LoginProfile?.CreateDate?.toISOString()).toBe('2021-05-01T10:00:00.000Z');
    const keys = await iam.send(new ListAccessKeysCommand({}));
    expect(keys.AccessKeyMetadata?.map((k) => [k.AccessKeyId, k.Status])).toEqual(
      truth.root.accessKeys.map((k) => [k.id, k.status]),
    );
    expect(keys.IsTruncated).toBe(false);
    const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAFULLROOTKEY00001' }));
    expect(used.AccessKeyLastUsed).toMatchObject({
      ServiceName: 's3',
      Region: 'eu-west-1',
      LastUsedDate: new Date('2025-01-02T03:04:05Z'),
    });
    const never = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAFULLROOTKEY00002' }));
    expect(never.AccessKeyLastUsed).toEqual({ ServiceName: 'N/A', Region: 'N/A' });
    const certs = await iam.send(new ListSigningCertificatesCommand({}));
    expect(certs.Certificates?.map((c) => c.CertificateId)).toEqual(
      truth.root.signingCertificates.map((c) => c.id),
    );
    const mfa = await iam.send(new ListMFADevicesCommand({}));
    expect(mfa.MFADevices?.map((d) => d.SerialNumber)).toEqual(
      truth.root.mfaDevices.map((d) => d.serialNumber),
    );
    expect((await iam.send(new GetUserCommand({}))).User?.Arn).toBe(`arn:aws:iam::${full}:root`);
  });

  it('pages ListAccessKeys with Marker and MaxItems and rejects bad paging input', async () => {
    const iam = iamClient(
      t.url,
      await assumeRoot(t.url, credsOf(t.scenario, 'security'), full, 'IAMAuditRootUserCredentials'),
    );
    const first = await iam.send(new ListAccessKeysCommand({ MaxItems: 1 }));
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(new ListAccessKeysCommand({ MaxItems: 1, Marker: first.Marker! }));
    expect(second.IsTruncated).toBe(false);
    expect([first, second].flatMap((p) => p.AccessKeyMetadata!.map((k) => k.AccessKeyId))).toEqual([
      'AKIAFULLROOTKEY00001',
      'AKIAFULLROOTKEY00002',
    ]);
    expect((await errorOf(iam.send(new ListAccessKeysCommand({ MaxItems: 0 })))).name).toBe(
      'ValidationError',
    );
    expect((await errorOf(iam.send(new ListAccessKeysCommand({ MaxItems: 1001 })))).name).toBe(
      'ValidationError',
    );
    expect((await errorOf(iam.send(new ListAccessKeysCommand({ Marker: 'bm90LWEtbWFya2Vy' })))).name).toBe(
      'ValidationError',
    );
  });

  it('reports a missing password as NoSuchEntity (404)', async () => {
    const iam = iamClient(
      t.url,
      await assumeRoot(t.url, credsOf(t.scenario, 'security'), bare, 'IAMAuditRootUserCredentials'),
    );
    const e = await errorOf(iam.send(new GetLoginProfileCommand({})));
    expect(e.name).toBe('NoSuchEntityException');
    expect(e.$metadata?.httpStatusCode).toBe(404);
    expect((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.AccountPasswordPresent).toBe(0);
  });

  it('deletes every root credential in a delete session; the virtual MFA device itself stays (AccessDenied)', async () => {
    const caller = credsOf(t.scenario, 'security');
    const iam = iamClient(t.url, await assumeRoot(t.url, caller, full, 'IAMDeleteRootUserCredentials'));
    const before = await stateAccount(t.url, full);
    await iam.send(new DeleteLoginProfileCommand({}));
    for (const k of before.root.accessKeys) await iam.send(new DeleteAccessKeyCommand({ AccessKeyId: k.id }));
    for (const c of before.root.signingCertificates)
      await iam.send(new DeleteSigningCertificateCommand({ CertificateId: c.id }));
    const serial = before.root.mfaDevices[0]!.serialNumber;
    await iam.send(new DeactivateMFADeviceCommand({ SerialNumber: serial }));
    const denied = await errorOf(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })));
    expect(denied.name).toBe('AccessDenied');
    expect(denied.message).toContain(`iam:DeleteVirtualMFADevice on resource: ${serial}`);
    const after = await stateAccount(t.url, full);
    expect(after.root).toMatchObject({
      password: false,
      accessKeys: [],
      signingCertificates: [],
      mfaDevices: [],
    });
    // Deleting what is already gone: NoSuchEntity, as AWS answers.
    expect(
      (await errorOf(iam.send(new DeleteAccessKeyCommand({ AccessKeyId: before.root.accessKeys[0]!.id }))))
        .name,
    ).toBe('NoSuchEntityException');
    expect((await errorOf(iam.send(new DeleteLoginProfileCommand({})))).name).toBe('NoSuchEntityException');
    // A fresh audit session sees all four Account* keys at 0.
    const audit = iamClient(t.url, await assumeRoot(t.url, caller, full, 'IAMAuditRootUserCredentials'));
    const summary = (await audit.send(new GetAccountSummaryCommand({}))).SummaryMap!;
    expect([
      summary.AccountMFAEnabled,
      summary.AccountAccessKeysPresent,
      summary.AccountSigningCertificatesPresent,
      summary.AccountPasswordPresent,
    ]).toEqual([0, 0, 0, 0]);
    const events = (await emulatorState(t.url)).events.filter(
      (e) => e.eventName === 'DeleteAccessKey' && e.recipientAccountId === full && !e.errorCode,
    );
    expect(events).toHaveLength(2);
    expect(events[0]!.userIdentity).toMatchObject({ type: 'Root', arn: `arn:aws:iam::${full}:root` });
  });

  it('allows password recovery once: a password-less login profile, then EntityAlreadyExists (409)', async () => {
    const iam = iamClient(
      t.url,
      await assumeRoot(t.url, credsOf(t.scenario, 'security'), bare, 'IAMCreateRootUserPassword'),
    );
    const withPassword = await errorOf(
      iam.send(new CreateLoginProfileCommand({ Password: 'Sup3r-secret!' })),
    );
    expect(withPassword.name).toBe('ValidationError');
    const created = await iam.send(new CreateLoginProfileCommand({}));
    expect(created.LoginProfile?.CreateDate).toBeInstanceOf(Date);
    expect((await stateAccount(t.url, bare)).root.password).toBe(true);
    const again = await errorOf(iam.send(new CreateLoginProfileCommand({})));
    expect(again.name).toBe('EntityAlreadyExistsException');
    expect(again.$metadata?.httpStatusCode).toBe(409);
    expect((await iam.send(new GetLoginProfileCommand({}))).LoginProfile?.CreateDate?.getTime()).toBe(
      created.LoginProfile!.CreateDate!.getTime(),
    );
    const trail = (await emulatorState(t.url)).events.filter((e) => e.eventName === 'CreateLoginProfile');
    expect(JSON.stringify(trail)).not.toContain('Sup3r-secret!');
  });

  it('refuses a UserName in a root session (the task policy covers only the root resource)', async () => {
    const iam = iamClient(
      t.url,
      await assumeRoot(t.url, credsOf(t.scenario, 'security'), full, 'IAMAuditRootUserCredentials'),
    );
    const e = await errorOf(iam.send(new ListAccessKeysCommand({ UserName: 'alice' })));
    expect(e.name).toBe('AccessDenied');
    expect(e.message).toContain(
      `on resource: arn:aws:iam::${full}:user/alice with an explicit deny in a session policy`,
    );
  });

  it('keeps role and root-user semantics outside root sessions', async () => {
    const role = iamClient(t.url, credsOf(t.scenario, 'member'));
    expect((await errorOf(role.send(new GetLoginProfileCommand({})))).name).toBe('ValidationError');
    expect((await errorOf(role.send(new GetLoginProfileCommand({ UserName: 'nobody' })))).name).toBe(
      'NoSuchEntityException',
    );
    const mgmtRoot = iamClient(t.url, credsOf(t.scenario, 'management-root'));
    const mgmtId = t.scenario.organization!.managementAccountId;
    const devices = await mgmtRoot.send(new ListMFADevicesCommand({}));
    expect(devices.MFADevices?.map((d) => d.SerialNumber)).toEqual([
      `arn:aws:iam::${mgmtId}:mfa/root-account-mfa-device`,
    ]);
    // The model: root user credentials must use an AssumeRoot session to omit UserName here.
    expect((await errorOf(mgmtRoot.send(new GetLoginProfileCommand({})))).name).toBe('ValidationError');
    expect((await mgmtRoot.send(new GetAccountSummaryCommand({}))).SummaryMap?.AccountPasswordPresent).toBe(
      1,
    );
  });

  it('unassigns a deactivated virtual MFA device, which an account admin can then delete', async () => {
    const serial = `arn:aws:iam::${mfaOnly}:mfa/root-account-mfa-device`;
    const admin = iamClient(t.url, credsOf(t.scenario, 'mfa-admin'));
    expect(
      (
        await admin.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }))
      ).VirtualMFADevices?.map((d) => d.SerialNumber),
    ).toEqual([serial]);
    const conflict = await errorOf(admin.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })));
    expect(conflict.name).toBe('DeleteConflictException');
    expect(conflict.$metadata?.httpStatusCode).toBe(409);
    const session = iamClient(
      t.url,
      await assumeRoot(t.url, credsOf(t.scenario, 'security'), mfaOnly, 'IAMDeleteRootUserCredentials'),
    );
    await session.send(new DeactivateMFADeviceCommand({ SerialNumber: serial }));
    expect((await stateAccount(t.url, mfaOnly)).root.mfaDevices).toEqual([]);
    expect(
      (
        await admin.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }))
      ).VirtualMFADevices?.map((d) => d.SerialNumber),
    ).toEqual([serial]);
    await admin.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
    expect((await admin.send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices).toEqual([]);
    expect(
      (await errorOf(admin.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })))).name,
    ).toBe('NoSuchEntityException');
  });
});
