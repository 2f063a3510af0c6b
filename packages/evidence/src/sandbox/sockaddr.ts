import { unhex } from './strace-parse.js';

export interface SockAddr {
  family: 'inet' | 'inet6' | 'unix' | 'other';
  address: string;
  port: number | null;
}

/** Decodes a sockaddr struct as strace prints it (IPv4, IPv6, unix incl. abstract). */
export function parseSockaddr(text: string | undefined): SockAddr | null {
  if (!text || !text.startsWith('{')) return null;
  const fam = /sa_family=(AF_[A-Z0-9]+)/.exec(text)?.[1];
  if (fam === 'AF_INET') {
    const port = /sin_port=htons\((\d+)\)/.exec(text)?.[1];
    const addr = /inet_addr\("([^"]*)"\)/.exec(text)?.[1];
    if (port === undefined || addr === undefined) return null;
    return { family: 'inet', address: unhex(addr).toString('latin1'), port: Number(port) };
  }
  if (fam === 'AF_INET6') {
    const port = /sin6_port=htons\((\d+)\)/.exec(text)?.[1];
    const addr = /inet_pton\(AF_INET6, "([^"]*)"/.exec(text)?.[1];
    if (port === undefined || addr === undefined) return null;
    const a = unhex(addr).toString('latin1');
    return { family: 'inet6', address: a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a, port: Number(port) };
  }
  if (fam === 'AF_UNIX') {
    const m = /sun_path=(@?)"([^"]*)"/.exec(text);
    return { family: 'unix', address: m ? `${m[1]}${printable(unhex(m[2] ?? ''))}` : '(unnamed)', port: null };
  }
  if (fam) return { family: 'other', address: fam, port: null };
  return null;
}

/** Protocol from a `-yy` socket note (`TCP:[…]`, `UDPv6:[…]`, `UNIX-STREAM:[…]`). */
export function socketProtocol(note: string | null): 'tcp' | 'udp' | 'unix' | 'netlink' | 'other' | null {
  if (!note) return null;
  if (/^TCP(v6)?:/.test(note)) return 'tcp';
  if (/^UDP(LITE)?(v6)?:/.test(note)) return 'udp';
  if (/^UNIX/.test(note)) return 'unix';
  if (/^NETLINK/.test(note)) return 'netlink';
  return 'other';
}

/** The remote end of a connected socket from its `-yy` note (`UDP:[a:p->b:q]`), if shown. */
export function connectedPeer(note: string | null): SockAddr | null {
  if (!note) return null;
  const m = /->\[?([0-9a-fA-F:.]+?)\]?:(\d+)\]$/.exec(note);
  if (!m) return null;
  const a = m[1] ?? '';
  return { family: a.includes(':') ? 'inet6' : 'inet', address: a.startsWith('::ffff:') ? a.slice(7) : a, port: Number(m[2]) };
}

/** Bytes as printable ASCII; everything else becomes `.` (for excerpts in a record). */
export function printable(b: Uint8Array, max = 4096): string {
  let s = '';
  const n = Math.min(b.length, max);
  for (let i = 0; i < n; i++) {
    const c = b[i] ?? 0;
    s += c === 10 || c === 13 || c === 9 || (c >= 32 && c < 127) ? String.fromCharCode(c) : '.';
  }
  return s;
}
