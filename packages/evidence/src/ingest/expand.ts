import { sniffBinary } from '../classify.js';
import { ArchiveError, gunzipCapped, readTar, readZip } from './archive.js';
import type { ArchiveEntry } from './archive.js';
import type { Candidate, Collector } from './collector.js';
import { fileNameProblem } from './names.js';
import { normalizeRelPath } from './paths.js';

export function isArchive(bytes: Uint8Array, path: string): 'zip' | 'gzip' | 'tar' | 'unsupported-archive' | null {
  const t = sniffBinary(bytes, path);
  return t === 'zip' || t === 'gzip' || t === 'tar' || t === 'unsupported-archive' ? t : null;
}

/** Expands one archive into entries; problems are reported against `label`. */
export function expandArchive(
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

export function addEntries(entries: ArchiveEntry[], prefix: string, label: string, depth: number, c: Collector, out: Candidate[]): void {
  const L = c.limits;
  for (const e of entries) {
    c.entries++;
    const norm = normalizeRelPath(e.name, L.maxPathLength);
    const shown = `${prefix}${e.name}`;
    const named = norm.ok ? fileNameProblem(norm.path) : norm.reason === 'control' ? fileNameProblem(e.name) : null;
    if (named) {
      // A directory's own name is reported through the files inside it.
      if (e.type !== 'dir') c.refuseName(norm.ok ? `${prefix}${norm.path}` : shown.slice(0, L.maxPathLength), e.data ?? null, e.declaredSize, named);
      continue;
    }
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
export function stripCommonRoot(entries: ArchiveEntry[]): void {
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
