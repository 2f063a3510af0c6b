import { describe, expect, it } from 'vitest';
import { fillDays, standingSeries, type StandingChange, type UsageRow } from './series';

const change = (at: string, before: number, after: number, wBefore: number, wAfter: number, id = at): StandingChange => ({
  id,
  at,
  kind: 'round',
  roundId: null,
  reputationBefore: before,
  reputationAfter: after,
  accuracyBefore: 0.5,
  accuracyAfter: 0.5,
  weightBefore: wBefore,
  weightAfter: wAfter,
  statusAfter: 'ACTIVE',
  reason: '',
  data: null,
});

describe('standing series', () => {
  it('puts newest-first history in time order, starting from the value before the first change and ending now', () => {
    const history = [change('2026-11-02T00:00:00Z', 505, 305, 0.51, 0.3), change('2026-11-01T00:00:00Z', 500, 505, 0.5, 0.51)];
    const now = Date.parse('2026-11-03T00:00:00Z');
    const s = standingSeries(history, { reputation: 305, governanceWeight: 0.3 }, now);
    expect(s.reputation.map((p) => p.v)).toEqual([500, 505, 305, 305]);
    expect(s.weight.map((p) => p.v)).toEqual([0.5, 0.51, 0.3, 0.3]);
    expect(s.reputation.map((p) => p.t)).toEqual([
      Date.parse('2026-11-01T00:00:00Z'),
      Date.parse('2026-11-01T00:00:00Z'),
      Date.parse('2026-11-02T00:00:00Z'),
      now,
    ]);
  });

  it('is a single point without history', () => {
    expect(standingSeries([], { reputation: 500, governanceWeight: 0.5 }, 1000)).toEqual({ reputation: [{ t: 1000, v: 500 }], weight: [{ t: 1000, v: 0.5 }] });
  });
});

describe('usage per day', () => {
  const row = (day: string, calls: number, cost: number): UsageRow => ({
    key: day,
    provider: null,
    model: null,
    modelFamily: null,
    validatorId: null,
    day,
    calls,
    failedCalls: 1,
    tokensIn: 10,
    tokensOut: 5,
    costMicroUsd: cost,
    latencyMs: { p50: 1, p95: 2, p99: 3, max: 4 },
  });
  it('fills quiet days with zeros over [from, to)', () => {
    const days = fillDays([row('2026-11-02', 4, 300)], '2026-11-01T12:00:00.000Z', '2026-11-04T12:00:00.000Z');
    expect(days.map((d) => d.day)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04']);
    expect(days.map((d) => d.calls)).toEqual([0, 4, 0, 0]);
    expect(days[1]).toMatchObject({ costMicroUsd: 300, failedCalls: 1 });
  });
  it('excludes the day `to` starts when `to` is midnight', () => {
    expect(fillDays([], '2026-11-01', '2026-11-03T00:00:00Z').map((d) => d.day)).toEqual(['2026-11-01', '2026-11-02']);
  });
});
