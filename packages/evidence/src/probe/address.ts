/**
 * IP address parsing and the public-address rule of the outbound guard (docs/probe.md §1).
 * Addresses are handled as bytes (4 or 16), so no textual trick (leading zeros, mapped forms,
 * embedded IPv4) can change what is compared.
 */

export type IpBytes = Uint8Array;

/** Strict dotted-quad decimal (what the WHATWG URL parser and the resolver produce). */
export function parseIpv4(text: string): IpBytes | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^(?:0|[1-9]\d{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out[i] = n;
  }
  return out;
}

/** RFC 4291 text forms, including `::` and a dotted IPv4 tail. A zone id (`%eth0`) is refused. */
export function parseIpv6(text: string): IpBytes | null {
  let s = text;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  if (s.includes('%') || s.length === 0 || s.length > 45) return null;
  let tail: IpBytes | null = null;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.', lastColon)) {
    tail = parseIpv4(s.slice(lastColon + 1));
    if (!tail) return null;
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (h: string): number[] | null => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parseGroups(halves[0]!);
  const rest = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (!head || !rest) return null;
  const total = head.length + rest.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return null;
  const groups = [...head, ...new Array<number>(8 - total).fill(0), ...rest];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  if (tail) out.set(tail, 12);
  return out;
}

export function parseIp(text: string): IpBytes | null {
  return parseIpv4(text) ?? parseIpv6(text);
}

export function formatIp(b: IpBytes): string {
  if (b.length === 4) return b.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  return groups.join(':').replace(/(^|:)0(?::0)+(:|$)/, '::');
}

export interface Cidr {
  base: IpBytes;
  bits: number;
  text: string;
}

export function parseCidr(text: string): Cidr | null {
  const [addr, len, extra] = text.trim().split('/');
  if (extra !== undefined || !addr) return null;
  const base = parseIp(addr);
  if (!base) return null;
  const max = base.length * 8;
  const bits = len === undefined ? max : /^\d{1,3}$/.test(len) ? Number(len) : NaN;
  if (!(bits >= 0 && bits <= max)) return null;
  return { base, bits, text: `${formatIp(base)}/${bits}` };
}

export function inCidr(ip: IpBytes, c: Cidr): boolean {
  if (ip.length !== c.base.length) return false;
  let left = c.bits;
  for (let i = 0; i < ip.length && left > 0; i++, left -= 8) {
    const mask = left >= 8 ? 0xff : (0xff << (8 - left)) & 0xff;
    if ((ip[i]! & mask) !== (c.base[i]! & mask)) return false;
  }
  return true;
}

function cidrs(list: Array<[string, string]>): Array<{ cidr: Cidr; label: string }> {
  return list.map(([text, label]) => ({ cidr: parseCidr(text)!, label }));
}

/** IPv4 ranges SIGMA never connects to (IANA special-purpose registry entries that are not global). */
export const FORBIDDEN_V4 = cidrs([
  ['0.0.0.0/8', '"this network" (includes 0.0.0.0)'],
  ['10.0.0.0/8', 'private (RFC 1918)'],
  ['100.64.0.0/10', 'carrier-grade NAT shared space (RFC 6598)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local (includes cloud metadata 169.254.169.254)'],
  ['172.16.0.0/12', 'private (RFC 1918)'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation (TEST-NET-1)'],
  ['192.88.99.0/24', 'deprecated 6to4 relay anycast'],
  ['192.168.0.0/16', 'private (RFC 1918)'],
  ['198.18.0.0/15', 'benchmarking (RFC 2544)'],
  ['198.51.100.0/24', 'documentation (TEST-NET-2)'],
  ['203.0.113.0/24', 'documentation (TEST-NET-3)'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved (includes broadcast 255.255.255.255)'],
]);

/** IPv6: only global unicast 2000::/3 is public, minus these; NAT64 is judged by its embedded IPv4. */
const GLOBAL_UNICAST = parseCidr('2000::/3')!;
export const FORBIDDEN_V6_IN_GLOBAL = cidrs([
  ['2001::/23', 'IETF protocol assignments (Teredo, benchmarking, ORCHID)'],
  ['2001:db8::/32', 'documentation'],
  ['3fff::/20', 'documentation'],
]);
const V6_NAMED = cidrs([
  ['::/128', 'unspecified address'],
  ['::1/128', 'loopback'],
  ['::ffff:0:0/96', 'IPv4-mapped IPv6'],
  ['::/96', 'IPv4-compatible IPv6 (deprecated)'],
  ['64:ff9b:1::/48', 'local-use NAT64'],
  ['100::/64', 'discard-only'],
  ['fc00::/7', 'unique local (fc00::/7)'],
  ['fe80::/10', 'link-local (fe80::/10)'],
  ['fec0::/10', 'site-local (deprecated)'],
  ['ff00::/8', 'multicast (ff00::/8)'],
]);
const NAT64 = parseCidr('64:ff9b::/96')!;
const SIX_TO_FOUR = parseCidr('2002::/16')!;
const MAPPED = parseCidr('::ffff:0:0/96')!;

/** Why an address is not public, or null when it is. */
export function forbiddenReason(ip: IpBytes): string | null {
  if (ip.length === 4) {
    for (const { cidr, label } of FORBIDDEN_V4) if (inCidr(ip, cidr)) return `${formatIp(ip)} is ${label}, ${cidr.text}`;
    return null;
  }
  const shown = formatIp(ip);
  if (inCidr(ip, NAT64)) {
    const inner = forbiddenReason(ip.slice(12));
    return inner ? `${shown} is NAT64 of a non-public IPv4: ${inner}` : null;
  }
  if (inCidr(ip, GLOBAL_UNICAST)) {
    for (const { cidr, label } of FORBIDDEN_V6_IN_GLOBAL) if (inCidr(ip, cidr)) return `${shown} is ${label}, ${cidr.text}`;
    if (inCidr(ip, SIX_TO_FOUR)) {
      const inner = forbiddenReason(ip.slice(2, 6));
      if (inner) return `${shown} is 6to4 of a non-public IPv4: ${inner}`;
    }
    return null;
  }
  for (const { cidr, label } of V6_NAMED) if (inCidr(ip, cidr)) return `${shown} is ${label}, ${cidr.text}`;
  return `${shown} is outside global unicast 2000::/3`;
}

/** For allow-list matching: an IPv4-mapped IPv6 address is the IPv4 address it maps. */
export function unmapped(ip: IpBytes): IpBytes {
  return ip.length === 16 && inCidr(ip, MAPPED) ? ip.slice(12) : ip;
}
