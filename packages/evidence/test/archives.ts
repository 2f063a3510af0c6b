/** Test-only builders for hostile archives (zip, tar, tar.gz) with full control over headers. */
import { deflateSync, gzipSync, zipSync } from 'fflate';

const enc = new TextEncoder();
const bytes = (c: string | Uint8Array): Uint8Array => (typeof c === 'string' ? enc.encode(c) : c);

export function zip(files: Record<string, string | Uint8Array>): Uint8Array {
  const input: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(files)) input[k] = bytes(v);
  return zipSync(input, { level: 6, mtime: new Date('2020-01-01T00:00:00Z') });
}

export interface RawZipEntry {
  name: string;
  data: string | Uint8Array;
  /** Unix mode (e.g. 0o120777 for a symlink); sets "made by" Unix. */
  mode?: number;
  flags?: number;
  /** Override the declared uncompressed size. */
  declaredSize?: number;
  /** Local header name, when it should differ from the central one. */
  localName?: string;
  store?: boolean;
}

/** A zip written by hand so tests can forge flags, sizes, modes and names. */
export function rawZip(entries: RawZipEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = bytes(e.data);
    const comp = e.store ? raw : deflateSync(raw);
    const method = e.store ? 0 : 8;
    const name = enc.encode(e.name);
    const lname = enc.encode(e.localName ?? e.name);
    const usize = e.declaredSize ?? raw.length;
    const local = new Uint8Array(30 + lname.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, e.flags ?? 0, true);
    lv.setUint16(8, method, true);
    lv.setUint32(18, comp.length, true);
    lv.setUint32(22, usize, true);
    lv.setUint16(26, lname.length, true);
    local.set(lname, 30);
    const cd = new Uint8Array(46 + name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, e.mode !== undefined ? (3 << 8) | 20 : 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, e.flags ?? 0, true);
    cv.setUint16(10, method, true);
    cv.setUint32(20, comp.length, true);
    cv.setUint32(24, usize, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(38, e.mode !== undefined ? (e.mode << 16) >>> 0 : 0, true);
    cv.setUint32(42, offset, true);
    cd.set(name, 46);
    chunks.push(local, comp);
    central.push(cd);
    offset += local.length + comp.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return concat([...chunks, ...central, eocd]);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export interface TarEntry {
  name: string;
  data?: string | Uint8Array;
  /** '0' file, '2' symlink, '5' dir, '3' char device… */
  type?: string;
  link?: string;
}

function octal(n: number, len: number): string {
  return `${n.toString(8).padStart(len - 1, '0')}\0`;
}

export function tar(entries: TarEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const data = bytes(e.data ?? '');
    const h = new Uint8Array(512);
    const put = (s: string, off: number): void => h.set(enc.encode(s).subarray(0, 512 - off), off);
    put(e.name, 0);
    put(octal(0o644, 8), 100);
    put(octal(0, 8), 108);
    put(octal(0, 8), 116);
    put(octal(data.length, 12), 124);
    put(octal(0, 12), 136);
    put('        ', 148);
    put(e.type ?? '0', 156);
    if (e.link) put(e.link, 157);
    put('ustar\u000000', 257);
    let sum = 0;
    for (const b of h) sum += b;
    put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    parts.push(h, data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  parts.push(new Uint8Array(1024));
  return concat(parts);
}

export function tgz(entries: TarEntry[]): Uint8Array {
  return gzipSync(tar(entries), { mtime: 0 });
}
