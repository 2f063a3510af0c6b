import { boolean, doublePrecision, index, integer, jsonb, numeric, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Phase } from '@sigma/core/enums';
import { ConsensusOutcome, RoundDecidedBy, RoundStatus, RoundType, SeatStatus, Severity, TriggerSource, VerdictValue } from '@sigma/core/enums';
import type { SamplingSettings, VerdictFinding } from '@sigma/core';
import { oneOf, sigma, ts } from './common.js';
import { submissions } from './submissions.js';

export const validators = sigma.table(
  'validators',
  {
    id: text('id').primaryKey(),
    ownerAddress: text('owner_address').notNull(),
    sessionAddress: text('session_address').notNull(),
    /** Developer account that owns this validator, if any: excluded from that developer's panels. */
    ownerDeveloperId: text('owner_developer_id'),
    /** 'managed' (server-side reviewer or model) or 'self-hosted' (commit–reveal over the agent API). */
    mode: text('mode').notNull().default('managed'),
    modelProvider: text('model_provider').notNull(),
    modelId: text('model_id').notNull(),
    modelFamily: text('model_family').notNull(),
    sampling: jsonb('sampling').$type<SamplingSettings>().notNull(),
    status: text('status').notNull(),
    /** SBYTE in wei (18 decimals) as a decimal string. */
    stake: numeric('stake', { precision: 78, scale: 0 }).notNull(),
    reputation: integer('reputation').notNull(),
    auditAccuracy: doublePrecision('audit_accuracy').notNull(),
    governanceWeight: doublePrecision('governance_weight').notNull(),
    pluginCreatorBonus: doublePrecision('plugin_creator_bonus').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('validators_session_uq').on(t.sessionAddress), index('validators_owner_idx').on(t.ownerAddress)],
);

export const rounds = sigma.table(
  'rounds',
  {
    id: text('id').primaryKey(),
    submissionId: text('submission_id')
      .notNull()
      .references(() => submissions.id),
    roundType: text('round_type').$type<RoundType>().notNull(),
    triggerSource: text('trigger_source').$type<TriggerSource>().notNull(),
    roundNumber: integer('round_number').notNull(),
    status: text('status').$type<RoundStatus>().notNull(),
    /** The current phase (1, 2, 3 = escalation assembly). */
    phase: integer('phase').notNull(),
    /** Hex seed of the panel draws; with the candidate list it re-derives every panel. */
    seed: text('seed').notNull(),
    /** Per-round nonce that fences untrusted content in prompts. */
    promptNonce: text('prompt_nonce').notNull(),
    policyVersion: text('policy_version'),
    outcome: text('outcome').$type<ConsensusOutcome>(),
    outcomeReasons: jsonb('outcome_reasons').$type<string[]>().notNull().default([]),
    decidedBy: text('decided_by').$type<RoundDecidedBy>(),
    diversityNotes: jsonb('diversity_notes').$type<string[]>().notNull().default([]),
    /** Candidates considered per phase, for audit: [{phase, candidates:[{validatorId, weight}]}]. */
    drawLog: jsonb('draw_log').$type<unknown[]>().notNull().default([]),
    openedAt: ts('opened_at').notNull().defaultNow(),
    closedAt: ts('closed_at'),
    /** REAUDIT: the certificate under re-audit (its outcome restores or revokes it). */
    certificateId: text('certificate_id'),
  },
  (t) => [
    uniqueIndex('rounds_submission_number_uq').on(t.submissionId, t.roundNumber),
    oneOf('rounds_status_ck', t.status, RoundStatus.options),
    oneOf('rounds_round_type_ck', t.roundType, RoundType.options),
    oneOf('rounds_trigger_source_ck', t.triggerSource, TriggerSource.options),
    oneOf('rounds_outcome_ck', t.outcome, ConsensusOutcome.options),
    oneOf('rounds_decided_by_ck', t.decidedBy, RoundDecidedBy.options),
  ],
);

export const seats = sigma.table(
  'seats',
  {
    id: text('id').primaryKey(),
    roundId: text('round_id')
      .notNull()
      .references(() => rounds.id),
    validatorId: text('validator_id')
      .notNull()
      .references(() => validators.id),
    phase: integer('phase').$type<Phase>().notNull(),
    status: text('status').$type<SeatStatus>().notNull(),
    verdict: text('verdict').$type<VerdictValue>(),
    blocking: boolean('blocking').notNull().default(false),
    severity: text('severity').$type<Severity>(),
    rationale: text('rationale').notNull().default(''),
    findings: jsonb('findings').$type<VerdictFinding[]>().notNull().default([]),
    modelFamily: text('model_family').notNull(),
    modelId: text('model_id').notNull(),
    sampling: jsonb('sampling').$type<SamplingSettings>().notNull(),
    weight: doublePrecision('weight').notNull(),
    attempts: integer('attempts').notNull().default(0),
    replacesSeatId: text('replaces_seat_id'),
    /** Self-hosted validators: keccak256 commitment of the verdict, then the reveal (commit–reveal). */
    commitment: text('commitment'),
    committedAt: ts('committed_at'),
    commitDeadline: ts('commit_deadline'),
    revealDeadline: ts('reveal_deadline'),
    revealedAt: ts('revealed_at'),
    revealSignature: text('reveal_signature'),
    createdAt: ts('created_at').notNull().defaultNow(),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    uniqueIndex('seats_round_validator_uq').on(t.roundId, t.validatorId),
    index('seats_round_phase_idx').on(t.roundId, t.phase),
    oneOf('seats_status_ck', t.status, SeatStatus.options),
    oneOf('seats_verdict_ck', t.verdict, VerdictValue.options),
    oneOf('seats_severity_ck', t.severity, Severity.options),
  ],
);

/** Every change of a validator's standing, with its reason (SPEC §5.6). */
export const standingHistory = sigma.table(
  'standing_history',
  {
    id: text('id').primaryKey(),
    validatorId: text('validator_id')
      .notNull()
      .references(() => validators.id),
    at: ts('at').notNull().defaultNow(),
    /** alignment | misalignment | abstain | timeout | sanction | reinstate | stake | canary | status */
    kind: text('kind').notNull(),
    roundId: text('round_id'),
    reputationBefore: integer('reputation_before').notNull(),
    reputationAfter: integer('reputation_after').notNull(),
    accuracyBefore: doublePrecision('accuracy_before').notNull(),
    accuracyAfter: doublePrecision('accuracy_after').notNull(),
    weightBefore: doublePrecision('weight_before').notNull(),
    weightAfter: doublePrecision('weight_after').notNull(),
    statusAfter: text('status_after').notNull(),
    reason: text('reason').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [index('standing_history_validator_idx').on(t.validatorId, t.at), uniqueIndex('standing_history_round_uq').on(t.validatorId, t.roundId, t.kind)],
);
