/** Display helpers: dates, hashes, counts. Pure, so they are unit-tested. */

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' UTC');
}

export function shortHash(hash: string | null | undefined, keep = 10): string {
  if (!hash) return '—';
  return hash.length <= keep * 2 + 1 ? hash : `${hash.slice(0, keep)}…${hash.slice(-6)}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export const SEVERITY_ORDER = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'] as const;

/** Sort by severity, most severe first (unknown severities last), stable otherwise. */
export function bySeverity<T extends { severity: string | null }>(items: readonly T[]): T[] {
  const rank = (s: string | null) => {
    const i = SEVERITY_ORDER.indexOf((s ?? '') as (typeof SEVERITY_ORDER)[number]);
    return i < 0 ? SEVERITY_ORDER.length : i;
  };
  return [...items]
    .map((x, i) => ({ x, i }))
    .sort((a, b) => rank(a.x.severity) - rank(b.x.severity) || a.i - b.i)
    .map((e) => e.x);
}

/** Group items by a numeric key, keys ascending. */
export function groupBy<T>(items: readonly T[], key: (item: T) => number): Array<{ key: number; items: T[] }> {
  const map = new Map<number, T[]>();
  for (const it of items) {
    const k = key(it);
    map.set(k, [...(map.get(k) ?? []), it]);
  }
  return [...map.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => ({ key: k, items: v }));
}

export const PHASE_NAMES: Record<number, string> = { 1: 'Phase 1 — first panel', 2: 'Phase 2 — fresh panel', 3: 'Escalation assembly' };
export const phaseName = (p: number) => PHASE_NAMES[p] ?? `Phase ${p}`;
