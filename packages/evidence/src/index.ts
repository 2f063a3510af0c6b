/**
 * @sigma/evidence — deterministic, fail-closed static analysis of AI-agent skills.
 * Public contract used by the server and the CLI.
 */
export { ENGINE_VERSION } from './version.js';
export type { InputFile, Limits, IngestResult, ExcludedFile, RuleMeta, Hit, SourceKind, OwaspTag, RuleCategory } from './types.js';
export { DEFAULT_EVIDENCE_LIMITS, ingestFiles, resolveLimits } from './ingest/ingest.js';
export { ingestPath } from './ingest/path.js';
export type { IngestPathOptions } from './ingest/path.js';
export { analyze, DEFAULT_PER_FILE_TIME_MS } from './analyze.js';
export type { AnalyzeOptions } from './analyze.js';
export { renderText } from './report/render.js';
export { toSarif } from './report/sarif.js';
export { RULES } from './rules/catalogue.js';
export { runValidate } from './cli.js';
export type { ValidateOptions, ValidateIo } from './cli.js';
export { buildBehaviour, extractClaims, compareClaims, declaredHostsOf, scriptLang } from './behaviour/index.js';
export type { BehaviourInput, BehaviourOptions, Declared } from './behaviour/index.js';
export * from './packages/index.js';
