/**
 * The credentials of a generated organization: each account's root credentials (a realistic mix of
 * passwords, MFA devices, access keys and signing certificates) and the emulator's principals.
 */
import type { Partition } from '../../core/model/arn.js';
import { pick, randomString, type Rng } from '../random.js';
import { AUDITOR_ALLOW, OPERATOR_ALLOW } from './generate-policies.js';
import type { RootCredentials, ScenarioPrincipal } from './schema.js';

/** The emulator's profiles: admins, the operator and auditor roles, a member admin, the management root. */
export function scenarioPrincipals(
  rng: Rng,
  mgmtId: string,
  securityId: string,
  workloadId: string,
): ScenarioPrincipal[] {
  return [
    rolePrincipal(rng, 'management', mgmtId, 'Admin', ['*']),
    rolePrincipal(rng, 'security', securityId, 'RootOps', OPERATOR_ALLOW),
    rolePrincipal(rng, 'security-readonly', securityId, 'Auditor', AUDITOR_ALLOW),
    rolePrincipal(rng, 'member', workloadId, 'Admin', ['*']),
    {
      profile: 'management-root',
      accessKeyId: `AKIA${randomString(rng, 16)}`,
      secretAccessKey: randomString(rng, 40, 'base64'),
      accountId: mgmtId,
      kind: 'root-user',
      roleName: 'root',
      sessionName: 'root',
      allow: ['*'],
    },
  ];
}

export function noCredentials(): RootCredentials {
  return { password: null, accessKeys: [], signingCertificates: [], mfaDevices: [] };
}

function rolePrincipal(
  rng: Rng,
  profile: string,
  accountId: string,
  roleName: string,
  allow: string[],
): ScenarioPrincipal {
  return {
    profile,
    accessKeyId: `ASIA${randomString(rng, 16)}`,
    secretAccessKey: randomString(rng, 40, 'base64'),
    sessionToken: `IQoJb3JpZ2luX2VjE${randomString(rng, 64, 'base64')}`,
    accountId,
    kind: 'role',
    roleName,
    sessionName: 'rootctl',
    allow,
  };
}

/**
 * A root MFA device in the forms IAM's ListMFADevices returns (docs/emulator.md, "MFA device
 * serials"): mostly virtual (`arn:...:mfa/root-account-mfa-device`), some hardware TOTP tokens (a
 * plain serial like GAHT12345678) and FIDO security keys (`arn:...:u2f/root-user/...`).
 */
function rootMfaSerial(
  kind: number,
  accountId: string,
  partition: Partition,
  n: number,
): { serialNumber: string; virtual: boolean } {
  if (kind === 0)
    return { serialNumber: `GAHT${String(10_000_000 + n * 104_729).slice(-8)}`, virtual: false };
  if (kind === 1)
    return {
      serialNumber: `arn:${partition}:iam::${accountId}:u2f/root-user/fidokey-${String(n).padStart(4, '0')}EXAMPLE`,
      virtual: false,
    };
  return { serialNumber: `arn:${partition}:iam::${accountId}:mfa/root-account-mfa-device`, virtual: true };
}

export function randomRoot(
  rng: Rng,
  day: (offset: number) => string,
  accountId: string,
  partition: Partition,
): RootCredentials {
  const r = rng();
  const root = noCredentials();
  const password = () => (root.password = { createDate: day(100 + Math.floor(rng() * 1500)) });
  const mfa = () => {
    const age = Math.floor(rng() * 900);
    // The device kind follows from a draw already made, so seeds keep generating the same organizations.
    const device = rootMfaSerial(age % 5, accountId || '000000000000', partition, age);
    // In the schema's key order, so a dumped scenario reads back and dumps byte for byte the same.
    root.mfaDevices.push({
      serialNumber: device.serialNumber,
      enableDate: day(50 + age),
      virtual: device.virtual,
    });
  };
  const key = () => {
    const recent = rng() < 0.4;
    const used = recent || rng() < 0.6;
    root.accessKeys.push({
      id: `AKIA${randomString(rng, 16)}`,
      status: rng() < 0.9 ? 'Active' : 'Inactive',
      createDate: day(300 + Math.floor(rng() * 1500)),
      ...(used
        ? {
            lastUsed: {
              date: day(recent ? Math.floor(rng() * 20) : 60 + Math.floor(rng() * 600)),
              service: pick(rng, ['s3', 'ec2', 'iam', 'sts']),
              region: pick(rng, ['us-east-1', 'eu-west-1', 'us-west-2']),
            },
          }
        : {}),
    });
  };
  const cert = () =>
    root.signingCertificates.push({
      id: randomString(rng, 32),
      status: 'Active',
      uploadDate: day(400 + Math.floor(rng() * 1500)),
      body: '-----BEGIN CERTIFICATE-----\nMIIBEXAMPLE\n-----END CERTIFICATE-----',
    });
  if (r < 0.35) return root;
  if (r < 0.55) password();
  else if (r < 0.7) {
    password();
    mfa();
  } else if (r < 0.82) {
    if (rng() < 0.5) password();
    key();
    if (rng() < 0.3) key();
  } else if (r < 0.9) {
    password();
    cert();
  } else {
    password();
    mfa();
    key();
    cert();
  }
  return root;
}
