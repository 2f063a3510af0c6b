import { createHash } from 'node:crypto';
import type { Finding } from '@sigma/core';
import { sniffBinary } from '../classify.js';
import { hitToFinding } from '../findings.js';
import type { ExcludedFile, Hit, IngestResult, InputFile, Limits, SourceKind } from '../types.js';
import { ArchiveError, gunzipCapped, readTar, readZip } from './archive.js';
import type { ArchiveEntry } from './archive.js';
import { comparePaths, normalizeRelPath } from './paths.js';

export const DEFAULT_EVIDENCE_LIMITS: Limits = Object.freeze({
  maxFiles: 50,
  maxTotalBytes: 512 * 1024,
  maxFileBytes: 200 * 1024,
  maxEntries: 1000,
  maxArchiveEntries: 500,
  maxArchiveDepth: 2,
  maxCompressionRatio: 100,
  maxPathLength: 512,
});

export function resolveLimits(partial?: Partial<Limits>): Limits {
  const out: Limits = { ...DEFAULT_EVIDENCE_LIMITS };
  if (partial) {
    for (const key of Object.keys(DEFAULT_EVIDENCE_LIMITS) as Array<keyof Limits>) {
      const v = partial[key];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`limit ${key} must be a non-negative number`);
      out[key] = Math.floor(v);
    }
  }
  return out;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const ARCHIVE_SEP = '!/';

interface Candidate {
  path: string;
  bytes: Uint8Array;
  /** How many archives this file sits inside (0 = submitted directly). */
  depth: number;
}

class Collector {
  readonly problems: Finding[] = [];
  readonly excluded: ExcludedFile[] = [];
  entries = 0;
  constructor(readonly limits: Limits) {}

  problem(ruleId: string, file: string | null, detail: string, over?: Partial<Hit>): void {
    this.problems.push(hitToFinding({ ruleId, file, line: null, excerpt: detail, detail, ...over }));
  }

  exclude(path: string, bytes: Uint8Array | null, size: number, reason: string): void {
    this.excluded.push({ path, bytes: size, sha256: bytes ? sha256(bytes) : null, reason });
  }
}

function isArchive(bytes: Uint8Array, path: string): 'zip' | 'gzip' | 'tar' | 'unsupported-archive' | null {
  const t = sniffBinary(bytes, path);
  return t === 'zip' || t === 'gzip' || t === 'tar' || t === 'unsupported-archive' ? t : null;
}

/** Expands one archive into entries; problems are reported against `label`. */
function expandArchive(
  bytes: Uint8Array,
  label: string,
  type: 'zip' | 'gzip' | 'tar' | 'unsupported-archive',
  c: Collector,
  budget: { bytes: number },
): ArchiveEntry[] | null {
  const L = c.limits;
  const caps = {
    maxEntries: L.maxArchiveEntries,
    maxEntryBytes: L.maxFileBytes,
    maxTotalBytes: Math.max(0, budget.bytes),
    maxRatio: L.maxCompressionRatio,
  };
  try {
    if (type === 'unsupported-archive') {
      c.problem('UNANALYZABLE_ARCHIVE_CORRUPT', label, 'archive format not supported (only zip, tar, tar.gz and gz are opened)');
      return null;
    }
    let entries: ArchiveEntry[];
    if (type === 'zip') entries = readZip(bytes, caps);
    else if (type === 'tar') entries = readTar(bytes, caps);
    else {
      const inner = gunzipCapped(bytes, Math.min(budget.bytes, L.maxTotalBytes), L.maxCompressionRatio);
      if (sniffBinary(inner, '') === 'tar') entries = readTar(inner, caps);
      else {
        const base = label.slice(label.lastIndexOf('/') + 1).replace(/\.t?gz$/i, '') || 'content';
        const name = /\.tgz$/i.test(label) ? `${base}.tar` : base;
        entries = [{ name, type: 'file', data: inner, declaredSize: inner.length, compressedSize: bytes.length }];
      }
    }
    for (const e of entries) if (e.data) budget.bytes -= e.data.length;
    return entries;
  } catch (e) {
    if (e instanceof ArchiveError) {
      const rule =
        e.code === 'too-many-entries'
          ? 'UNANALYZABLE_ARCHIVE_TOO_MANY_ENTRIES'
          : e.code === 'bomb'
            ? 'UNANALYZABLE_ARCHIVE_BOMB'
            : e.code === 'too-large'
              ? 'UNANALYZABLE_TOTAL_TOO_LARGE'
              : 'UNANALYZABLE_ARCHIVE_CORRUPT';
      c.problem(rule, label, e.message);
    } else {
      c.problem('UNANALYZABLE_ARCHIVE_CORRUPT', label, `archive could not be read (${(e as Error).message})`);
    }
    return null;
  }
}

