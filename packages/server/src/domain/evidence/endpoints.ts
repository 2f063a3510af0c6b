import type { EvidenceReport } from '@sigma/core';
import { createGuardPolicy, parseFrontMatter, probeEndpoints } from '@sigma/evidence';
import type { Services } from '../../services.js';
import { raisedRisk } from './risk.js';

/**
 * The endpoint review step for API* submissions (SPEC §4, docs/probe.md): every declared endpoint
 * probed read-only through the outbound guard (private, loopback, link-local… refused unless the
 * operator's SIGMA_PROBE_ALLOW_LIST names them), the review stored as `report.endpointReview` and its
 * findings merged. Probe findings never reject before the council; `approvalBlocked` forbids a plain
 * APPROVE (consensus escalates). Runs outside any database transaction.
 */

export async function withEndpointReview(
  s: Services,
  report: EvidenceReport,
  skillText: string | null,
  sandboxBaseUrl: string | null = null,
): Promise<EvidenceReport> {
  const policy = createGuardPolicy({ allowList: s.config.probe.allowList, totalTimeoutMs: s.config.probe.timeoutMs });
  const frontMatter = skillText === null ? null : parseFrontMatter(skillText).data;
  const { endpointReview, findings } = await probeEndpoints(
    { manifest: report.manifest, frontMatter },
    { policy, offline: s.config.probe.mode === 'off', sandboxBaseUrl, now: () => s.clock.now() },
  );
  return { ...report, findings: [...report.findings, ...findings], sandboxRiskLevel: raisedRisk(report.sandboxRiskLevel, findings), endpointReview };
}
