/** IPv4 and IPv6 addresses and CIDR ranges for the IpAddress / NotIpAddress condition operators. */

export interface Ip {
  version: 4 | 6;
  bits: bigint;
}
export interface Cidr extends Ip {
  prefix: number;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function parseV6(s: string): bigint | undefined {
  let text = s;
  let tail: bigint[] = [];
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = parseV4(v4[2]!);
    if (n === undefined) return undefined;
    tail = [n >> 16n, n & 0xffffn];
    text = v4[1]!.endsWith('::') ? v4[1]! : v4[1]!.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const group = (h: string) => (h === '' ? [] : h.split(':'));
  const head = group(halves[0]!);
  const rest = halves.length === 2 ? group(halves[1]!) : [];
  const groups = [...head, ...rest];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const missing = 8 - groups.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [
    ...head.map((g) => BigInt(parseInt(g, 16))),
    ...Array<bigint>(halves.length === 2 ? missing : 0).fill(0n),
    ...rest.map((g) => BigInt(parseInt(g, 16))),
    ...tail,
  ];
  return all.reduce((acc, g) => (acc << 16n) | g, 0n);
}

export function parseIp(s: string): Ip | undefined {
  const t = s.trim();
  if (t.includes(':')) {
    const bits = parseV6(t);
    return bits === undefined ? undefined : { version: 6, bits };
  }
  const bits = parseV4(t);
  return bits === undefined ? undefined : { version: 4, bits };
}

/** "203.0.113.0/24", "2001:DB8:1234:5678::/64"; an address without a prefix is /32 (IPv4) or /128. */
export function parseCidr(s: string): Cidr | undefined {
  const [addr, prefixText, extra] = s.trim().split('/');
  if (extra !== undefined || addr === undefined) return undefined;
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const width = ip.version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  return prefix > width ? undefined : { ...ip, prefix };
}

export function inCidr(ip: Ip, cidr: Cidr): boolean {
  if (ip.version !== cidr.version) return false;
  const width = BigInt(ip.version === 4 ? 32 : 128);
  const shift = width - BigInt(cidr.prefix);
  return ip.bits >> shift === cidr.bits >> shift;
}
