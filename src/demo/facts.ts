/**
 * What the demo reads from the emulator's state to tell its story: the SCP that blocks root sessions,
 * and an OU worth remediating. The emulator's state is the ground truth the story is checked against.
 */
import { BLOCKING_SCP_CONTENT } from '../emulator/scenario/generate.js';
import type { World } from '../emulator/world.js';

export interface BlockingScp {
  id: string;
  name: string;
  targets: { id: string; name: string }[];
}

export interface OuChoice {
  id: string;
  name: string;
  /** ACTIVE accounts under it (any depth) whose root user has some credential. */
  withCredentials: string[];
  accounts: number;
  /** Accounts with a root access key used in the last RECENT_DAYS (a plan holds those back by default). */
  recentlyUsed: string[];
}

/** remediate's default --recently-used-days. */
export const RECENT_DAYS = 30;

export function hasRecentlyUsedKey(world: World, accountId: string, days = RECENT_DAYS): boolean {
  const since = world.now().getTime() - days * 86_400_000;
  return (world.accounts.get(accountId)?.root.accessKeys ?? []).some(
    (k) => k.lastUsed !== undefined && Date.parse(k.lastUsed.date) >= since,
  );
}

export function blockingScp(world: World): BlockingScp | undefined {
  const p = [...world.policies.values()].find((x) => x.content === BLOCKING_SCP_CONTENT);
  if (p === undefined) return undefined;
  return {
    id: p.id,
    name: p.name,
    targets: [...p.targets].map((id) => ({ id, name: world.ous.get(id)?.name ?? id })),
  };
}

export function hasRootCredentials(world: World, accountId: string): boolean {
  const r = world.accounts.get(accountId)?.root;
  if (r === undefined) return false;
  return (
    r.password !== null ||
    r.accessKeys.length > 0 ||
    r.signingCertificates.length > 0 ||
    r.mfaDevices.length > 0
  );
}

/** ACTIVE accounts in an OU and every OU below it. */
export function accountsUnder(world: World, ouId: string): string[] {
  const out: string[] = [];
  const visit = (id: string) => {
    const c = world.children(id);
    for (const a of c.accounts) if (world.accounts.get(a)?.status === 'ACTIVE') out.push(a);
    for (const o of c.ous) visit(o);
  };
  visit(ouId);
  return out;
}

/**
 * The OU the demo remediates: not under the blocking SCP (its root sessions would be refused), not
 * the management account's, with accounts whose root user has credentials. Preferred: two or more such
 * accounts (one will do in a small organization),
 * no recently used root access key (so the default plan cleans it completely), then the fewest
 * accounts (the plan fits on a screen), then the name (a seed always picks the same OU).
 */
export function pickOu(world: World, avoid: readonly string[] = []): OuChoice | undefined {
  const blocked = new Set(blockingScp(world)?.targets.map((t) => t.id) ?? []);
  const underBlock = (ouId: string) => world.pathTo(ouId).some((id) => blocked.has(id));
  const choices: OuChoice[] = [];
  for (const ou of world.ous.values()) {
    if (underBlock(ou.id) || avoid.includes(ou.name)) continue;
    const accounts = accountsUnder(world, ou.id).filter((a) => a !== world.org?.managementAccountId);
    const withCredentials = accounts.filter((a) => hasRootCredentials(world, a));
    const recentlyUsed = withCredentials.filter((a) => hasRecentlyUsedKey(world, a));
    if (withCredentials.length >= 1)
      choices.push({ id: ou.id, name: ou.name, withCredentials, accounts: accounts.length, recentlyUsed });
  }
  const recent = (c: OuChoice) => Number(c.recentlyUsed.length > 0);
  const few = (c: OuChoice) => Number(c.withCredentials.length < 2);
  choices.sort(
    (a, b) =>
      few(a) - few(b) || recent(a) - recent(b) || a.accounts - b.accounts || a.name.localeCompare(b.name),
  );
  return choices[0];
}
