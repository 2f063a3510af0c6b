import { EVIDENCE_SCHEMA_VERSION, SEVERITY_RANK, skillHash } from '@sigma/core';
import type { EvidenceReport, FileEntry, Finding, RiskLevel } from '@sigma/core';
import { extOf, kindOf } from '../classify.js';
import { dedupeFindings, hitToFinding } from '../findings.js';
import { readDeclared } from '../manifest/declared.js';
import { frontMatterErrors } from '../manifest/document.js';
import { deriveManifest } from '../manifest/derive.js';
import type { ManifestResult } from '../manifest/derive.js';
import { ENGINE_VERSION } from '../version.js';
import type { AnalysisState } from './state.js';
import { reportContext } from './state.js';

/** Stage 5: the manifest from the declarations and every fact, then the report rules. */
export async function analyzeManifest(state: AnalysisState): Promise<ManifestResult> {
  const doc = state.skill;
  const manifest = deriveManifest(doc?.declared ?? readDeclared(null), state.facts, doc?.path ?? null, doc?.text ?? '');
  for (const rule of state.index.report) await rule.run(reportContext(state, rule, manifest));
  return manifest;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Stage 6: findings (deduplicated, ordered), inventory, signals, risk, and the report itself. */
export function assembleReport(state: AnalysisState, man: ManifestResult, now: Date): EvidenceReport {
  const findings: Finding[] = [...state.ingest.problems];
  for (const h of state.hits) findings.push(hitToFinding(h, state.index.meta(h.ruleId)));
  const finalFindings = dedupeFindings(findings);

  // Inventory.
  const inventory: FileEntry[] = state.files.map((f) => f.entry);
  for (const x of state.ingest.excluded ?? []) {
    inventory.push({ path: x.path, bytes: x.bytes, sha256: x.sha256 ?? '', kind: kindOf(x.path, x.sha256 === null ? null : '', null), analyzed: false });
  }
  for (const e of inventory) {
    if (finalFindings.some((f) => f.file === e.path && f.ruleId === 'UNANALYZABLE_TIMEOUT')) e.analyzed = false;
    if (e.kind === 'binary' && e.bytes > 0 && extOf(e.path) !== '' && e.analyzed) e.analyzed = false;
  }
  inventory.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const totalBytes = inventory.reduce((n, e) => n + e.bytes, 0);
  const readBytes = inventory.filter((e) => e.analyzed).reduce((n, e) => n + e.bytes, 0);
  const analyzabilityScore = totalBytes === 0 ? (inventory.length === 0 ? 0 : 100) : round1((100 * readBytes) / totalBytes);

  // Signals and risk.
  const promptInjectionSignalCount = finalFindings.filter(
    (f) => state.index.meta(f.ruleId).signal === 'promptInjection' && SEVERITY_RANK[f.severity] >= SEVERITY_RANK.MEDIUM,
  ).length;
  const realSecretSignalCount = finalFindings.filter((f) => f.ruleId === 'SECRET_LIVE').length;
  const highRiskSignalCount = finalFindings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.HIGH).length;
  const blocking = finalFindings.filter((f) => f.blocking);
  const blocked = blocking.length > 0;
  const blockedReasons = [...new Set(blocking.map((f) => `${f.ruleId}: ${f.title}${f.file ? ` (${f.file}${f.line ? `:${f.line}` : ''})` : ''}`))].slice(0, 50);
  const top = finalFindings.reduce((m, f) => Math.max(m, SEVERITY_RANK[f.severity]), 0);
  const sandboxRiskLevel: RiskLevel =
    blocked || top >= SEVERITY_RANK.CRITICAL ? 'CRITICAL' : top >= SEVERITY_RANK.HIGH ? 'HIGH' : top >= SEVERITY_RANK.MEDIUM ? 'MEDIUM' : 'LOW';
  const externalHosts = man.manifest.hosts.filter((h) => !/^(?:localhost|127\.|0\.0\.0\.0|\[::1\])/.test(h));

  const report: EvidenceReport = {
    schemaVersion: EVIDENCE_SCHEMA_VERSION,
    engineVersion: ENGINE_VERSION,
    sandboxAnalyzedAt: now.toISOString(),
    skillHash: state.skill ? skillHash(state.skill.bytes) : null,
    manifest: man.manifest,
    sourceFacts: {
      externalHosts,
      manifestMismatchCount: man.mismatches.length,
      mismatches: man.mismatches,
      shell: man.observedCaps.shell,
      env: man.observedCaps.env,
      process: man.observedCaps.process,
      filesystem: man.observedCaps.filesystem,
      wallet: man.observedCaps.wallet,
      network: man.observedCaps.network,
      promptInjectionSignalCount,
      realSecretSignalCount,
      highRiskSignalCount,
      blocked,
      blockedReasons,
      files: inventory,
    },
    findings: finalFindings,
    sandboxRiskLevel,
    analyzabilityScore,
    blocked,
    blockedReasons,
    frontMatterErrors: frontMatterErrors(state.skill),
  };
  return { ...report, ...state.sections };
}
