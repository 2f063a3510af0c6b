/**
 * Opening a distribution (npm tarball, sdist, wheel) in memory with the ingest archive readers:
 * bounded decompression, no links followed, every path normalised before use. Also the Python core
 * metadata (`METADATA` / `PKG-INFO`, RFC 822 headers).
 */
import type { DistributionKind } from '@sigma/core';
import { ArchiveError, gunzipCapped, readTar, readZip } from '../ingest/archive.js';
import type { ArchiveEntry } from '../ingest/archive.js';
import { normalizeRelPath } from '../ingest/paths.js';
import { dirOf, joinPath } from './text.js';

export interface DistLimits {
  maxEntries: number;
  /** Largest single file decompressed. */
  maxEntryBytes: number;
  /** Budget for everything decompressed. */
  maxTotalBytes: number;
  maxRatio: number;
  maxPathLength: number;
}

export const DEFAULT_DIST_LIMITS: DistLimits = Object.freeze({
  maxEntries: 20_000,
  maxEntryBytes: 16 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxRatio: 200,
  maxPathLength: 1024,
});

export interface DistFile {
  path: string;
  /** Null when the entry was not read (over a cap, a link, a special file). */
  data: Uint8Array | null;
  size: number;
  type: 'file' | 'symlink' | 'hardlink' | 'special';
  problem: string | null;
  linkTarget: string | null;
}

export interface DistProblem {
  kind: 'unreadable' | 'unsafe-path';
  path: string | null;
  detail: string;
}

export interface UnpackedDist {
  files: DistFile[];
  problems: DistProblem[];
}

const isGzip = (b: Uint8Array): boolean => b[0] === 0x1f && b[1] === 0x8b;
const isZip = (b: Uint8Array): boolean => b[0] === 0x50 && b[1] === 0x4b;

export function unpackDistribution(bytes: Uint8Array, kind: DistributionKind, filename: string, limits: DistLimits = DEFAULT_DIST_LIMITS): UnpackedDist {
  const caps = { maxEntries: limits.maxEntries, maxEntryBytes: limits.maxEntryBytes, maxTotalBytes: limits.maxTotalBytes, maxRatio: limits.maxRatio };
  let entries: ArchiveEntry[];
  try {
    if (kind === 'wheel' || (kind === 'sdist' && /\.zip$/i.test(filename))) {
      if (!isZip(bytes)) throw new ArchiveError('corrupt', `${filename} is not a zip archive`);
      entries = readZip(bytes, caps);
    } else {
      const tar = isGzip(bytes) ? gunzipCapped(bytes, limits.maxTotalBytes, limits.maxRatio) : bytes;
      entries = readTar(tar, caps);
    }
  } catch (err) {
    if (!(err instanceof ArchiveError)) throw err;
    return { files: [], problems: [{ kind: 'unreadable', path: null, detail: `${filename}: ${err.message} (${err.code})` }] };
  }
  const strip = kind !== 'wheel';
  const files: DistFile[] = [];
  const problems: DistProblem[] = [];
  for (const e of entries) {
    const norm = normalizeRelPath(e.name, limits.maxPathLength);
    if (!norm.ok) {
      problems.push({ kind: 'unsafe-path', path: e.name, detail: `archive entry ${JSON.stringify(e.name)} is refused (${norm.reason})` });
      continue;
    }
    if (e.type === 'dir') continue;
    let path = norm.path;
    if (strip) {
      const slash = path.indexOf('/');
      if (slash < 0) continue; // npm and pip drop what sits beside the top folder
      path = path.slice(slash + 1);
    }
    if (e.type === 'symlink' || e.type === 'hardlink') {
      const target = e.linkTarget ?? '';
      const resolved = joinPath(dirOf(path), target);
      if (target.startsWith('/') || /^[A-Za-z]:/.test(target) || resolved === null || resolved === '') {
        problems.push({ kind: 'unsafe-path', path, detail: `${e.type} ${path} points outside the package (${JSON.stringify(target)})` });
        continue;
      }
    }
    files.push({
      path,
      data: e.type === 'file' && e.data ? e.data : null,
      size: e.declaredSize,
      type: e.type,
      problem: e.problem ?? (e.type === 'special' ? 'special file' : null),
      linkTarget: e.linkTarget ?? null,
    });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, problems };
}

export interface CoreMetadata {
  metadataVersion: string | null;
  name: string | null;
  version: string | null;
  requiresDist: string[];
  requiresPython: string | null;
  dynamic: string[];
}

/** RFC 822-style headers up to the first blank line; multi-valued fields kept in order. */
export function parseCoreMetadata(text: string): CoreMetadata {
  const fields = new Map<string, string[]>();
  let last: { key: string; idx: number } | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    if (/^[ \t]/.test(line) && last) {
      const arr = fields.get(last.key)!;
      arr[last.idx] += `\n${line.trim()}`;
      continue;
    }
    const m = /^([A-Za-z0-9-]+):\s?(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const arr = fields.get(key) ?? [];
    arr.push(m[2]!.trim());
    fields.set(key, arr);
    last = { key, idx: arr.length - 1 };
  }
  const one = (k: string): string | null => fields.get(k)?.[0] ?? null;
  return {
    metadataVersion: one('metadata-version'),
    name: one('name'),
    version: one('version'),
    requiresDist: fields.get('requires-dist') ?? [],
    requiresPython: one('requires-python'),
    dynamic: (fields.get('dynamic') ?? []).map((d) => d.toLowerCase()),
  };
}

/** The core metadata file of a wheel (`*.dist-info/METADATA`) or sdist (`PKG-INFO`). */
export function findCoreMetadata(files: DistFile[], kind: DistributionKind): string | null {
  const dec = new TextDecoder('utf-8', { fatal: false });
  const hit =
    kind === 'wheel' ? files.filter((f) => /^[^/]+\.dist-info\/METADATA$/.test(f.path)) : kind === 'sdist' ? files.filter((f) => f.path === 'PKG-INFO') : [];
  if (hit.length !== 1 || !hit[0]!.data) return null;
  return dec.decode(hit[0]!.data);
}
