import { bigint, index, integer, text } from 'drizzle-orm/pg-core';
import { sigmaUsage, ts } from './common.js';

/** One row per model call (offline reviewers included, at zero cost). */
export const llmCalls = sigmaUsage.table(
  'llm_calls',
  {
    id: text('id').primaryKey(),
    at: ts('at').notNull().defaultNow(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    modelFamily: text('model_family').notNull(),
    validatorId: text('validator_id'),
    roundId: text('round_id'),
    seatId: text('seat_id'),
    phase: integer('phase'),
    purpose: text('purpose').notNull(),
    status: text('status').notNull(), // ok | malformed | error | timeout
    tokensIn: integer('tokens_in').notNull(),
    tokensOut: integer('tokens_out').notNull(),
    /** Cost in micro-USD (1e-6 USD), integer. */
    costMicroUsd: bigint('cost_micro_usd', { mode: 'number' }).notNull(),
    latencyMs: integer('latency_ms').notNull(),
  },
  (t) => [index('llm_calls_at_idx').on(t.at), index('llm_calls_validator_idx').on(t.validatorId)],
);

/** The model catalogue (ids, families, prices), refreshed by the `models.sync` job. */
export const modelCatalogue = sigmaUsage.table('model_catalogue', {
  id: text('id').primaryKey(), // `${provider}:${modelId}`
  provider: text('provider').notNull(),
  modelId: text('model_id').notNull(),
  family: text('family').notNull(),
  /** Micro-USD per million tokens. */
  priceInPerMTok: bigint('price_in_per_mtok', { mode: 'number' }).notNull(),
  priceOutPerMTok: bigint('price_out_per_mtok', { mode: 'number' }).notNull(),
  contextLength: integer('context_length'),
  source: text('source').notNull(), // provider | bundled
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
