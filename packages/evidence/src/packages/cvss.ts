/** CVSS v3.0/v3.1 base score from a vector string (FIRST specification, section 7.1); null when malformed. */

const W = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  C: { H: 0.56, L: 0.22, N: 0 },
} as const;

/** Round up to one decimal, as the specification's Roundup (avoids floating-point artefacts). */
function roundup(x: number): number {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}

export function cvss3Score(vector: string): number | null {
  const m = /^CVSS:3\.[01]\/(.+)$/.exec(vector.trim());
  if (!m) return null;
  const v = new Map<string, string>();
  for (const part of m[1]!.split('/')) {
    const [k, val] = part.split(':');
    if (k && val) v.set(k, val);
  }
  const av = W.AV[v.get('AV') as keyof typeof W.AV];
  const ac = W.AC[v.get('AC') as keyof typeof W.AC];
  const ui = W.UI[v.get('UI') as keyof typeof W.UI];
  const scope = v.get('S');
  const prRaw = v.get('PR');
  const cia = ['C', 'I', 'A'].map((k) => W.C[v.get(k) as keyof typeof W.C]);
  if (av === undefined || ac === undefined || ui === undefined || (scope !== 'U' && scope !== 'C') || cia.some((x) => x === undefined)) return null;
  const changed = scope === 'C';
  const pr = prRaw === 'N' ? 0.85 : prRaw === 'L' ? (changed ? 0.68 : 0.62) : prRaw === 'H' ? (changed ? 0.5 : 0.27) : undefined;
  if (pr === undefined) return null;
  const [c, i, a] = cia as [number, number, number];
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const exploitability = 8.22 * av * ac * pr * ui;
  if (impact <= 0) return 0;
  return changed ? roundup(Math.min(1.08 * (impact + exploitability), 10)) : roundup(Math.min(impact + exploitability, 10));
}
