import { SEVERITY_RANK, type EvidenceReport, type RiskLevel, type Severity } from '@sigma/core';
import { createGuardPolicy, parseFrontMatter, probeEndpoints } from '@sigma/evidence';
import type { Services } from '../../services.js';

/**
 * The endpoint review step for API* submissions (SPEC §4, docs/probe.md): every declared endpoint
 * probed read-only through the outbound guard (private, loopback, link-local… refused unless the
 * operator's SIGMA_PROBE_ALLOW_LIST names them), the review stored as `report.endpointReview` and its
 * findings merged. Probe findings never reject before the council; `approvalBlocked` forbids a plain
 * APPROVE (consensus escalates). Runs outside any database transaction.
 */

export const isApiCategory = (category: string): boolean => category.includes('API');

const RISK: Record<Severity, RiskLevel> = { INFO: 'LOW', LOW: 'LOW', MEDIUM: 'MEDIUM', HIGH: 'HIGH', CRITICAL: 'CRITICAL' };

export async function withEndpointReview(s: Services, report: EvidenceReport, skillText: string | null): Promise<EvidenceReport> {
  const policy = createGuardPolicy({ allowList: s.config.probe.allowList, totalTimeoutMs: s.config.probe.timeoutMs });
  const frontMatter = skillText === null ? null : parseFrontMatter(skillText).data;
  const { endpointReview, findings } = await probeEndpoints(
    { manifest: report.manifest, frontMatter },
    { policy, offline: s.config.probe.mode === 'off', now: () => s.clock.now() },
  );
  const worst = findings.reduce<Severity>((w, f) => (SEVERITY_RANK[f.severity] > SEVERITY_RANK[w] ? f.severity : w), 'INFO');
  const risk = findings.length && SEVERITY_RANK[RISK[worst]] > SEVERITY_RANK[report.sandboxRiskLevel] ? RISK[worst] : report.sandboxRiskLevel;
  return { ...report, findings: [...report.findings, ...findings], sandboxRiskLevel: risk, endpointReview };
}
