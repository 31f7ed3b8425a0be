/**
 * Reads one member account's root credentials inside an Audit root session.
 * - summary: GetAccountSummary only (a key AWS leaves out is confirmed with the matching read);
 * - full: GetAccountSummary, GetLoginProfile, ListAccessKeys + GetAccessKeyLastUsed,
 *   ListSigningCertificates and ListMFADevices, all at once: they are independent reads, and running
 *   them in parallel takes one round trip instead of five.
 * Presence is the union of both sources: a credential that either says exists is reported, because
 * missing a credential is worse than a second look at one.
 */
import { mfaTypeOf } from './mfa-type.js';
import type { AuditRootSession } from '../ports.js';
import type { RootState } from './model.js';

/** Runs one AWS call with retries; `operation` names it for errors. */
export type CallRunner = <T>(operation: string, fn: () => Promise<T>) => Promise<T>;

export async function readRootState(
  session: AuditRootSession,
  detail: 'summary' | 'full',
  call: CallRunner,
): Promise<RootState> {
  return detail === 'full' ? readFull(session, call) : readSummary(session, call);
}

async function readSummary(session: AuditRootSession, call: CallRunner): Promise<RootState> {
  const s = await call('iam:GetAccountSummary', () => session.accountSummary());
  const [password, accessKeys, signingCertificates, mfa] = await settle([
    s.password ?? call('iam:GetLoginProfile', () => session.loginProfile()).then((p) => p !== undefined),
    s.accessKeys ?? call('iam:ListAccessKeys', () => session.accessKeys(false)).then((k) => k.length > 0),
    s.signingCertificates ??
      call('iam:ListSigningCertificates', () => session.signingCertificates()).then((c) => c.length > 0),
    s.mfa ?? call('iam:ListMFADevices', () => session.mfaDevices()).then((d) => d.length > 0),
  ] as const);
  return {
    detail: 'summary',
    password: { present: password },
    accessKeys: [],
    signingCertificates: [],
    mfaDevices: [],
    accessKeysPresent: accessKeys,
    signingCertificatesPresent: signingCertificates,
    mfaPresent: mfa,
  };
}

async function readFull(session: AuditRootSession, call: CallRunner): Promise<RootState> {
  const [summary, login, keys, certs, mfa] = await settle([
    call('iam:GetAccountSummary', () => session.accountSummary()),
    call('iam:GetLoginProfile', () => session.loginProfile()),
    call('iam:ListAccessKeys', () => session.accessKeys(true)),
    call('iam:ListSigningCertificates', () => session.signingCertificates()),
    call('iam:ListMFADevices', () => session.mfaDevices()),
  ] as const);
  return {
    detail: 'full',
    password: { present: login !== undefined || summary.password === true, createDate: login?.createDate },
    accessKeys: keys.map((k) => ({
      id: k.id,
      status: k.status,
      createDate: k.createDate,
      lastUsed: k.lastUsed,
    })),
    signingCertificates: certs.map((c) => ({ id: c.id, status: c.status, uploadDate: c.uploadDate })),
    mfaDevices: mfa.map((d) => ({
      serialNumber: d.serialNumber,
      enableDate: d.enableDate,
      type: mfaTypeOf(d.serialNumber),
    })),
    accessKeysPresent: keys.length > 0 || summary.accessKeys === true,
    signingCertificatesPresent: certs.length > 0 || summary.signingCertificates === true,
    mfaPresent: mfa.length > 0 || summary.mfa === true,
  };
}

type Awaited_<T> = { -readonly [K in keyof T]: Awaited<T[K]> };

/**
 * Like Promise.all, but waits for every call to finish before failing, so no call is left running
 * (or rejecting unobserved) after the account is reported; the first failure in order wins, which
 * keeps the reported error stable from run to run.
 */
async function settle<T extends readonly unknown[]>(values: T): Promise<Awaited_<T>> {
  const results = await Promise.allSettled(values);
  const out: unknown[] = [];
  for (const r of results) {
    if (r.status === 'rejected') throw r.reason;
    out.push(r.value);
  }
  return out as Awaited_<T>;
}
