/**
 * Test fixtures: real distribution files built in memory — ustar tarballs (with hostile entries when
 * asked), npm tarballs, wheels and sdists. Used by the package tests only.
 */
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';

export interface TarEntry {
  path: string;
  data?: string | Uint8Array;
  type?: 'file' | 'dir' | 'symlink';
  linkTarget?: string;
  mode?: number;
}

const enc = new TextEncoder();
const bytesOf = (d: string | Uint8Array | undefined): Uint8Array => (d === undefined ? new Uint8Array(0) : typeof d === 'string' ? enc.encode(d) : d);

function octal(n: number, len: number): string {
  return n.toString(8).padStart(len - 1, '0') + '\0';
}

function header(e: TarEntry, size: number): Uint8Array {
  const h = new Uint8Array(512);
  const put = (s: string, off: number, len: number): void => {
    const b = enc.encode(s);
    h.set(b.subarray(0, len), off);
  };
  let name = e.path;
  let prefix = '';
  if (enc.encode(name).length > 100) {
    const cut = name.lastIndexOf('/', 154);
    prefix = name.slice(0, cut);
    name = name.slice(cut + 1);
  }
  put(name, 0, 100);
  put(octal(e.mode ?? (e.type === 'dir' ? 0o755 : 0o644), 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(1_700_000_000, 12), 136, 12);
  put('        ', 148, 8);
  h[156] = (e.type === 'dir' ? '5' : e.type === 'symlink' ? '2' : '0').charCodeAt(0);
  if (e.linkTarget) put(e.linkTarget, 157, 100);
  put('ustar\u0000', 257, 6);
  put('00', 263, 2);
  put(prefix, 345, 155);
  let sum = 0;
  for (const b of h) sum += b;
  put(octal(sum, 7) + ' ', 148, 8);
  return h;
}

export function tar(entries: TarEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const data = e.type === 'file' || e.type === undefined ? bytesOf(e.data) : new Uint8Array(0);
    parts.push(header(e, data.length));
    parts.push(data);
    const pad = (512 - (data.length % 512)) % 512;
    if (pad) parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(1024));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const tgz = (entries: TarEntry[]): Uint8Array => new Uint8Array(gzipSync(tar(entries)));

/** An npm tarball: everything under `package/`, package.json first. */
export function npmTarball(packageJson: Record<string, unknown>, files: Record<string, string | Uint8Array> = {}, extra: TarEntry[] = []): Uint8Array {
  return tgz([
    { path: 'package/package.json', data: JSON.stringify(packageJson, null, 2) + '\n' },
    ...Object.entries(files).map(([p, data]) => ({ path: `package/${p}`, data })),
    ...extra,
  ]);
}

export interface PyDistOptions {
  requiresDist?: string[];
  requiresPython?: string;
  metadataVersion?: string;
}

export function coreMetadata(name: string, version: string, opts: PyDistOptions = {}): string {
  const lines = [`Metadata-Version: ${opts.metadataVersion ?? '2.3'}`, `Name: ${name}`, `Version: ${version}`];
  if (opts.requiresPython) lines.push(`Requires-Python: ${opts.requiresPython}`);
  for (const r of opts.requiresDist ?? []) lines.push(`Requires-Dist: ${r}`);
  return lines.join('\n') + '\n\n';
}

const distName = (name: string): string => name.replace(/[-.]+/g, '_');

/** A wheel: the files, `<name>-<version>.dist-info/{METADATA,WHEEL,RECORD}`. */
export function wheel(
  name: string,
  version: string,
  files: Record<string, string | Uint8Array>,
  opts: PyDistOptions & { tag?: string } = {},
): { filename: string; bytes: Uint8Array; metadata: string } {
  const info = `${distName(name)}-${version}.dist-info`;
  const metadata = coreMetadata(name, version, opts);
  const tag = opts.tag ?? 'py3-none-any';
  const all: Record<string, Uint8Array> = {};
  for (const [p, d] of Object.entries(files)) all[p] = bytesOf(d);
  all[`${info}/METADATA`] = enc.encode(metadata);
  all[`${info}/WHEEL`] = enc.encode(`Wheel-Version: 1.0\nGenerator: sigma-test\nRoot-Is-Purelib: true\nTag: ${tag}\n`);
  all[`${info}/RECORD`] = enc.encode(
    Object.keys(all)
      .map((p) => `${p},,`)
      .join('\n') + `\n${info}/RECORD,,\n`,
  );
  return { filename: `${distName(name)}-${version}-${tag}.whl`, bytes: zipSync(all, { level: 6, mtime: new Date('2024-01-01T00:00:00Z') }), metadata };
}

/** An sdist: `<name>-<version>/PKG-INFO` plus the files, as .tar.gz. */
export function sdist(
  name: string,
  version: string,
  files: Record<string, string | Uint8Array>,
  opts: PyDistOptions = {},
): { filename: string; bytes: Uint8Array; metadata: string } {
  const root = `${distName(name)}-${version}`;
  const metadata = coreMetadata(name, version, opts);
  return {
    filename: `${root}.tar.gz`,
    bytes: tgz([{ path: `${root}/PKG-INFO`, data: metadata }, ...Object.entries(files).map(([p, data]) => ({ path: `${root}/${p}`, data }))]),
    metadata,
  };
}

/** A minimal ELF header followed by padding: enough for magic-byte detection. */
export function fakeElf(size = 4096): Uint8Array {
  const b = new Uint8Array(size);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
  for (let i = 64; i < size; i++) b[i] = (i * 31) & 0xff;
  return b;
}
