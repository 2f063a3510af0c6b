import { z } from 'zod';
import {
  CertificateStatus,
  ConsensusOutcome,
  EndpointStatus,
  ProductType,
  RiskLevel,
  RoundType,
  SecurityLevel,
  Severity,
  SourceType,
  TriggerSource,
  VerdictValue,
} from '../enums.js';
import { CertificateCodeReview } from './code-review.js';
import { EndpointReview } from './endpoint-review.js';
import { MonitoringStatus, SiteProofStatus, SourceDrift } from './endpoint.js';
import { Manifest } from './evidence.js';
import { Address, RoundView } from './round.js';
import { Id24 } from './submission.js';

export const CERTIFICATE_SCHEMA_VERSION = 'sigma.certificate.v1' as const;

export const SnapshotSource = z.object({
  sourceType: SourceType,
  sourceUrl: z.string().nullable(),
  sourceRef: z.string().nullable(),
  entry: z.string().nullable(),
});

export const RetainedFinding = z.object({
  ruleId: z.string(),
  title: z.string(),
  severity: Severity,
  file: z.string().nullable(),
  line: z.number().int().nullable(),
});

export const SnapshotVerdict = z.object({
  phase: z.number().int(),
  ownerAddress: Address,
  sessionAddress: Address,
  modelFamily: z.string(),
  verdict: VerdictValue.nullable(),
  status: z.string(),
  blocking: z.boolean(),
  severity: Severity.nullable(),
  rationale: z.string(),
});

export { EndpointReview } from './endpoint-review.js';

/**
 * The sealed certificate snapshot (SPEC §6). Every field is present (null when not applicable) so the
 * canonical JSON is unambiguous. `payloadHash` = keccak256(JCS(snapshot)).
 */
export const CertificateSnapshot = z.object({
  schemaVersion: z.literal(CERTIFICATE_SCHEMA_VERSION),
  certificateId: Id24,
  submissionId: Id24,
  skillName: z.string().nullable(),
  skillVersion: z.string().nullable(),
  productType: ProductType,
  source: SnapshotSource,
  skillHash: z.string().nullable(),
  codeHash: z.string().nullable(),
  manifest: Manifest,
  review: z.object({
    securityLevel: SecurityLevel,
    retainedWarnings: z.array(RetainedFinding),
    retainedErrors: z.array(RetainedFinding),
    sandboxRiskLevel: RiskLevel,
    sandboxAnalyzedAt: z.string(),
  }),
  endpointReview: EndpointReview.nullable(),
  /** CODE* certificates: findings summary, execution outcome and what the code attempted (docs/code-review.md). */
  codeReview: CertificateCodeReview.nullable(),
  packages: z.array(z.unknown()),
  round: z.object({
    roundId: z.string(),
    roundType: RoundType,
    triggerSource: TriggerSource,
    roundNumber: z.number().int(),
    outcome: ConsensusOutcome,
    decidedBy: z.enum(['CONSENSUS', 'ESCALATION_ASSEMBLY', 'OPERATOR']),
  }),
  verdicts: z.array(SnapshotVerdict),
  devNotes: z.string(),
  certificateIssuedAt: z.string(),
  expiresAt: z.string(),
  engineVersion: z.string(),
  policyVersion: z.string(),
});
export type CertificateSnapshot = z.infer<typeof CertificateSnapshot>;

export const OnChain = z.object({
  network: z.string().nullable(),
  chainId: z.number().int().nullable(),
  registryAddress: z.string().nullable(),
  committed: z.boolean(),
  txHash: z.string().nullable(),
  explorerUrl: z.string().nullable(),
  blockNumber: z.number().int().nullable(),
  /** Why the commitment is absent or not checked, when it is. */
  note: z.string().nullable(),
});
export type OnChain = z.infer<typeof OnChain>;