/** Where a link inside an archive or folder points, relative to the tree; null when it leaves it. */
export function resolveLinkInTree(fromPath: string, target: string): string | null {
  if (target.startsWith('/') || /^[A-Za-z]:/.test(target) || target.startsWith('~')) return null;
  const dir = fromPath.includes('/') ? fromPath.slice(0, fromPath.lastIndexOf('/')).split('/') : [];
  for (const seg of target.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (dir.length === 0) return null;
      dir.pop();
    } else dir.push(seg);
  }
  return dir.join('/');
}

function addEntries(entries: ArchiveEntry[], prefix: string, label: string, depth: number, c: Collector, out: Candidate[]): void {
  const L = c.limits;
  for (const e of entries) {
    c.entries++;
    const norm = normalizeRelPath(e.name, L.maxPathLength);
    const shown = `${prefix}${e.name}`;
    if (!norm.ok) {
      c.problem(
        norm.reason === 'too-long' || norm.reason === 'invalid' ? 'UNANALYZABLE_SPECIAL_FILE' : 'UNANALYZABLE_PATH_TRAVERSAL',
        label,
        `archive entry ${JSON.stringify(e.name.slice(0, 200))} rejected: ${norm.reason} path`,
      );
      c.exclude(shown.slice(0, L.maxPathLength), e.data ?? null, e.declaredSize, `unsafe path (${norm.reason})`);
      continue;
    }
    const path = `${prefix}${norm.path}`;
    if (e.type === 'dir') continue;
    if (e.type === 'symlink' || e.type === 'hardlink') {
      const inside = e.linkTarget !== undefined ? resolveLinkInTree(norm.path, e.linkTarget) : null;
      if (inside === null) {
        c.problem('UNANALYZABLE_SYMLINK', path, `${e.type} to ${JSON.stringify((e.linkTarget ?? '').slice(0, 200))} leaves the archive; not followed`);
      } else {
        c.problem(
          'UNANALYZABLE_SYMLINK',
          path,
          `${e.type} to ${JSON.stringify(inside)} inside the tree; not followed (the target is analysed as its own file)`,
          {
            severity: 'INFO',
            blocking: false,
          },
        );
      }
      c.exclude(path, null, 0, `${e.type} not followed`);
      continue;
    }
    if (e.type === 'special') {
      c.problem('UNANALYZABLE_SPECIAL_FILE', path, 'special file (device, FIFO or socket) in archive');
      c.exclude(path, null, 0, 'special file');
      continue;
    }
    if (!e.data) {
      const map = {
        encrypted: ['UNANALYZABLE_ARCHIVE_ENCRYPTED', 'entry is encrypted'],
        'too-large': ['UNANALYZABLE_FILE_TOO_LARGE', `entry declares ${e.declaredSize} bytes (limit ${L.maxFileBytes})`],
        bomb: ['UNANALYZABLE_ARCHIVE_BOMB', `entry expands ${e.declaredSize} bytes from ${e.compressedSize} (ratio limit ${L.maxCompressionRatio})`],
        corrupt: ['UNANALYZABLE_ARCHIVE_CORRUPT', 'entry data is damaged or its size header is wrong'],
        'unsupported-method': ['UNANALYZABLE_ARCHIVE_CORRUPT', 'entry uses an unsupported compression method'],
        'total-too-large': ['UNANALYZABLE_TOTAL_TOO_LARGE', `expanding this entry would exceed the total limit of ${L.maxTotalBytes} bytes`],
      } as const;
      const [rule, why] = map[e.problem ?? 'corrupt'];
      c.problem(rule, path, why);
      c.exclude(path, null, e.declaredSize, why);
      continue;
    }
    out.push({ path, bytes: e.data, depth });
  }
}

