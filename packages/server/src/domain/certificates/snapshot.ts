import {
  CERTIFICATE_SCHEMA_VERSION,
  certificateCodeReview,
  SEVERITY_RANK,
  type CertificateSnapshot,
  type EvidenceReport,
  type ProductType,
  type Severity,
  type SourceType,
  type VerdictValue,
} from '@sigma/core';
import type { RoundRow } from '../assembly/rounds.js';

export interface SnapshotInput {
  certificateId: string;
  submission: {
    id: string;
    productType: ProductType;
    sourceType: SourceType;
    sourceUrl: string | null;
    sourceRef: string | null;
    entry: string | null;
    devNotes: string;
    skillHash: string | null;
    contentHash: string;
  };
  evidence: EvidenceReport;
  round: RoundRow;
  decidedBy: CertificateSnapshot['round']['decidedBy'];
  verdicts: Array<{
    phase: number;
    ownerAddress: string;
    sessionAddress: string;
    modelFamily: string;
    verdict: VerdictValue | null;
    status: string;
    blocking: boolean;
    severity: Severity | null;
    rationale: string;
  }>;
  issuedAt: Date;
  validityDays: number;
  policyVersion: string;
}

/** Assemble the snapshot that is hashed and signed (SPEC §6). Every field present; nulls, never undefined. */
export function buildSnapshot(i: SnapshotInput): CertificateSnapshot {
  const retained = (min: number, max: number) =>
    i.evidence.findings
      .filter((f) => SEVERITY_RANK[f.severity] >= min && SEVERITY_RANK[f.severity] <= max)
      .map((f) => ({ ruleId: f.ruleId, title: f.title, severity: f.severity, file: f.file, line: f.line }));
  const retainedWarnings = retained(SEVERITY_RANK.LOW, SEVERITY_RANK.MEDIUM);
  const retainedErrors = retained(SEVERITY_RANK.HIGH, SEVERITY_RANK.CRITICAL);
  const isCode = i.submission.productType.includes('CODE');
  return {
    schemaVersion: CERTIFICATE_SCHEMA_VERSION,
    certificateId: i.certificateId,
    submissionId: i.submission.id,
    skillName: i.evidence.manifest.name,
    skillVersion: i.evidence.manifest.version,
    productType: i.submission.productType,
    source: {
      sourceType: i.submission.sourceType,
      sourceUrl: i.submission.sourceUrl,
      sourceRef: i.submission.sourceRef,
      entry: i.submission.entry,
    },
    skillHash: i.evidence.skillHash ?? i.submission.skillHash,
    // The code tree reviewed (an archive's entries, a git checkout), as `sigma certificate --verify --dir` recomputes it.
    codeHash: isCode ? (i.evidence.codeReview?.codeHash ?? i.submission.contentHash) : null,
    manifest: i.evidence.manifest,
    review: {
      securityLevel: retainedWarnings.length === 0 && retainedErrors.length === 0 ? 'CLEAR' : 'CAUTION',
      retainedWarnings,
      retainedErrors,
      sandboxRiskLevel: i.evidence.sandboxRiskLevel,
      sandboxAnalyzedAt: i.evidence.sandboxAnalyzedAt,
    },
    endpointReview: i.evidence.endpointReview ?? null,
    codeReview: isCode && i.evidence.codeReview ? certificateCodeReview(i.evidence.codeReview) : null,
    packages: [],
    round: {
      roundId: i.round.id,
      roundType: i.round.roundType,
      triggerSource: i.round.triggerSource,
      roundNumber: i.round.roundNumber,
      outcome: 'APPROVE',
      decidedBy: i.decidedBy,
    },
    verdicts: i.verdicts.map((v) => ({
      phase: v.phase,
      ownerAddress: v.ownerAddress,
      sessionAddress: v.sessionAddress,
      modelFamily: v.modelFamily,
      verdict: v.verdict ?? null,
      status: v.status,
      blocking: v.blocking,
      severity: v.severity ?? null,
      rationale: v.rationale,
    })),
    devNotes: i.submission.devNotes,
    certificateIssuedAt: i.issuedAt.toISOString(),
    expiresAt: new Date(i.issuedAt.getTime() + i.validityDays * 86_400_000).toISOString(),
    engineVersion: i.evidence.engineVersion,
    policyVersion: i.policyVersion,
  };
}
