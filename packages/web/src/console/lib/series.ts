import type { Point } from '../../components/Chart';
import type { Get } from '../../lib/api';

/** One row of `GET /api/v1/operator/validators/{id}/history` (newest first). */
export type StandingChange = Get<'/api/v1/operator/validators/{id}/history'>['history'][number];
/** `GET /api/v1/operator/usage`: totals and one row per group. */
export type UsageReport = Get<'/api/v1/operator/usage'>;
export type UsageRow = UsageReport['rows'][number];

/**
 * Reputation and weight over time from the standing history (newest first, as the API sends it):
 * the value before the oldest change, every change, and the current value now, in time order.
 * Without history it is one point: the current value.
 */
export function standingSeries(
  history: readonly StandingChange[],
  current: { reputation: number; governanceWeight: number },
  now: number,
): { reputation: Point[]; weight: Point[] } {
  const asc = [...history].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id));
  const reputation: Point[] = [];
  const weight: Point[] = [];
  if (asc.length > 0) {
    const t0 = Date.parse(asc[0]!.at);
    reputation.push({ t: t0, v: asc[0]!.reputationBefore });
    weight.push({ t: t0, v: asc[0]!.weightBefore });
  }
  for (const h of asc) {
    const t = Date.parse(h.at);
    reputation.push({ t, v: h.reputationAfter });
    weight.push({ t, v: h.weightAfter });
  }
  const tEnd = Math.max(now, reputation.length ? reputation[reputation.length - 1]!.t : now);
  reputation.push({ t: tEnd, v: current.reputation });
  weight.push({ t: tEnd, v: current.governanceWeight });
  return { reputation, weight };
}

const DAY = 86_400_000;

/** The UTC day (`YYYY-MM-DD`) of an instant. */
export const utcDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * Every UTC day of [from, to) with its usage, zero for days without calls, so a chart shows quiet days
 * as quiet instead of leaving them out.
 */
export function fillDays(
  rows: readonly UsageRow[],
  from: string,
  to: string,
): Array<{ day: string; calls: number; failedCalls: number; costMicroUsd: number; tokensIn: number; tokensOut: number }> {
  const byDay = new Map(rows.map((r) => [(r.day ?? r.key).slice(0, 10), r]));
  const start = Date.parse(`${utcDay(Date.parse(from))}T00:00:00Z`);
  const end = Date.parse(to);
  const out = [];
  for (let t = start; t < end && out.length < 400; t += DAY) {
    const day = utcDay(t);
    const r = byDay.get(day);
    out.push({
      day,
      calls: r?.calls ?? 0,
      failedCalls: r?.failedCalls ?? 0,
      costMicroUsd: r?.costMicroUsd ?? 0,
      tokensIn: r?.tokensIn ?? 0,
      tokensOut: r?.tokensOut ?? 0,
    });
  }
  return out;
}
