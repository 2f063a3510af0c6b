import type { Confidence, ErrorCode, EvidenceReport, FileEntry, FileKind, Severity } from '@sigma/core';
import type { BinaryType, Lang } from '../classify.js';
import type { SkillDocument } from '../manifest/document.js';
import type { ManifestResult } from '../manifest/derive.js';
import type { Blob } from '../text/blobs.js';
import type { IngestResult } from '../types.js';
import type { FactStore } from './store.js';
import type { Facts, Unit } from './unit.js';

/**
 * The rule interface. Every analysis is a `Rule` in the registry (`registry.ts`, a plain list):
 * it carries the metadata of the rule ids it reports (`meta`, beside its code), the scope it runs
 * on, and a `run` function. The pipeline calls rules by scope, in registry order; nothing else
 * has to change when a rule is added. See docs/evidence.md, "How to add a rule".
 */

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

/** Which sourceFacts counter a finding feeds (the "Counter" column of the catalogue). */
export type SignalKind = 'promptInjection' | 'secret' | 'none';

/** The metadata of one rule id: what a finding with this id says, and its defaults. */
export interface RuleMeta<Id extends string = string> {
  /** Stable public code: reports, SARIF and verdicts cite it. */
  id: Id;
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
  /**
   * Set when the finding means the upload itself cannot be read: the server refuses such an upload
   * with this catalogue code (HTTP 400) before a quote or payment (see `uploadRefusals`).
   */
  uploadError?: ErrorCode;
}

import type { Hit } from './hit.js';

export type { Hit };

/** Where hits go. Rules push; the pipeline turns hits into findings (dedupe, order, redaction). */
export interface HitSink<Id extends string> {
  // A property (not a method), so the ids a rule may push are checked exactly.
  push: (hit: Hit<Id>) => void;
}

/** One ingested file after classification (text decoded, binary sniffed). */
export interface ClassifiedFile {
  path: string;
  bytes: Uint8Array;
  /** Decoded text; null for binary or undecodable content. */
  text: string | null;
  /** Why `text` is null. */
  textProblem: 'binary' | 'invalid-utf8' | null;
  binary: BinaryType | null;
  kind: FileKind;
  lang: Lang;
  /** An archive whose entries were expanded into the submission. */
  expandedArchive: boolean;
}

/** A file as later rules see it: classification, inventory entry and (for text) its top-level unit. */
export interface AnalyzedFile extends ClassifiedFile {
  entry: FileEntry;
  /** The lexed top-level text unit; null for binary, empty or archive files. */
  unit: Unit | null;
}

export interface FileContext<Id extends string> {
  hits: HitSink<Id>;
  /** Every ingested file, classified (for checks across files, e.g. bytecode against its source). */
  files: readonly ClassifiedFile[];
  ingest: IngestResult;
}

export interface UnitContext<Id extends string> {
  hits: HitSink<Id>;
  /** Facts gathered across the skill (capabilities, URLs, sends, credential reads…). */
  facts: Facts;
  store: FactStore;
}

/** A blob found in a unit and decoded (base64, hex, char codes…); its text was scanned as a child unit. */
export interface DecodedBlob extends Blob {
  /** The unit the blob sits in. */
  parent: Unit;
  /** Line of the blob in its file. */
  line: number;
  /** What the unit rules found in the decoded text. */
  found: readonly Hit[];
}

export interface BlobContext<Id extends string> {
  hits: HitSink<Id>;
  /** Effective severity of a hit (its override, else its rule's default). */
  severityOf(hit: Hit): Severity;
}

/** Change to another rule's hit. Every change carries its reason, which the finding shows. */
export interface Adjustment {
  severity?: Severity;
  confidence?: Confidence;
  blocking?: boolean;
  reason: string;
}

/** Keys of report sections a rule may add: the optional fields of the core report schema that the pipeline does not fill itself. */
export type ReportSectionKey = Exclude<keyof EvidenceReport, BaseReportKey>;
export type BaseReportKey =
  | 'schemaVersion'
  | 'engineVersion'
  | 'sandboxAnalyzedAt'
  | 'skillHash'
  | 'manifest'
  | 'sourceFacts'
  | 'findings'
  | 'sandboxRiskLevel'
  | 'analyzabilityScore'
  | 'blocked'
  | 'blockedReasons'
  | 'frontMatterErrors';

