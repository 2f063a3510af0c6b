import { describe, expect, it } from 'vitest';
import { drawPanel, uniform, type Candidate } from './selection.js';

const cands = (n: number, families = ['a', 'b', 'c']): Candidate[] =>
  Array.from({ length: n }, (_, i) => ({
    validatorId: `v${String(i).padStart(2, '0')}`,
    ownerAddress: `0x${String(i).padStart(40, '0')}`,
    modelFamily: families[i % families.length]!,
    weight: 1,
  }));

describe('drawPanel', () => {
  it('is deterministic for a seed and independent of candidate order', () => {
    const c = cands(9);
    const a = drawPanel({ seed: 's1', label: '1', candidates: c, size: 3 });
    const b = drawPanel({ seed: 's1', label: '1', candidates: [...c].reverse(), size: 3 });
    expect(a.panel.map((x) => x.validatorId)).toEqual(b.panel.map((x) => x.validatorId));
    const other = Array.from({ length: 20 }, (_, i) =>
      drawPanel({ seed: `s${i}`, label: '1', candidates: c, size: 3 })
        .panel.map((x) => x.validatorId)
        .join(),
    );
    expect(new Set(other).size).toBeGreaterThan(5);
  });

  it('maximises distinct families and owners, and honours exclusions', () => {
    const c = cands(9);
    c[1]!.ownerAddress = c[0]!.ownerAddress; // same owner twice
    for (let s = 0; s < 50; s++) {
      const r = drawPanel({ seed: `x${s}`, label: '1', candidates: c, size: 3, exclude: new Set(['v02']) });
      expect(new Set(r.panel.map((p) => p.modelFamily)).size).toBe(3);
      expect(new Set(r.panel.map((p) => p.ownerAddress)).size).toBe(3);
      expect(r.panel.map((p) => p.validatorId)).not.toContain('v02');
    }
  });

  it('prefers families unused in earlier phases and records when diversity cannot be met', () => {
    const c = cands(6, ['a', 'a', 'b', 'b', 'c', 'c']);
    const r = drawPanel({ seed: 'p2', label: '2', candidates: c, size: 2, usedFamilies: new Set(['a', 'b']) });
    expect(r.panel.map((p) => p.modelFamily)).toContain('c');
    expect(r.notes.some((n) => n.includes('diversity goal not met'))).toBe(true);
    const one = drawPanel({ seed: 'p2', label: '2', candidates: cands(4, ['z']), size: 2, usedFamilies: new Set(['z']) });
    expect(one.notes.join()).toMatch(/diversity goal not met/);
  });

  it('draws heavier validators proportionally more often', () => {
    const c = cands(4, ['a']);
    c[0]!.weight = 4;
    const counts = new Map<string, number>();
    for (let s = 0; s < 4000; s++) {
      const id = drawPanel({ seed: `w${s}`, label: '1', candidates: c, size: 1 }).panel[0]!.validatorId;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    // Expected share of v00: 4/7 ≈ 0.571
    expect((counts.get('v00') ?? 0) / 4000).toBeGreaterThan(0.52);
    expect((counts.get('v00') ?? 0) / 4000).toBeLessThan(0.62);
  });

  it('reports a short panel and never seats zero-weight validators', () => {
    const c = cands(3);
    c[0]!.weight = 0;
    const r = drawPanel({ seed: 's', label: '1', candidates: c, size: 3 });
    expect(r.panel).toHaveLength(2);
    expect(r.notes[0]).toMatch(/only 2 of 3/);
  });

  it('uniform stays inside (0,1)', () => {
    for (let i = 0; i < 1000; i++) {
      const u = uniform('s', 'l', `v${i}`);
      expect(u).toBeGreaterThan(0);
      expect(u).toBeLessThan(1);
    }
  });
});
