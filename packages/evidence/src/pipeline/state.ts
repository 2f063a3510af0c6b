import type { EvidenceReport } from '@sigma/core';
import type { SkillDocument } from '../manifest/document.js';
import type { ManifestResult } from '../manifest/derive.js';
import type { Adjustment, AnalyzedFile, BaseReportKey, Hit, HitSink, ReportContext, ReportSectionKey, Rule, SkillContext } from '../rules/rule.js';
import { FactStore } from '../rules/store.js';
import { newFacts } from '../rules/unit.js';
import type { Facts } from '../rules/unit.js';
import type { IngestResult } from '../types.js';
import type { RuleIndex } from './rule-index.js';

/** Everything one analysis accumulates as it moves through the stages. */
export interface AnalysisState {
  readonly index: RuleIndex;
  readonly ingest: IngestResult;
  readonly productType: string | undefined;
  /** Every hit so far, in the order rules reported them. */
  readonly hits: Hit[];
  readonly facts: Facts;
  readonly store: FactStore;
  readonly files: AnalyzedFile[];
  skill: SkillDocument | null;
  readonly sections: Partial<Pick<EvidenceReport, ReportSectionKey>>;
}

export function newState(index: RuleIndex, ingest: IngestResult, productType: string | undefined): AnalysisState {
  return { index, ingest, productType, hits: [], facts: newFacts(), store: new FactStore(), files: [], skill: null, sections: {} };
}

/** Fields the pipeline fills itself (sections cannot replace them). */
const BASE_KEYS: ReadonlySet<string> = new Set<BaseReportKey>([
  'schemaVersion',
  'engineVersion',
  'sandboxAnalyzedAt',
  'skillHash',
  'manifest',
  'sourceFacts',
  'findings',
  'sandboxRiskLevel',
  'analyzabilityScore',
  'blocked',
  'blockedReasons',
  'frontMatterErrors',
]);

const allowed = new WeakMap<Rule, ReadonlySet<string>>();

/** A sink that takes only the ids a rule declares (its own and `alsoReports`), into `target`. */
export function sinkFor(rule: Rule, target: Hit[]): HitSink<string> {
  let ids = allowed.get(rule);
  if (!ids) {
    ids = new Set([...rule.meta.map((m) => m.id), ...(rule.alsoReports ?? [])]);
    allowed.set(rule, ids);
  }
  const ok = ids;
  return {
    push: (hit) => {
      if (!ok.has(hit.ruleId)) throw new Error(`rule ${rule.name} reported ${hit.ruleId}, which it does not declare`);
      target.push(hit);
    },
  };
}

/** Context decisions may not argue away what could not be read. */
function adjustable(hit: Hit): boolean {
  return !hit.ruleId.startsWith('UNANALYZABLE_');
}

function adjust(state: AnalysisState, rule: Rule, hit: Hit, change: Adjustment): void {
  if (!state.hits.includes(hit)) throw new Error(`rule ${rule.name} adjusted a hit that is not in this analysis`);
  if (!adjustable(hit)) throw new Error(`rule ${rule.name} may not change the fail-closed finding ${hit.ruleId}`);
  if (change.reason.trim().length === 0) throw new Error(`rule ${rule.name} adjusted ${hit.ruleId} without a reason`);
  if (change.severity !== undefined) hit.severity = change.severity;
  if (change.confidence !== undefined) hit.confidence = change.confidence;
  if (change.blocking !== undefined) hit.blocking = change.blocking;
  (hit.adjustments ??= []).push(change.reason);
}

export function skillContext(state: AnalysisState, rule: Rule): SkillContext<string> {
  const sink = sinkFor(rule, state.hits);
  return {
    files: state.files,
    skill: state.skill,
    facts: state.facts,
    store: state.store,
    productType: state.productType,
    hits: state.hits,
    report: (hit) => sink.push(hit),
    adjust: (hit, change) => adjust(state, rule, hit, change),
    severityOf: (hit) => state.index.severityOf(hit),
    ruleMeta: (id) => (state.index.has(id) ? state.index.meta(id) : undefined),
    section: (key, value) => {
      if (BASE_KEYS.has(String(key))) throw new Error(`rule ${rule.name} may not replace the report's own field ${String(key)}`);
      if (key in state.sections) throw new Error(`report section ${String(key)} was already added (rule ${rule.name})`);
      state.sections[key] = value;
    },
  };
}

export function reportContext(state: AnalysisState, rule: Rule, manifest: ManifestResult): ReportContext<string> {
  return { ...skillContext(state, rule), manifest };
}