export interface SkillContext<Id extends string> {
  /** Every file, in path order, with its classification and parsed text. */
  files: readonly AnalyzedFile[];
  /** SKILL.md (front matter parsed, manifest declarations read); null when the submission has none. */
  skill: SkillDocument | null;
  facts: Facts;
  store: FactStore;
  productType: string | undefined;
  /** Hits so far (every earlier stage and rule). Read them; change them only through `adjust`. */
  hits: readonly Hit[];
  report(hit: Hit<Id>): void;
  /**
   * Lowers or raises another rule's hit (severity, confidence, blocking) and records why: the
   * reason is appended to the finding's `why`. Fail-closed `UNANALYZABLE_*` hits cannot be changed.
   */
  adjust(hit: Hit, change: Adjustment): void;
  severityOf(hit: Hit): Severity;
  /** The metadata of a rule id in this analysis (undefined for an id no rule defines). */
  ruleMeta(id: string): RuleMeta | undefined;
  /** Adds a report section (an optional field of the core report schema). */
  section<K extends ReportSectionKey>(key: K, value: EvidenceReport[K]): void;
}

export interface ReportContext<Id extends string> extends SkillContext<Id> {
  /** The manifest derived from the declarations and every observed fact, with its mismatches. */
  manifest: ManifestResult;
}

export type RuleScope = Rule['scope'];

interface RuleBase<Own extends string, Also extends string> {
  /** Unique, kebab-case: names the rule in errors and docs. */
  name: string;
  /** The rule ids this rule defines (their metadata lives here, beside the code). */
  meta: readonly RuleMeta<Own>[];
  /** Ids defined by other rules that this rule may also report (the same finding from other evidence). */
  alsoReports?: readonly Also[];
}

/** Metadata only: findings the engine raises itself (ingest limits, archive safety, the time cap). */
export interface EngineRule<Own extends string = string, Also extends string = string> extends RuleBase<Own, Also> {
  scope: 'engine';
}

/** Runs once per ingested file, binary or text, before its text is scanned. */
export interface FileRule<Own extends string = string, Also extends string = string> extends RuleBase<Own, Also> {
  scope: 'file';
  run(file: ClassifiedFile, ctx: FileContext<Own | Also>): void;
}

/**
 * Runs on every text unit: each text file (and the developer's notes), and — when `decoded` is
 * true — the text decoded from blobs inside them (depth > 0). `when` narrows the units further.
 * Synchronous: the per-file time cap is checked between rules.
 */
export interface UnitRule<Own extends string = string, Also extends string = string> extends RuleBase<Own, Also> {
  scope: 'unit';
  decoded: boolean;
  when?(unit: Unit): boolean;
  run(unit: Unit, ctx: UnitContext<Own | Also>): void;
}

/** Runs once per decoded blob, after the blob's text was scanned by the unit rules. */
export interface BlobRule<Own extends string = string, Also extends string = string> extends RuleBase<Own, Also> {
  scope: 'blob';
  run(blob: DecodedBlob, ctx: BlobContext<Own | Also>): void;
}

/** Runs once per skill after every file: sees all files and facts, may add facts, findings, adjustments and sections. */
export interface SkillRule<Own extends string = string, Also extends string = string> extends RuleBase<Own, Also> {
  scope: 'skill';
  run(ctx: SkillContext<Own | Also>): void | Promise<void>;
}

/** Runs once per skill after the manifest is derived from every fact (declared vs observed). */
export interface ReportRule<Own extends string = string, Also extends string = string> extends RuleBase<Own, Also> {
  scope: 'report';
  run(ctx: ReportContext<Own | Also>): void | Promise<void>;
}

export type Rule<Own extends string = string, Also extends string = string> =
  EngineRule<Own, Also> | FileRule<Own, Also> | UnitRule<Own, Also> | BlobRule<Own, Also> | SkillRule<Own, Also> | ReportRule<Own, Also>;

/* Helpers that keep the literal rule ids in the types, so the registry can derive `RuleId`. */

export function engineRule<const Own extends string = never, const Also extends string = never>(
  r: Omit<EngineRule<Own, Also>, 'scope'>,
): EngineRule<Own, Also> {
  return { ...r, scope: 'engine' };
}

export function fileRule<const Own extends string = never, const Also extends string = never>(r: Omit<FileRule<Own, Also>, 'scope'>): FileRule<Own, Also> {
  return { ...r, scope: 'file' };
}

export function unitRule<const Own extends string = never, const Also extends string = never>(r: Omit<UnitRule<Own, Also>, 'scope'>): UnitRule<Own, Also> {
  return { ...r, scope: 'unit' };
}

export function blobRule<const Own extends string = never, const Also extends string = never>(r: Omit<BlobRule<Own, Also>, 'scope'>): BlobRule<Own, Also> {
  return { ...r, scope: 'blob' };
}

export function skillRule<const Own extends string = never, const Also extends string = never>(r: Omit<SkillRule<Own, Also>, 'scope'>): SkillRule<Own, Also> {
  return { ...r, scope: 'skill' };
}

export function reportRule<const Own extends string = never, const Also extends string = never>(
  r: Omit<ReportRule<Own, Also>, 'scope'>,
): ReportRule<Own, Also> {
  return { ...r, scope: 'report' };
}
