/**
 * GET /_emulator/state: the whole state as JSON, for tests to compare against (documented in
 * docs/emulator.md). Root credentials keep their ids so a test can check exactly what was deleted.
 */
import type { World } from './world.js';

export function stateView(world: World): Record<string, unknown> {
  return {
    organization: world.org,
    ous: [...world.ous.values()],
    accounts: [...world.accounts.values()].map((a) => ({
      id: a.id,
      name: a.name,
      email: a.email,
      status: a.status,
      parentId: a.parentId,
      root: {
        password: a.root.password !== null,
        passwordCreateDate: a.root.password?.createDate ?? null,
        accessKeys: a.root.accessKeys,
        signingCertificates: a.root.signingCertificates,
        mfaDevices: a.root.mfaDevices,
      },
      buckets: a.buckets,
      queues: a.queues,
    })),
    serviceAccess: [...world.serviceAccess].map(([servicePrincipal, dateEnabled]) => ({
      servicePrincipal,
      dateEnabled,
    })),
    features: [...world.features],
    delegatedAdministrators: world.delegatedAdministrators,
    policies: [...world.policies.values()].map((p) => ({ ...p, targets: [...p.targets] })),
    events: world.trail,
  };
}
