import type { EvidenceReport } from '@sigma/core';
import { ingestFiles, resolveLimits } from './ingest/ingest.js';
import { analyzeFiles } from './pipeline/files.js';
import { assembleReport, analyzeManifest } from './pipeline/report.js';
import { indexRules } from './pipeline/rule-index.js';
import { analyzeSkill } from './pipeline/skill.js';
import { newState } from './pipeline/state.js';
import { scanDevNotes } from './pipeline/units.js';
import { REGISTRY } from './rules/registry.js';
import type { Rule } from './rules/rule.js';
import type { IngestResult, InputFile, Limits } from './types.js';

export interface AnalyzeOptions {
  limits?: Partial<Limits>;
  /** Clock for `sandboxAnalyzedAt` (the only field that may differ between runs). */
  now?: () => Date;
  /** The developer's advisory note: screened like any other text (it is a claim, not a fact). */
  devNotes?: string;
  productType?: string;
  /** Per-file analysis time cap; reaching it is itself a blocking finding. */
  perFileTimeMs?: number;
  /** The rules to run, in order (default `REGISTRY`). Must include the engine rules of `REGISTRY`. */
  rules?: readonly Rule[];
}

export const DEFAULT_PER_FILE_TIME_MS = 2000;

/**
 * Analyses a skill and returns its evidence report. Deterministic: the same input gives the same
 * report except `sandboxAnalyzedAt`. Never executes or fetches anything it reads.
 *
 * Stages: ingest → classify and file rules → unit rules per text (and per decoded blob) →
 * skill rules → manifest (declared vs observed) and report rules → findings, signals, risk.
 */
export async function analyze(input: IngestResult | InputFile[], opts: AnalyzeOptions = {}): Promise<EvidenceReport> {
  const limits = resolveLimits(opts.limits);
  const ingest: IngestResult = Array.isArray(input) ? ingestFiles(input, limits) : input;
  const perFile = opts.perFileTimeMs ?? DEFAULT_PER_FILE_TIME_MS;
  const state = newState(indexRules(opts.rules ?? REGISTRY), ingest, opts.productType);
  analyzeFiles(state, perFile);
  scanDevNotes(state, opts.devNotes, perFile);
  await analyzeSkill(state);
  const manifest = await analyzeManifest(state);
  return assembleReport(state, manifest, (opts.now ?? (() => new Date()))());
}
