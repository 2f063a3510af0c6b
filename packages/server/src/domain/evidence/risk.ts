import { SEVERITY_RANK, type RiskLevel, type Severity } from '@sigma/core';

const RISK: Record<Severity, RiskLevel> = { INFO: 'LOW', LOW: 'LOW', MEDIUM: 'MEDIUM', HIGH: 'HIGH', CRITICAL: 'CRITICAL' };

/** The report's risk level raised to the worst of the findings a server step adds (never lowered). */
export function raisedRisk(current: RiskLevel, added: ReadonlyArray<{ severity: Severity }>): RiskLevel {
  const worst = added.reduce<Severity>((w, f) => (SEVERITY_RANK[f.severity] > SEVERITY_RANK[w] ? f.severity : w), 'INFO');
  return SEVERITY_RANK[RISK[worst]] > SEVERITY_RANK[current] ? RISK[worst] : current;
}
