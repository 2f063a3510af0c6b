/**
 * What each file of an opened distribution is, for the code engine: a script it reads (JS/TS,
 * Python, shell), a prebuilt binary or bytecode it cannot read, native source compiled at install,
 * or inert data.
 */
import type { BehaviourLang } from '@sigma/core';
import { scriptLang } from '../behaviour/index.js';
import type { DistFile } from './dist.js';

export type PkgFileKind = 'script' | 'binary' | 'bytecode' | 'native-source' | 'data' | 'unreadable';

export interface PkgFile {
  path: string;
  size: number;
  kind: PkgFileKind;
  lang: BehaviourLang | null;
  /** Decoded text for scripts and data under the cap. */
  text: string | null;
  /** Why a script or file was not read (cap, encoding, link). */
  skipped: string | null;
}

export interface PkgFileLimits {
  /** Largest script handed to the code engine. */
  maxScriptBytes: number;
  /** Budget of script bytes per package. */
  maxAnalysedBytes: number;
}

export const DEFAULT_PKG_FILE_LIMITS: PkgFileLimits = Object.freeze({ maxScriptBytes: 1024 * 1024, maxAnalysedBytes: 24 * 1024 * 1024 });

const BINARY_EXT = /\.(?:node|so(?:\.\d+)*|dylib|dll|pyd|exe|a|lib|o|obj|jar|class|wasm|bin)$/i;
const BYTECODE_EXT = /\.(?:pyc|pyo)$/i;
const NATIVE_SRC = /(?:\.(?:c|cc|cpp|cxx|h|hh|hpp|hxx|m|mm|rs|go|pyx|pxd|f|f90|zig|s|asm)$|(?:^|\/)(?:binding\.gyp|CMakeLists\.txt|Cargo\.toml|Makefile)$)/i;

function hasBinaryMagic(b: Uint8Array): boolean {
  if (b.length < 4) return false;
  const [a, c, d, e] = [b[0]!, b[1]!, b[2]!, b[3]!];
  if (a === 0x7f && c === 0x45 && d === 0x4c && e === 0x46) return true; // ELF
  if (a === 0x4d && c === 0x5a) return true; // PE (MZ)
  if (a === 0x00 && c === 0x61 && d === 0x73 && e === 0x6d) return true; // wasm
  const be = ((a << 24) | (c << 16) | (d << 8) | e) >>> 0;
  return [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe, 0xbebafeca].includes(be); // Mach-O, fat
}

const dec = new TextDecoder('utf-8', { fatal: true });

export function classifyFiles(files: DistFile[], limits: PkgFileLimits = DEFAULT_PKG_FILE_LIMITS): PkgFile[] {
  let budget = limits.maxAnalysedBytes;
  const out: PkgFile[] = [];
  for (const f of files) {
    const base: Omit<PkgFile, 'kind'> = { path: f.path, size: f.size, lang: null, text: null, skipped: null };
    if (f.type !== 'file') {
      out.push({ ...base, kind: 'data', skipped: `${f.type} not followed` });
      continue;
    }
    if (!f.data) {
      const lang = scriptLang(f.path, '');
      out.push({ ...base, kind: lang ? 'script' : 'unreadable', lang, skipped: f.problem ?? 'not read' });
      continue;
    }
    if (BYTECODE_EXT.test(f.path)) {
      out.push({ ...base, kind: 'bytecode' });
      continue;
    }
    if (hasBinaryMagic(f.data) || BINARY_EXT.test(f.path)) {
      out.push({ ...base, kind: 'binary' });
      continue;
    }
    if (NATIVE_SRC.test(f.path)) {
      out.push({ ...base, kind: 'native-source' });
      continue;
    }
    let text: string | null;
    try {
      text = dec.decode(f.data.subarray(0, Math.min(f.data.length, limits.maxScriptBytes + 1)));
    } catch {
      text = null;
    }
    const lang = text === null ? scriptLang(f.path, '') : scriptLang(f.path, text);
    if (!lang) {
      out.push({ ...base, kind: 'data', text: f.data.length <= limits.maxScriptBytes ? text : null });
      continue;
    }
    if (text === null) out.push({ ...base, kind: 'script', lang, skipped: 'not valid UTF-8' });
    else if (f.data.length > limits.maxScriptBytes) out.push({ ...base, kind: 'script', lang, skipped: `larger than ${limits.maxScriptBytes} bytes` });
    else if (f.data.length > budget) out.push({ ...base, kind: 'script', lang, skipped: 'over the per-package analysis budget' });
    else {
      budget -= f.data.length;
      out.push({ ...base, kind: 'script', lang, text });
    }
  }
  return out;
}

/** Hosts that say where a package is documented or hosted, not what it talks to. */
const GENERIC_HOSTS =
  /(?:^|\.)(?:github\.com|gitlab\.com|bitbucket\.org|npmjs\.com|npmjs\.org|pypi\.org|python\.org|readthedocs\.io|readthedocs\.org|sourceforge\.net|githubusercontent\.com|github\.io)$/i;

/** Hosts the package's own metadata names (homepage, repository, project URLs) and their parent domains, minus code-hosting sites. */
export function metadataHosts(urls: Array<string | null | undefined>): string[] {
  const out = new Set<string>();
  for (const u of urls) {
    if (!u) continue;
    try {
      const h = new URL(u.replace(/^git\+/, '')).hostname.toLowerCase().replace(/^www\./, '');
      if (!h || GENERIC_HOSTS.test(h)) continue;
      out.add(h);
      // docs.api-x.com documents api.api-x.com too: add the parent domain, unless it is a public suffix like co.uk.
      const labels = h.split('.');
      const parent = labels.slice(1).join('.');
      if (labels.length >= 3 && !/^[a-z]{2,3}\.[a-z]{2}$/.test(parent) && !GENERIC_HOSTS.test(parent)) out.add(parent);
    } catch {
      // not a URL
    }
  }
  return [...out].sort();
}
