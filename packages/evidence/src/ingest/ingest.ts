import type { IngestResult, InputFile, Limits, SourceKind } from '../types.js';
import { ARCHIVE_SEP, Collector } from './collector.js';
import type { Candidate } from './collector.js';
import { addEntries, expandArchive, isArchive, stripCommonRoot } from './expand.js';
import { CaseClashes, fileNameProblem } from './names.js';
import { comparePaths, normalizeRelPath } from './paths.js';

export { sha256 } from './collector.js';
export { resolveLinkInTree } from './expand.js';

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
    const named = norm.ok ? fileNameProblem(norm.path) : norm.reason === 'control' ? fileNameProblem(f.path) : null;
    if (named) {
      c.refuseName(norm.ok ? norm.path : f.path.slice(0, L.maxPathLength), f.bytes, f.bytes.length, named);
      continue;
    }
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
  const clashes = new CaseClashes();
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
    const prior = clashes.add(cand.path);
    if (prior !== null) {
      c.refuseName(cand.path, cand.bytes, cand.bytes.length, {
        reason: 'case-clash',
        detail: `${JSON.stringify(cand.path)} and ${JSON.stringify(prior)} are the same path on case-insensitive file systems (Windows, macOS)`,
      });
      continue;
    }
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
