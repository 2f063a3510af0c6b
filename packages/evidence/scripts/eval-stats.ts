/**
 * The arithmetic of the evaluation, shared by the static-engine eval (this package) and the council
 * eval (`scripts/eval.ts` at the repository root): Wilson intervals, per-label rates, the per-category
 * table, twin discrimination and timing quantiles. Pure: no I/O, no engine.
 */

/** One judged sample: what the manifest says it is and whether the judge (engine or council) caught it. */
export interface Scored {
  id: string;
  label: string;
  category: string;
  /** The manifest's `pair_id` (twin pairs), or null. */
  pairId?: string | null;
  flagged: boolean;
}

export interface Rate {
  k: number;
  n: number;
  p: number;
  lo: number;
  hi: number;
}

export interface CategoryRow {
  label: string;
  category: string;
  n: number;
  flagged: number;
}

export interface TwinPair {
  pairId: string;
  members: Array<{ id: string; label: string; flagged: boolean }>;
  /** Every malicious member flagged and every other member not flagged. */
  discriminated: boolean;
}

export interface TwinSummary {
  /** Complete pairs: at least one malicious and at least one non-malicious member. */
  pairs: number;
  discriminated: number;
  /** Pairs whose malicious twin was flagged but whose look-alike was flagged too. */
  bothFlagged: number;
  /** Pairs where neither twin was flagged. */
  neitherFlagged: number;
  /** Pairs where only the look-alike was flagged. */
  inverted: number;
  /** pair_ids that do not form a complete pair (reported, never counted). */
  incomplete: string[];
  list: TwinPair[];
}

export const LABELS = ['malicious', 'benign', 'dual-use'] as const;

/** Wilson score interval for k successes in n trials (95%). */
export function wilson(k: number, n: number, z = 1.959964): { p: number; lo: number; hi: number } {
  if (n === 0) return { p: 0, lo: 0, hi: 1 };
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = p + (z * z) / (2 * n);
  const m = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return { p, lo: Math.max(0, (c - m) / d), hi: Math.min(1, (c + m) / d) };
}

/** Flagged share of the samples with `label`, with its Wilson interval. */
export function rateOf(results: Scored[], label: string, hit: (r: Scored) => boolean = (r) => r.flagged): Rate {
  const xs = results.filter((r) => r.label === label);
  const k = xs.filter(hit).length;
  return { k, n: xs.length, ...wilson(k, xs.length) };
}

export function categoryTable(results: Scored[]): CategoryRow[] {
  const cats = new Map<string, CategoryRow>();
  for (const r of results) {
    const key = `${r.label}\u0000${r.category}`;
    const c = cats.get(key) ?? { label: r.label, category: r.category, n: 0, flagged: 0 };
    c.n++;
    if (r.flagged) c.flagged++;
    cats.set(key, c);
  }
  return [...cats.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : a.category < b.category ? -1 : 1));
}

/**
 * Twin discrimination. A pair (the samples sharing a `pair_id`) is discriminated when every
 * malicious member is flagged and no benign or dual-use member is; a pair without both kinds of
 * member is incomplete and is listed, not counted.
 */
export function twins(results: Scored[]): TwinSummary {
  const groups = new Map<string, Scored[]>();
  for (const r of results) {
    if (!r.pairId) continue;
    groups.set(r.pairId, [...(groups.get(r.pairId) ?? []), r]);
  }
  const out: TwinSummary = { pairs: 0, discriminated: 0, bothFlagged: 0, neitherFlagged: 0, inverted: 0, incomplete: [], list: [] };
  for (const [pairId, members] of [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const bad = members.filter((m) => m.label === 'malicious');
    const good = members.filter((m) => m.label !== 'malicious');
    if (bad.length === 0 || good.length === 0) {
      out.incomplete.push(pairId);
      continue;
    }
    const badCaught = bad.every((m) => m.flagged);
    const goodClear = good.every((m) => !m.flagged);
    const discriminated = badCaught && goodClear;
    out.pairs++;
    if (discriminated) out.discriminated++;
    else if (badCaught) out.bothFlagged++;
    else if (goodClear) out.neitherFlagged++;
    else out.inverted++;
    out.list.push({ pairId, members: members.map((m) => ({ id: m.id, label: m.label, flagged: m.flagged })), discriminated });
  }
  return out;
}

/** Nearest-rank quantile (q in (0, 1]) of the values; 0 for none. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const xs = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * xs.length));
  return xs[rank - 1]!;
}

/** Median as the mean of the two middle values for an even count. */
export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const xs = [...values].sort((a, b) => a - b);
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
}

export const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** `k/n  p%  [lo%, hi%]`, aligned for tables. */
export function fmtRate(r: Rate): string {
  return `${`${r.k}/${r.n}`.padStart(7)} ${pct(r.p).padStart(6)} [${pct(r.lo)}, ${pct(r.hi)}]`;
}
