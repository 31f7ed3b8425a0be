/** Seeded pseudo-random numbers (mulberry32): the same seed gives the same org, keys and faults. */
export type Rng = () => number;

export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function randomString(
  rng: Rng,
  length: number,
  alphabet: 'upper' | 'lower' | 'base64' = 'upper',
): string {
  const chars =
    alphabet === 'upper' ? UPPER : alphabet === 'lower' ? LOWER : UPPER + LOWER.toUpperCase() + LOWER + '/+';
  let s = '';
  for (let i = 0; i < length; i++) s += chars[Math.floor(rng() * chars.length)];
  return s;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}
