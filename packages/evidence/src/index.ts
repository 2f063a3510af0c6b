/**
 * @sigma/evidence — deterministic, fail-closed static analysis of AI-agent skills.
 * Public contract used by the server and the CLI.
 */
export { ENGINE_VERSION } from './version.js';
export type { InputFile, Limits, IngestResult, ExcludedFile, SourceKind } from './types.js';
export { DEFAULT_EVIDENCE_LIMITS, ingestFiles, resolveLimits } from './ingest/ingest.js';
export { ingestPath } from './ingest/path.js';
export type { IngestPathOptions } from './ingest/path.js';
export { analyze, DEFAULT_PER_FILE_TIME_MS } from './analyze.js';
export type { AnalyzeOptions } from './analyze.js';
export { renderText } from './report/render.js';
export { toSarif } from './report/sarif.js';
export { REGISTRY, RULES } from './rules/registry.js';
export type { RuleId } from './rules/registry.js';
export { blobRule, engineRule, fileRule, reportRule, skillRule, unitRule } from './rules/rule.js';
export type {
  Adjustment,
  AnalyzedFile,
  BlobContext,
  BlobRule,
  ClassifiedFile,
  DecodedBlob,
  EngineRule,
  FileContext,
  FileRule,
  Hit,
  HitSink,
  OwaspTag,
  ReportContext,
  ReportRule,
  ReportSectionKey,
  Rule,
  RuleCategory,
  RuleMeta,
  RuleScope,
  SignalKind,
  SkillContext,
  SkillRule,
  UnitContext,
  UnitRule,
} from './rules/rule.js';
export { factKey, FactStore } from './rules/store.js';
export type { FactKey } from './rules/store.js';
export type { Facts, Unit } from './rules/unit.js';
export type { SkillDocument } from './manifest/document.js';
export type { ManifestResult } from './manifest/derive.js';
export { preflightUpload, uploadRefusals } from './upload.js';
export type { UploadRefusal } from './upload.js';
export { FRONT_MATTER_LIMITS } from './manifest/front-matter.js';
export { runValidate } from './cli.js';
export type { ValidateOptions, ValidateIo } from './cli.js';
export { buildBehaviour, extractClaims, compareClaims, declaredHostsOf, scriptLang } from './behaviour/index.js';
export type { BehaviourInput, BehaviourOptions, Declared } from './behaviour/index.js';
export * from './sandbox/index.js';
export * from './packages/index.js';
export { codeTree, entryProblem, staticCodeReview, executionFindings, finishCodeReview } from './code-review/index.js';
export type { CodeFile, StaticReview, StaticReviewOptions } from './code-review/index.js';
export * from './probe/index.js';
export { parseFrontMatter } from './manifest/front-matter.js';
