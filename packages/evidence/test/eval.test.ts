import { describe, expect, it } from 'vitest';
import { summarize, wilson } from '../scripts/eval.js';
import type { SampleResult } from '../scripts/eval.js';

describe('eval statistics', () => {
  it('computes Wilson 95% intervals', () => {
    const a = wilson(17, 17);
    expect(a.p).toBe(1);
    expect(a.lo).toBeCloseTo(0.816, 3);
    expect(a.hi).toBe(1);
    const b = wilson(0, 14);
    expect(b.lo).toBe(0);
    expect(b.hi).toBeCloseTo(0.215, 3);
    const c = wilson(5, 10);
    expect(c.lo).toBeCloseTo(0.2366, 3);
    expect(c.hi).toBeCloseTo(0.7634, 3);
    expect(wilson(0, 0)).toEqual({ p: 0, lo: 0, hi: 1 });
  });

  it('summarises recall and false-positive rates per label and category', () => {
    const mk = (label: string, category: string, flagged: boolean): SampleResult => ({
      id: `${label}-${category}-${String(flagged)}`,
      label,
      category,
      flagged,
      blocked: flagged,
      highRisk: flagged ? 1 : 0,
      promptInjection: 0,
      secrets: 0,
      risk: flagged ? 'HIGH' : 'LOW',
      reasons: [],
      ms: 1,
    });
    const s = summarize([mk('malicious', 'a', true), mk('malicious', 'b', false), mk('benign', 'none', false), mk('dual-use', 'none', true)]);
    expect([s.recall.k, s.recall.n]).toEqual([1, 2]);
    expect([s.benignFp.k, s.benignFp.n]).toEqual([0, 1]);
    expect([s.dualUseFp.k, s.dualUseFp.n]).toEqual([1, 1]);
    expect(s.categories.map((c) => `${c.label}/${c.category}:${c.flagged}/${c.n}`)).toEqual([
      'benign/none:0/1',
      'dual-use/none:1/1',
      'malicious/a:1/1',
      'malicious/b:0/1',
    ]);
  });
});
