import type { Finding } from '@sigma/core';

export type { Finding } from '@sigma/core';

/** One file as submitted: a relative path inside the skill and its raw bytes. */
export interface InputFile {
  path: string;
  bytes: Uint8Array;
}

/**
 * Ingest and analysis limits. Everything over a limit fails closed with an `UNANALYZABLE_*`
 * finding that names the file and the reason.
 */
export interface Limits {
  /** Files with content (empty placeholder files are listed but do not count; see `maxEntries`). */
  maxFiles: number;
  /** Sum of all file bytes after archive expansion. */
  maxTotalBytes: number;
  maxFileBytes: number;
  /** Every path seen (files, empty files, directories, archive entries); bounds the walk itself. */
  maxEntries: number;
  /** Entries inside one archive. */
  maxArchiveEntries: number;
  /** Archives inside archives: 1 means an archive may contain archives, which are not opened further. */
  maxArchiveDepth: number;
  /** Expanded size / compressed size above which an entry (or a whole archive) is a bomb. */
  maxCompressionRatio: number;
  /** Longest accepted relative path (characters). */
  maxPathLength: number;
}

export type SourceKind = 'file' | 'folder' | 'archive' | 'git' | 'upload';

/** A file that was seen but not handed to analysis (over a limit, unsafe path…); it stays in the inventory. */
export interface ExcludedFile {
  path: string;
  bytes: number;
  sha256: string | null;
  reason: string;
}

export interface IngestResult {
  /** Files to analyse, paths normalised (`/`-separated, relative, no `..`), sorted. Archives stay listed. */
  files: InputFile[];
  /** Fail-closed findings raised while reading the input (UNANALYZABLE_* and friends). */
  problems: Finding[];
  source: { kind: SourceKind; ref?: string };
  /** Files seen but not analysed; each has a matching finding in `problems`. */
  excluded?: ExcludedFile[];
  /** Paths in `files` that are archives whose entries were expanded into `files`. */
  expandedArchives?: string[];
}
