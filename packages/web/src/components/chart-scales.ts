/** Chart scales and axes for the hand-rolled SVG charts in Chart.tsx: pure, so they are unit-tested. */

/** Scale helpers, pure and tested. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const pow = 10 ** Math.floor(Math.log10(max));
  const n = max / pow;
  const step = n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10;
  return step * pow;
}

/** Axis ticks from 0 to the nice maximum, on round steps (a top of 5, 50, 0.5… gets five steps, others four). */
export function ticks(max: number, count?: number): number[] {
  const top = niceMax(max);
  const lead = Math.round(top / 10 ** Math.floor(Math.log10(top)));
  const n = count ?? (lead === 5 ? 5 : 4);
  return Array.from({ length: n + 1 }, (_, i) => Number(((top * i) / n).toPrecision(12)));
}

/** A linear map from [d0, d1] to [r0, r1]; a zero-width domain maps to the middle of the range. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

export interface Point {
  /** Time in ms since the epoch. */
  t: number;
  v: number;
}

/**
 * An SVG path through `points` as a step line: a value holds until the next change (standing changes
 * are events, not trends). Points must be in time order.
 */
export function stepPath(points: readonly Point[], x: (t: number) => number, y: (v: number) => number): string {
  if (points.length === 0) return '';
  const r = (n: number) => Math.round(n * 10) / 10;
  let d = `M${r(x(points[0]!.t))},${r(y(points[0]!.v))}`;
  for (let i = 1; i < points.length; i++) {
    const p = points[i]!;
    d += ` H${r(x(p.t))} V${r(y(p.v))}`;
  }
  return d;
}

/** `n` evenly spaced indexes into a list of `length` items, always including the first and last. */
export function labelIndexes(length: number, n: number): number[] {
  if (length <= 0) return [];
  if (length <= n) return Array.from({ length }, (_, i) => i);
  const out = new Set<number>();
  for (let i = 0; i < n; i++) out.add(Math.round((i * (length - 1)) / (n - 1)));
  return [...out].sort((a, b) => a - b);
}

/**
 * How to label a time axis spanning `spanMs`: clock time (UTC, with seconds within an hour) within a day and a half, month-day
 * within a year and a half, else year-month.
 */
export function timeLabel(spanMs: number): (t: number) => string {
  if (spanMs < 3_600_000) return (t) => new Date(t).toISOString().slice(11, 19);
  if (spanMs < 36 * 3_600_000) return (t) => new Date(t).toISOString().slice(11, 16);
  if (spanMs < 548 * 86_400_000) return (t) => new Date(t).toISOString().slice(5, 10);
  return (t) => new Date(t).toISOString().slice(0, 7);
}
