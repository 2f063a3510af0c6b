import { z } from 'zod';

/** LLM usage and cost (`GET /api/v1/operator/usage`), one schema for the server, the route and the console. */
export const UsageGroupBy = z.enum(['model', 'validator', 'day']);
export type UsageGroupBy = z.infer<typeof UsageGroupBy>;

export const UsageRow = z.object({
  key: z.string(),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  modelFamily: z.string().nullable(),
  validatorId: z.string().nullable(),
  day: z.string().nullable(),
  calls: z.number(),
  /** Calls whose answer was not a usable verdict (malformed, error, timeout). */
  failedCalls: z.number(),
  tokensIn: z.number(),
  tokensOut: z.number(),
  /** Integer micro-USD (1e-6 USD). */
  costMicroUsd: z.number(),
  latencyMs: z.object({ p50: z.number(), p95: z.number(), p99: z.number(), max: z.number() }),
});
export type UsageRow = z.infer<typeof UsageRow>;

export const UsageTotals = z.object({ calls: z.number(), failedCalls: z.number(), tokensIn: z.number(), tokensOut: z.number(), costMicroUsd: z.number() });

export const UsageReport = z.object({
  groupBy: UsageGroupBy,
  from: z.string(),
  to: z.string(),
  currency: z.literal('micro-USD'),
  rows: z.array(UsageRow),
  totals: UsageTotals,
});
export type UsageReport = z.infer<typeof UsageReport>;
