import { z } from 'zod';

export const ProductType = z.enum(['SKILL', 'API', 'SKILL_API', 'CODE', 'CODE_PACKAGES', 'SKILL_CODE', 'SKILL_CODE_PACKAGES', 'SKILL_API_CODE_PACKAGES']);
export type ProductType = z.infer<typeof ProductType>;

export const SubmissionStatus = z.enum(['DRAFT', 'QUOTED', 'PAID', 'SUBMITTED', 'SANDBOX', 'IN_AUDIT', 'APPROVED', 'REJECTED', 'ESCALATED']);
export type SubmissionStatus = z.infer<typeof SubmissionStatus>;
export const TERMINAL_SUBMISSION_STATUSES: readonly SubmissionStatus[] = ['APPROVED', 'REJECTED'];

export const Severity = z.enum(['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
export type Severity = z.infer<typeof Severity>;
export const SEVERITY_RANK: Record<Severity, number> = { INFO: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

export const RiskLevel = z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
export type RiskLevel = z.infer<typeof RiskLevel>;

export const Confidence = z.enum(['LOW', 'MEDIUM', 'HIGH']);
export type Confidence = z.infer<typeof Confidence>;

export const VerdictValue = z.enum(['SAFE', 'UNSAFE']);
export type VerdictValue = z.infer<typeof VerdictValue>;

/** How a panel seat ended: a vote, an abstention (malformed output twice), or a timeout. */
export const SeatStatus = z.enum(['PENDING', 'VOTED', 'ABSTAINED', 'TIMED_OUT', 'REPLACED']);
export type SeatStatus = z.infer<typeof SeatStatus>;

export const RoundType = z.enum(['INITIAL_AUDIT', 'REAUDIT', 'MONITORING', 'RENEWAL', 'ESCALATION']);
export type RoundType = z.infer<typeof RoundType>;

export const TriggerSource = z.enum(['SUBMISSION', 'FLAG', 'MONITOR', 'RENEWAL', 'OPERATOR']);
export type TriggerSource = z.infer<typeof TriggerSource>;

/** A round is OPEN until it is settled and closed; its outcome may be recorded before it closes (APPROVE waits for the seal). */
export const RoundStatus = z.enum(['OPEN', 'CLOSED']);
export type RoundStatus = z.infer<typeof RoundStatus>;

/** Who settled a round: the assembly's consensus, the escalation assembly, an operator, or a canary's known label. */
export const RoundDecidedBy = z.enum(['CONSENSUS', 'ESCALATION_ASSEMBLY', 'OPERATOR', 'CANARY_LABEL']);
export type RoundDecidedBy = z.infer<typeof RoundDecidedBy>;

/** Phase 1 and 2 are the normal assembly; phase 3 is the escalation assembly. */
export const Phase = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type Phase = z.infer<typeof Phase>;

export const ConsensusOutcome = z.enum(['APPROVE', 'REJECT', 'ESCALATE']);
export type ConsensusOutcome = z.infer<typeof ConsensusOutcome>;

export const ValidatorStatus = z.enum(['PENDING', 'ACTIVE', 'SUSPENDED', 'RETIRED']);
export type ValidatorStatus = z.infer<typeof ValidatorStatus>;

export const CertificateStatus = z.enum(['APPROVED', 'SUSPENDED', 'REVOKED', 'EXPIRED', 'SUPERSEDED']);
export type CertificateStatus = z.infer<typeof CertificateStatus>;

export const SecurityLevel = z.enum(['CLEAR', 'CAUTION']);
export type SecurityLevel = z.infer<typeof SecurityLevel>;

export const SourceType = z.enum(['upload', 'git']);
export type SourceType = z.infer<typeof SourceType>;

export const EndpointStatus = z.enum(['PASSED', 'FAILED', 'PARTIAL', 'SKIPPED']);
export type EndpointStatus = z.infer<typeof EndpointStatus>;
