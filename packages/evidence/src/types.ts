import type { Confidence, Finding, Severity } from '@sigma/core';

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

/** Where a finding maps in the OWASP Agentic Skills Top 10 (2026 draft). */
export type OwaspTag =
  | 'OWASP-AST01' // AST01: skills built to do harm
  | 'OWASP-AST02' // Supply-chain compromise
  | 'OWASP-AST03' // Over-privileged skills
  | 'OWASP-AST04' // Insecure metadata
  | 'OWASP-AST05' // Untrusted external instructions
  | 'OWASP-AST07' // Update drift
  | 'OWASP-AST08'; // Poor scanning (content the scanner cannot see)

export type RuleCategory =
  | 'ingest'
  | 'manifest'
  | 'prompt-injection'
  | 'hidden-unicode'
  | 'padding'
  | 'remote-instructions'
  | 'remote-execution'
  | 'credentials'
  | 'persistence'
  | 'secrets'
  | 'obfuscation'
  | 'destructive'
  | 'exfiltration'
  | 'code';

/** Which sourceFacts counter a finding feeds. */
export type SignalKind = 'promptInjection' | 'secret' | 'none';

export interface RuleMeta {
  id: string;
  title: string;
  category: RuleCategory;
  severity: Severity;
  confidence: Confidence;
  /** A blocking finding rejects before the council. */
  blocking: boolean;
  signal: SignalKind;
  owasp: OwaspTag[];
  why: string;
  remediation: string;
}

/** A rule hit before it becomes a report finding. */
export interface Hit {
  ruleId: string;
  file: string | null;
  line: number | null;
  excerpt: string;
  /** Overrides of the catalogue defaults for this hit (context can lower or raise them). */
  severity?: Severity;
  confidence?: Confidence;
  blocking?: boolean;
  /** Extra words appended to `why` (e.g. the decoded hidden text). */
  detail?: string;
  /** Secret hits: whether the value looks live (feeds realSecretSignalCount). */
  liveSecret?: boolean;
}
