import { and, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { llmCalls } from '../db/schema/index.js';
import type { UsageGroupBy, UsageReport as UsageReportOut, UsageRow } from '@sigma/core';

/** LLM usage and cost (SPEC §5, §11 "usage and LLM finance"), read from `sigma_usage.llm_calls`. */
export type { UsageGroupBy, UsageRow };
/** The report without its currency tag (the route adds it). */
export type UsageReport = Omit<UsageReportOut, 'currency'>;

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Usage between `from` (inclusive) and `to` (exclusive), grouped by model, validator or UTC day; most expensive first. */
export async function usageReport(db: DbOrTx, opts: { groupBy: UsageGroupBy; from: Date; to: Date }): Promise<UsageReport> {
  const day = sql<string>`to_char(${llmCalls.at} at time zone 'UTC', 'YYYY-MM-DD')`;
  const keys: Record<UsageGroupBy, SQL[]> = {
    model: [sql`${llmCalls.provider}`, sql`${llmCalls.model}`, sql`${llmCalls.modelFamily}`],
    validator: [sql`${llmCalls.validatorId}`],
    day: [day],
  };
  const g = keys[opts.groupBy];
  const rows = await db
    .select({
      provider: opts.groupBy === 'model' ? sql<string>`${llmCalls.provider}` : sql<null>`null`,
      model: opts.groupBy === 'model' ? sql<string>`${llmCalls.model}` : sql<null>`null`,
      modelFamily: opts.groupBy === 'model' ? sql<string>`${llmCalls.modelFamily}` : sql<null>`null`,
      validatorId: opts.groupBy === 'validator' ? sql<string | null>`${llmCalls.validatorId}` : sql<null>`null`,
      day: opts.groupBy === 'day' ? day : sql<null>`null`,
      calls: sql<number>`count(*)::int`,
      failedCalls: sql<number>`(count(*) filter (where ${llmCalls.status} <> 'ok'))::int`,
      tokensIn: sql<string>`coalesce(sum(${llmCalls.tokensIn}), 0)::bigint`,
      tokensOut: sql<string>`coalesce(sum(${llmCalls.tokensOut}), 0)::bigint`,
      cost: sql<string>`coalesce(sum(${llmCalls.costMicroUsd}), 0)::bigint`,
      p50: sql<number>`percentile_cont(0.5) within group (order by ${llmCalls.latencyMs})`,
      p95: sql<number>`percentile_cont(0.95) within group (order by ${llmCalls.latencyMs})`,
      p99: sql<number>`percentile_cont(0.99) within group (order by ${llmCalls.latencyMs})`,
      max: sql<number>`max(${llmCalls.latencyMs})`,
    })
    .from(llmCalls)
    .where(and(gte(llmCalls.at, opts.from), lt(llmCalls.at, opts.to)))
    .groupBy(...g);
  const out: UsageRow[] = rows.map((r) => ({
    key: opts.groupBy === 'model' ? `${r.provider}:${r.model}` : opts.groupBy === 'validator' ? (r.validatorId ?? '(none)') : r.day!,
    provider: r.provider,
    model: r.model,
    modelFamily: r.modelFamily,
    validatorId: r.validatorId,
    day: r.day,
    calls: num(r.calls),
    failedCalls: num(r.failedCalls),
    tokensIn: num(r.tokensIn),
    tokensOut: num(r.tokensOut),
    costMicroUsd: num(r.cost),
    latencyMs: { p50: Math.round(num(r.p50)), p95: Math.round(num(r.p95)), p99: Math.round(num(r.p99)), max: num(r.max) },
  }));
  out.sort((a, b) => (opts.groupBy === 'day' ? (a.key < b.key ? -1 : 1) : b.costMicroUsd - a.costMicroUsd || b.calls - a.calls || (a.key < b.key ? -1 : 1)));
  const totals = out.reduce(
    (t, r) => ({
      calls: t.calls + r.calls,
      failedCalls: t.failedCalls + r.failedCalls,
      tokensIn: t.tokensIn + r.tokensIn,
      tokensOut: t.tokensOut + r.tokensOut,
      costMicroUsd: t.costMicroUsd + r.costMicroUsd,
    }),
    { calls: 0, failedCalls: 0, tokensIn: 0, tokensOut: 0, costMicroUsd: 0 },
  );
  return { groupBy: opts.groupBy, from: opts.from.toISOString(), to: opts.to.toISOString(), rows: out, totals };
}
