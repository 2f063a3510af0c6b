import { z } from 'zod';
import { ConsensusOutcome, Phase, RoundStatus, RoundType, SeatStatus, Severity, TriggerSource, VerdictValue } from '../enums.js';

export const Address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x-prefixed 20-byte address');
export type Address = z.infer<typeof Address>;

export const SamplingSettings = z.object({
  temperature: z.number().nullable(),
  topP: z.number().nullable(),
  seed: z.number().int().nullable(),
  maxTokens: z.number().int().nullable(),
});
export type SamplingSettings = z.infer<typeof SamplingSettings>;

export const VerdictFinding = z.object({
  /** Evidence finding ids (`EvidenceReport.findings[].id`) or evidence field names this cites. */
  evidenceIds: z.array(z.string()),
  severity: Severity,
  summary: z.string(),
});
export type VerdictFinding = z.infer<typeof VerdictFinding>;

/** What a reviewer returns: the strict output schema of every verdict (offline or model). */
export const VerdictOutput = z
  .object({
    verdict: VerdictValue,
    blocking: z.boolean(),
    severity: Severity,
    findings: z.array(VerdictFinding).max(50),
    rationale: z.string().min(1).max(4000),
  })
  .strict();
export type VerdictOutput = z.infer<typeof VerdictOutput>;

/** One seat of a panel as recorded in the round. */
export const RoundVerdict = z.object({
  validatorId: z.string(),
  ownerAddress: Address,
  sessionAddress: Address,
  phase: Phase,
  status: SeatStatus,
  verdict: VerdictValue.nullable(),
  blocking: z.boolean(),
  severity: Severity.nullable(),
  rationale: z.string(),
  findings: z.array(VerdictFinding),
  modelFamily: z.string(),
  modelId: z.string(),
  sampling: SamplingSettings,
  weight: z.number(),
  decidedAt: z.string().nullable(),
});
export type RoundVerdict = z.infer<typeof RoundVerdict>;

export const RoundView = z.object({
  roundId: z.string(),
  roundType: RoundType,
  triggerSource: TriggerSource,
  roundNumber: z.number().int().positive(),
  status: RoundStatus,
  seed: z.string(),
  policyVersion: z.string().nullable(),
  outcome: ConsensusOutcome.nullable(),
  outcomeReasons: z.array(z.string()),
  diversityNotes: z.array(z.string()),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  verdicts: z.array(RoundVerdict),
});
export type RoundView = z.infer<typeof RoundView>;
