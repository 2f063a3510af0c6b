import { gunzipSync, inflateSync } from 'fflate';
import { cstr, octal, parsePax } from './tar-fields.js';

/**
 * Archive readers for untrusted input (zip, tar, tar.gz, gz). They never write to disk, never
 * follow links and bound every allocation: an entry is decompressed into a buffer of at most
 * `cap + 1` bytes, so a lying size header or a bomb is detected instead of exhausting memory.
 */

export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'special';

export interface ArchiveEntry {
  name: string;
  type: EntryType;
  /** Present for readable files. */
  data?: Uint8Array;
  /** Why a file entry has no data. */
  problem?: 'encrypted' | 'too-large' | 'bomb' | 'corrupt' | 'unsupported-method' | 'total-too-large';
  declaredSize: number;
  compressedSize: number;
  linkTarget?: string;
}

export interface ArchiveCaps {
  maxEntries: number;
  /** Largest single entry to decompress. */
  maxEntryBytes: number;
  /** Budget for all decompressed bytes of this archive. */
  maxTotalBytes: number;
  maxRatio: number;
}

export class ArchiveError extends Error {
  constructor(
    readonly code: 'corrupt' | 'too-many-entries' | 'bomb' | 'too-large',
    message: string,
  ) {
    super(message);
  }
}

const dec = new TextDecoder('utf-8', { fatal: false });
const u16 = (d: Uint8Array, o: number): number => (d[o] ?? 0) | ((d[o + 1] ?? 0) << 8);
const u32 = (d: Uint8Array, o: number): number => (u16(d, o) | (u16(d, o + 2) << 16)) >>> 0;

/** Decompresses raw deflate into at most `cap` bytes; returns null when the output would exceed it. */
function inflateCapped(data: Uint8Array, cap: number): Uint8Array | null {
  const out = inflateSync(data, { out: new Uint8Array(cap + 1) });
  if (out.length > cap) return null;
  return out;
}