export const Pin = z.object({
  submissionId: Id24,
  contentHash: z.string().nullable(),
  sourceRef: z.string().nullable(),
  payloadHash: z.string(),
  verdict: z.literal('APPROVED'),
  auditedAt: z.string(),
});
export type Pin = z.infer<typeof Pin>;

/** Live fields: outside the hash, may change after sealing. */
export const LiveFields = z.object({
  status: CertificateStatus,
  views: z.number().int(),
  activeFlagCount: z.number().int(),
  /** API* certificates: the monitoring plan and its latest re-probe. */
  monitoring: MonitoringStatus.nullable(),
  /** The owner's homepage and whether it links to the certificate page. */
  siteProof: SiteProofStatus.nullable(),
  /** Git sources: whether the default branch's SKILL.md still hashes to the certified `skillHash`. */
  sourceDrift: SourceDrift.nullable(),
});

/** `GET /api/v1/public/certificates/:id/live-status`: validity now and the live fields, without the snapshot. */
export const LiveStatusResponse = z.object({
  certificateId: Id24,
  status: z.string(),
  valid: z.boolean(),
  invalidReasons: z.array(z.string()),
  activeFlagCount: z.number().int(),
  views: z.number().int(),
  expiresAt: z.string(),
  monitoring: MonitoringStatus.nullable(),
  siteProof: SiteProofStatus.nullable(),
  sourceDrift: SourceDrift.nullable(),
  onChain: OnChain,
  supersededBy: Id24.nullable(),
});
export type LiveStatusResponse = z.infer<typeof LiveStatusResponse>;

/** `GET /api/v1/public/certificates/:id`: everything a third party needs to verify offline. */
export const CertificateRecord = z.object({
  certificateId: Id24,
  /** The sealed snapshot exactly as hashed. */
  snapshot: CertificateSnapshot,
  payloadHash: z.string(),
  hashScheme: z.string(),
  signature: z.string(),
  issuer: Address,
  onChain: OnChain,
  live: LiveFields,
  rounds: z.array(RoundView),
});
export type CertificateRecord = z.infer<typeof CertificateRecord>;

export const CertificateSummary = z.object({
  certificateId: Id24,
  submissionId: Id24,
  skillName: z.string().nullable(),
  skillVersion: z.string().nullable(),
  productType: ProductType,
  status: CertificateStatus,
  certificateIssuedAt: z.string(),
  payloadHash: z.string(),
  securityLevel: SecurityLevel,
});
export type CertificateSummary = z.infer<typeof CertificateSummary>;

export const VerifyResponse = z.object({
  certificateId: Id24,
  valid: z.boolean(),
  status: CertificateStatus,
  summary: z.string(),
  invalidReasons: z.array(z.string()),
  activeFlagCount: z.number().int(),
  securityLevel: SecurityLevel,
  sandboxRiskLevel: RiskLevel,
  skillName: z.string().nullable(),
  skillVersion: z.string().nullable(),
  certificateIssuedAt: z.string(),
  expiresAt: z.string(),
  roundType: RoundType,
  retainedWarnings: z.array(RetainedFinding),
  endpointStatus: EndpointStatus.nullable(),
  apiDisclaimer: z.string().nullable(),
  manifest: Manifest,
  endpointReview: EndpointReview.nullable(),
  payloadHash: z.string(),
  hashScheme: z.string(),
  signature: z.string(),
  issuer: Address,
  onChain: OnChain,
  source: SnapshotSource,
  skillHash: z.string().nullable(),
  /** SUPERSEDED: the certificate that replaced this one (a renewal or a new version). */
  supersededBy: Id24.nullable(),
  /**
   * Git sources: true when the default branch's SKILL.md no longer hashes to `skillHash` (the certificate
   * still covers the bytes it was sealed for); false when it does; null when not checked or unreadable.
   */
  sourceStale: z.boolean().nullable(),
  views: z.number().int(),
  pin: Pin,
});
export type VerifyResponse = z.infer<typeof VerifyResponse>;