/** Strips one shared top-level folder when the archive root has no SKILL.md (zip of a folder). */
function stripCommonRoot(entries: ArchiveEntry[]): void {
  const names = entries.map((e) => e.name.replace(/\\/g, '/').replace(/^\.\//, ''));
  if (names.some((n) => n.toLowerCase() === 'skill.md')) return;
  const files = names.filter((n, i) => entries[i]!.type !== 'dir');
  if (files.length === 0) return;
  const first = files[0]!.split('/')[0]!;
  if (!first || first === '..' || !files.every((n) => n.startsWith(`${first}/`))) return;
  for (let i = 0; i < entries.length; i++) {
    const n = names[i]!;
    entries[i]!.name = n === first || n === `${first}/` ? './' : n.startsWith(`${first}/`) ? n.slice(first.length + 1) : n;
  }
  // The top folder itself becomes "./": drop it.
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.name === './' && entries[i]!.type === 'dir') entries.splice(i, 1);
}

/**
 * Ingests uploaded files: normalises paths, expands zip/tar/tar.gz/gz archives (a lone uploaded
 * archive becomes the skill root; archives inside the skill are opened under `<archive>!/`, nested
 * up to `maxArchiveDepth`), then applies the limits in a fixed order (root SKILL.md first, then
 * by path). Nothing is skipped silently: every rejected path has a finding and an `excluded` row.
 */
export function ingestFiles(
  files: InputFile[],
  limits?: Partial<Limits>,
  sourceKind: SourceKind = 'upload',
  ref?: string,
  loneArchiveIsRoot = true,
): IngestResult {
  const L = resolveLimits(limits);
  const c = new Collector(L);
  const candidates: Candidate[] = [];
  const budget = { bytes: L.maxTotalBytes + L.maxFileBytes };

  const inputs: Candidate[] = [];
  for (const f of files) {
    c.entries++;
    const norm = normalizeRelPath(f.path, L.maxPathLength);
    if (!norm.ok) {
      c.problem(
        norm.reason === 'traversal' || norm.reason === 'absolute' ? 'UNANALYZABLE_PATH_TRAVERSAL' : 'UNANALYZABLE_SPECIAL_FILE',
        null,
        `path ${JSON.stringify(f.path.slice(0, 200))} rejected: ${norm.reason}`,
      );
      c.exclude(f.path.slice(0, L.maxPathLength), f.bytes, f.bytes.length, `unsafe path (${norm.reason})`);
      continue;
    }
    inputs.push({ path: norm.path, bytes: f.bytes, depth: 0 });
  }

  // A lone archive is the submission container: its entries become the skill root.
  const lone = inputs.length === 1 && loneArchiveIsRoot ? inputs[0]! : null;
  const loneType = lone ? isArchive(lone.bytes, lone.path) : null;
  if (lone && loneType && lone.bytes.length > 0) {
    const entries = expandArchive(lone.bytes, lone.path, loneType, c, budget);
    if (entries) {
      stripCommonRoot(entries);
      addEntries(entries, '', lone.path, 0, c, candidates);
    }
  } else {
    candidates.push(...inputs);
  }

  // Open archives found inside the tree, breadth first, within the depth limit.
  const expanded: string[] = [];
  const queue = [...candidates];
  candidates.length = 0;
  while (queue.length > 0) {
    const cand = queue.shift()!;
    candidates.push(cand);
    const type = cand.bytes.length > 0 ? isArchive(cand.bytes, cand.path) : null;
    if (!type) continue;
    if (cand.bytes.length > L.maxFileBytes) continue; // reported by the limit pass below
    if (cand.depth + 1 > L.maxArchiveDepth) {
      c.problem('UNANALYZABLE_ARCHIVE_NESTED_TOO_DEEP', cand.path, `archive nested ${cand.depth + 1} deep (limit ${L.maxArchiveDepth}); not opened`);
      continue;
    }
    const entries = expandArchive(cand.bytes, cand.path, type, c, budget);
    if (!entries) continue;
    expanded.push(cand.path);
    const inner: Candidate[] = [];
    addEntries(entries, `${cand.path}${ARCHIVE_SEP}`, cand.path, cand.depth + 1, c, inner);
    queue.push(...inner);
  }

  // Limits, in a fixed order.
  candidates.sort((a, b) => comparePaths(a.path, b.path));
  const seen = new Set<string>();
  const accepted: InputFile[] = [];
  const expandedSet = new Set(expanded);
  let nonEmpty = 0;
  let total = 0;
  let tooMany = 0;
  let entriesReported = false;
  let index = 0;
  for (const cand of candidates) {
    if (seen.has(cand.path)) {
      c.problem('UNANALYZABLE_ARCHIVE_CORRUPT', cand.path, 'the same path appears twice in the submission');
      c.exclude(cand.path, cand.bytes, cand.bytes.length, 'duplicate path');
      continue;
    }
    seen.add(cand.path);
    if (++index > L.maxEntries) {
      if (!entriesReported) c.problem('UNANALYZABLE_TOO_MANY_ENTRIES', cand.path, `more than ${L.maxEntries} paths; the rest is not analysed`);
      entriesReported = true;
      c.exclude(cand.path, cand.bytes, cand.bytes.length, 'over the entry limit');
      continue;
    }
    const size = cand.bytes.length;
    const isContainer = expandedSet.has(cand.path);
    if (size > L.maxFileBytes) {
      c.problem('UNANALYZABLE_FILE_TOO_LARGE', cand.path, `${size} bytes (limit ${L.maxFileBytes})`);
      c.exclude(cand.path, cand.bytes, size, `over the per-file limit (${size} > ${L.maxFileBytes} bytes)`);
      continue;
    }
    if (size > 0 && !isContainer) {
      if (nonEmpty + 1 > L.maxFiles) {
        tooMany++;
        if (tooMany <= 50)
          c.problem('UNANALYZABLE_TOO_MANY_FILES', cand.path, `file ${nonEmpty + tooMany} of the submission; limit is ${L.maxFiles} files with content`);
        c.exclude(cand.path, cand.bytes, size, `over the file-count limit (${L.maxFiles})`);
        continue;
      }
      if (total + size > L.maxTotalBytes) {
        c.problem('UNANALYZABLE_TOTAL_TOO_LARGE', cand.path, `adding ${size} bytes would exceed the total limit of ${L.maxTotalBytes} bytes`);
        c.exclude(cand.path, cand.bytes, size, `over the total-size limit (${L.maxTotalBytes} bytes)`);
        continue;
      }
      nonEmpty++;
      total += size;
    }
    accepted.push({ path: cand.path, bytes: cand.bytes });
  }
  if (!entriesReported && c.entries > L.maxEntries) {
    c.problem('UNANALYZABLE_TOO_MANY_ENTRIES', null, `${c.entries} paths including directories (limit ${L.maxEntries})`);
  }
  if (tooMany > 50) c.problem('UNANALYZABLE_TOO_MANY_FILES', null, `${tooMany} files over the limit of ${L.maxFiles} in total`);
  if (accepted.length === 0 && c.problems.length === 0) c.problem('UNANALYZABLE_EMPTY', null, 'no files were submitted');

  return {
    files: accepted,
    problems: c.problems,
    source: ref === undefined ? { kind: sourceKind } : { kind: sourceKind, ref },
    excluded: c.excluded.sort((a, b) => comparePaths(a.path, b.path)),
    expandedArchives: expanded.sort(comparePaths),
  };
}