export function readZip(data: Uint8Array, caps: ArchiveCaps): ArchiveEntry[] {
  // End of central directory: search backwards over at most the max comment length.
  let eocd = -1;
  const stop = Math.max(0, data.length - 22 - 65535);
  for (let i = data.length - 22; i >= stop; i--) {
    if (data[i] === 0x50 && data[i + 1] === 0x4b && data[i + 2] === 0x05 && data[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ArchiveError('corrupt', 'zip end-of-central-directory record not found');
  const count = u16(data, eocd + 10);
  const cdSize = u32(data, eocd + 12);
  const cdOffset = u32(data, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    throw new ArchiveError('corrupt', 'zip64 archives are not supported');
  }
  if (count > caps.maxEntries) {
    throw new ArchiveError('too-many-entries', `zip declares ${count} entries (limit ${caps.maxEntries})`);
  }
  if (cdOffset + cdSize > data.length) throw new ArchiveError('corrupt', 'zip central directory out of range');
  const entries: ArchiveEntry[] = [];
  const names = new Set<string>();
  let budget = caps.maxTotalBytes;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (u32(data, p) !== 0x02014b50) throw new ArchiveError('corrupt', `zip central header ${i} is damaged`);
    const madeBy = u16(data, p + 4);
    const flags = u16(data, p + 8);
    const method = u16(data, p + 10);
    const csize = u32(data, p + 20);
    const usize = u32(data, p + 24);
    const nameLen = u16(data, p + 28);
    const extraLen = u16(data, p + 30);
    const commentLen = u16(data, p + 32);
    const extAttr = u32(data, p + 38);
    const localOff = u32(data, p + 42);
    const name = dec.decode(data.subarray(p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
    if (p > data.length) throw new ArchiveError('corrupt', 'zip central directory truncated');
    if (names.has(name)) throw new ArchiveError('corrupt', `zip holds the name ${JSON.stringify(name)} twice`);
    names.add(name);

    const unixMode = madeBy >> 8 === 3 ? (extAttr >>> 16) & 0o170000 : 0;
    const base = { name, declaredSize: usize, compressedSize: csize };
    if (unixMode === 0o120000) {
      const target = readLocal(data, localOff, name, csize);
      entries.push({ ...base, type: 'symlink', linkTarget: method === 0 ? dec.decode(target) : '(compressed)' });
      continue;
    }
    if (unixMode !== 0 && unixMode !== 0o100000 && unixMode !== 0o040000) {
      entries.push({ ...base, type: 'special' });
      continue;
    }
    if (name.endsWith('/') || unixMode === 0o040000) {
      entries.push({ ...base, type: 'dir' });
      continue;
    }
    if (flags & 1) {
      entries.push({ ...base, type: 'file', problem: 'encrypted' });
      continue;
    }
    if (usize > caps.maxEntryBytes) {
      entries.push({ ...base, type: 'file', problem: 'too-large' });
      continue;
    }
    if (csize > 0 && usize / csize > caps.maxRatio && usize > 1024) {
      entries.push({ ...base, type: 'file', problem: 'bomb' });
      continue;
    }
    if (usize > budget) {
      entries.push({ ...base, type: 'file', problem: 'total-too-large' });
      continue;
    }
    const raw = readLocal(data, localOff, name, csize);
    let out: Uint8Array | null;
    if (method === 0) {
      out = raw.length === usize ? raw.slice() : null;
      if (!out) {
        entries.push({ ...base, type: 'file', problem: 'corrupt' });
        continue;
      }
    } else if (method === 8) {
      try {
        out = inflateCapped(raw, usize);
      } catch {
        out = null;
      }
      if (!out || out.length !== usize) {
        // Output longer than declared (a lying header) or damaged stream.
        entries.push({ ...base, type: 'file', problem: out ? 'corrupt' : 'bomb' });
        continue;
      }
    } else {
      entries.push({ ...base, type: 'file', problem: 'unsupported-method' });
      continue;
    }
    budget -= out.length;
    entries.push({ ...base, type: 'file', data: out });
  }
  return entries;
}

function readLocal(data: Uint8Array, off: number, centralName: string, csize: number): Uint8Array {
  if (u32(data, off) !== 0x04034b50) throw new ArchiveError('corrupt', `zip local header for ${JSON.stringify(centralName)} missing`);
  const nameLen = u16(data, off + 26);
  const extraLen = u16(data, off + 28);
  const localName = dec.decode(data.subarray(off + 30, off + 30 + nameLen));
  if (localName !== centralName) {
    // Two different names for one entry: tools disagree about what the archive holds.
    throw new ArchiveError('corrupt', `zip entry names disagree (${JSON.stringify(localName)} vs ${JSON.stringify(centralName)})`);
  }
  const start = off + 30 + nameLen + extraLen;
  if (start + csize > data.length) throw new ArchiveError('corrupt', `zip entry ${JSON.stringify(centralName)} out of range`);
  return data.subarray(start, start + csize);
}

export function readTar(data: Uint8Array, caps: ArchiveCaps): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  let p = 0;
  let longName: string | null = null;
  let longLink: string | null = null;
  let pax: Map<string, string> | null = null;
  let headers = 0;
  const names = new Set<string>();
  while (p + 512 <= data.length) {
    const h = data.subarray(p, p + 512);
    if (h.every((b) => b === 0)) break;
    if (++headers > caps.maxEntries * 2 + 4) {
      throw new ArchiveError('too-many-entries', `tar holds more than ${caps.maxEntries} entries`);
    }
    // Header checksum: sum of bytes with the checksum field read as spaces.
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
    const stored = octal(h, 148, 8);
    if (stored !== sum) throw new ArchiveError('corrupt', `tar header checksum mismatch at offset ${p}`);
    const size = octal(h, 124, 12);
    if (!Number.isFinite(size) || size < 0) throw new ArchiveError('corrupt', `tar size field invalid at offset ${p}`);
    const typeflag = String.fromCharCode(h[156]!);
    const isUstar = cstr(h, 257, 6) === 'ustar';
    let name = cstr(h, 0, 100);
    if (isUstar) {
      const prefix = cstr(h, 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    const dataStart = p + 512;
    const dataEnd = dataStart + size;
    if (dataEnd > data.length) throw new ArchiveError('corrupt', `tar entry ${JSON.stringify(name)} truncated`);
    p = dataStart + Math.ceil(size / 512) * 512;

    if (typeflag === 'L' || typeflag === 'K' || typeflag === 'x' || typeflag === 'g') {
      if (size > 65536) throw new ArchiveError('corrupt', 'tar extended header too large');
      const body = data.subarray(dataStart, dataEnd);
      if (typeflag === 'L') longName = cstr(body, 0, body.length);
      else if (typeflag === 'K') longLink = cstr(body, 0, body.length);
      else if (typeflag === 'x') pax = parsePax(dec.decode(body));
      continue; // global headers ('g') carry no per-file path we honour
    }
    if (longName !== null) name = longName;
    const paxPath = pax?.get('path');
    if (paxPath !== undefined) name = paxPath;
    let linkTarget = cstr(h, 157, 100);
    if (longLink !== null) linkTarget = longLink;
    const paxLink = pax?.get('linkpath');
    if (paxLink !== undefined) linkTarget = paxLink;
    longName = null;
    longLink = null;
    pax = null;

    if (entries.length >= caps.maxEntries) {
      throw new ArchiveError('too-many-entries', `tar holds more than ${caps.maxEntries} entries`);
    }
    if (names.has(name) && typeflag !== '5') throw new ArchiveError('corrupt', `tar holds the name ${JSON.stringify(name)} twice`);
    names.add(name);
    const base = { name, declaredSize: size, compressedSize: size };
    if (typeflag === '0' || typeflag === '\u0000' || typeflag === '7') {
      if (size > caps.maxEntryBytes) {
        entries.push({ ...base, type: 'file', problem: 'too-large' });
      } else {
        entries.push({ ...base, type: 'file', data: data.slice(dataStart, dataEnd) });
      }
    } else if (typeflag === '5') {
      entries.push({ ...base, type: 'dir' });
    } else if (typeflag === '2') {
      entries.push({ ...base, type: 'symlink', linkTarget });
    } else if (typeflag === '1') {
      entries.push({ ...base, type: 'hardlink', linkTarget });
    } else {
      entries.push({ ...base, type: 'special' });
    }
  }
  return entries;
}

/**
 * Gunzips at most `cap` bytes. Throws ArchiveError('bomb') when the output would exceed the cap or
 * the compression ratio, so the caller reports instead of allocating.
 */
export function gunzipCapped(data: Uint8Array, cap: number, maxRatio: number): Uint8Array {
  const byRatio = Math.max(4096, data.length * maxRatio);
  const limit = Math.min(cap, byRatio);
  let out: Uint8Array;
  try {
    out = gunzipSync(data, { out: new Uint8Array(limit + 1) });
  } catch (e) {
    throw new ArchiveError('corrupt', `gzip stream is damaged (${(e as Error).message})`);
  }
  if (out.length > limit) {
    throw new ArchiveError(limit === cap ? 'too-large' : 'bomb', `gzip expands beyond ${limit} bytes`);
  }
  return out;
}
