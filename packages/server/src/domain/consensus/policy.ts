import { canonicalJson, sha256Hex, type ConsensusOutcome, type EvidenceReport, type VerdictValue } from '@sigma/core';

/**
 * The written consensus policy (SPEC §5.5). Thresholds come from configuration; `policyVersion`
 * names the rule set and a digest of the thresholds, so every outcome says which policy made it.
 */
export interface PolicyConfig {
  /** REJECT when the weighted UNSAFE share reaches this and at least one UNSAFE vote is blocking. */
  rejectShare: number;
  /** The escalation assembly decides only with this weighted majority (either way). */
  escalationShare: number;
  /** Fewer cast votes than this cannot decide; the round escalates. */
  minVotes: number;
  /** Manifest mismatches tolerated before they count as high-risk evidence. */
  mismatchTolerance: number;
}

export const POLICY_RULESET = 'sigma-consensus-v1';

export function policyVersion(config: PolicyConfig): string {
  const digest = sha256Hex(canonicalJson({ ...config })).slice(0, 12);
  return `${POLICY_RULESET}+${digest}`;
}

export interface Vote {
  status: 'VOTED' | 'ABSTAINED' | 'TIMED_OUT' | 'PENDING' | 'REPLACED';
  verdict: VerdictValue | null;
  blocking: boolean;
  weight: number;
}

export interface Decision {
  outcome: ConsensusOutcome;
  reasons: string[];
  unsafeShare: number;
  votes: number;
}

/** The evidence signals that forbid a plain APPROVE. */
export function highRiskEvidence(evidence: EvidenceReport, config: PolicyConfig, endpointApprovalBlocked = false): string[] {
  const f = evidence.sourceFacts;
  const out: string[] = [];
  if (evidence.blocked || f.blocked) out.push('evidence is blocked');
  if (f.realSecretSignalCount > 0) out.push(`${f.realSecretSignalCount} live secret signal(s)`);
  if (f.highRiskSignalCount > 0) out.push(`${f.highRiskSignalCount} high-risk signal(s)`);
  if (f.promptInjectionSignalCount > 0) out.push(`${f.promptInjectionSignalCount} prompt-injection signal(s)`);
  if (endpointApprovalBlocked) out.push('endpoint review blocks approval');
  if (f.manifestMismatchCount > config.mismatchTolerance)
    out.push(`${f.manifestMismatchCount} manifest mismatch(es) above tolerance ${config.mismatchTolerance}`);
  return out;
}

function tally(votes: Vote[]) {
  const cast = votes.filter((v) => v.status === 'VOTED' && v.verdict !== null);
  // Weights are governance weights at draw time; if all are zero, count heads.
  const total = cast.reduce((s, v) => s + Math.max(0, v.weight), 0);
  const w = (v: Vote) => (total > 0 ? Math.max(0, v.weight) / total : 1 / cast.length);
  const unsafeShare = cast.filter((v) => v.verdict === 'UNSAFE').reduce((s, v) => s + w(v), 0);
  const safeShare = cast.filter((v) => v.verdict === 'SAFE').reduce((s, v) => s + w(v), 0);
  return { cast, unsafeShare, safeShare };
}

const EPS = 1e-9;

/** Phases 1 + 2: APPROVE, REJECT or ESCALATE. */
export function decideAssembly(votes: Vote[], evidence: EvidenceReport, config: PolicyConfig, endpointApprovalBlocked = false): Decision {
  const { cast, unsafeShare } = tally(votes);
  const risk = highRiskEvidence(evidence, config, endpointApprovalBlocked);
  const missed = votes.filter((v) => v.status === 'ABSTAINED' || v.status === 'TIMED_OUT').length;
  const base = { unsafeShare, votes: cast.length };
  if (cast.length < config.minVotes) {
    return { ...base, outcome: 'ESCALATE', reasons: [`only ${cast.length} vote(s) cast (${missed} abstained or timed out); ${config.minVotes} needed`] };
  }
  const allSafe = cast.every((v) => v.verdict === 'SAFE' && !v.blocking);
  const allUnsafe = cast.every((v) => v.verdict === 'UNSAFE');
  if (allSafe && risk.length === 0) {
    return { ...base, outcome: 'APPROVE', reasons: [`all ${cast.length} votes SAFE, none blocking, no high-risk evidence`] };
  }
  const blockingUnsafe = cast.some((v) => v.verdict === 'UNSAFE' && v.blocking);
  if (allUnsafe) return { ...base, outcome: 'REJECT', reasons: [`all ${cast.length} votes UNSAFE`] };
  if (unsafeShare + EPS >= config.rejectShare && blockingUnsafe) {
    return {
      ...base,
      outcome: 'REJECT',
      reasons: [`weighted UNSAFE share ${(unsafeShare * 100).toFixed(1)}% ≥ ${(config.rejectShare * 100).toFixed(1)}% with a blocking UNSAFE vote`],
    };
  }
  const reasons: string[] = [];
  if (allSafe) reasons.push(`unanimous SAFE against high-risk evidence: ${risk.join('; ')}`);
  else reasons.push(`split vote: weighted UNSAFE share ${(unsafeShare * 100).toFixed(1)}%${blockingUnsafe ? '' : ', no blocking UNSAFE vote'}`);
  if (!allSafe && risk.length) reasons.push(`high-risk evidence: ${risk.join('; ')}`);
  return { ...base, outcome: 'ESCALATE', reasons };
}

/** Phase 3 (escalation assembly): decides only with the escalation majority; otherwise an operator decides. */
export function decideEscalation(votes: Vote[], config: PolicyConfig): Decision {
  const { cast, unsafeShare, safeShare } = tally(votes);
  const base = { unsafeShare, votes: cast.length };
  if (cast.length < Math.min(config.minVotes, votes.length) || cast.length === 0) {
    return { ...base, outcome: 'ESCALATE', reasons: [`escalation assembly: only ${cast.length} vote(s) cast; an operator decides`] };
  }
  if (safeShare + EPS >= config.escalationShare && !cast.some((v) => v.verdict === 'UNSAFE' && v.blocking)) {
    return {
      ...base,
      outcome: 'APPROVE',
      reasons: [`escalation assembly: weighted SAFE share ${(safeShare * 100).toFixed(1)}% ≥ ${(config.escalationShare * 100).toFixed(1)}%`],
    };
  }
  if (unsafeShare + EPS >= config.escalationShare) {
    return {
      ...base,
      outcome: 'REJECT',
      reasons: [`escalation assembly: weighted UNSAFE share ${(unsafeShare * 100).toFixed(1)}% ≥ ${(config.escalationShare * 100).toFixed(1)}%`],
    };
  }
  return {
    ...base,
    outcome: 'ESCALATE',
    reasons: [`escalation assembly unresolved (SAFE ${(safeShare * 100).toFixed(1)}%, UNSAFE ${(unsafeShare * 100).toFixed(1)}%); an operator decides`],
  };
}
